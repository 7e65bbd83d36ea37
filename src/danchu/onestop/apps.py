from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "danchu.onestop"
    label = "onestop"
    verbose_name = _("One-stop desk")

    def ready(self) -> None:
        from danchu.core import figures
        from danchu.core.audit import register_verbs
        from danchu.onestop import figures as onestop_figures

        figures.register("onestop", onestop_figures.build, order=90)

        register_verbs(
            {
                "procedure.create": _("added a procedure"),
                "procedure.new_version": _("saved a new version of a procedure"),
                "procedure.publish": _("published or unpublished a procedure"),
                "procedure.form_add": _("attached a form to a procedure"),
                "procedure.form_remove": _("removed a form of a procedure"),
                "dossier.receive": _("received a dossier"),
                "dossier.refuse_intake": _("refused to accept a dossier"),
                "dossier.advance": _("handed a dossier to the next step"),
                "dossier.send_back": _("sent a dossier back a step"),
                "dossier.request_supplement": _("asked for a supplement"),
                "dossier.receive_supplement": _("received a supplement"),
                "dossier.suspend": _("suspended a dossier"),
                "dossier.resume": _("resumed a dossier"),
                "dossier.apologise": _("issued an apology slip with a new date"),
                "dossier.approve": _("approved a dossier"),
                "dossier.reject": _("refused a dossier"),
                "dossier.return": _("returned the result"),
                "dossier.withdraw": _("recorded a withdrawal"),
                "dossier.rate": _("rated the service"),
                "dossier.overdue": _("marked a dossier overdue"),
                "demo.history_loaded": _("loaded the demo history"),
            }
        )
