from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "danchu.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from danchu.core.audit import register_verbs
        from danchu.letters import vault

        register_verbs({"portal.notify": _("told the citizen that the letter was answered")})
        vault.register_sealed("portal.Filing", "contact")
