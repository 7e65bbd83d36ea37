"""Django's own messages whose Vietnamese translation reads badly ("Nhập một số tổng thể").

Listed here so that ``makemessages`` keeps them in core's catalog, which comes first in
INSTALLED_APPS and so wins over Django's. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a number."),
    gettext_noop("This field is required."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    # django.contrib.auth's catalogue translates "version" as "version" (password hashers).
    gettext_noop("version"),
]
