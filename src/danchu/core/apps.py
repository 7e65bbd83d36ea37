from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danchu.core"
    label = "core"
    verbose_name = _("Organisation and foundation")

    def ready(self) -> None:
        from danchu.core import auth  # noqa: F401 - connects the login and logout receivers
