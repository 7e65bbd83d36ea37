from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from danchu.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("danchu.onestop.urls")),
    path("", include("danchu.letters.urls")),
    path("", include("danchu.disclosure.urls")),
    path("", include("danchu.tasks.urls")),
    path("", include("danchu.oversight.urls")),
    path("", include("danchu.conference.urls")),
    path("", include("danchu.inspections.urls")),
    path("", include("danchu.reports.urls")),
    path("", include("danchu.portal.urls")),
    path("", include("danchu.core.urls")),
]
if settings.DEBUG or not settings.PRODUCTION:
    # The Django admin is a developer's tool; it is not mounted in production.
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))
