from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "danchu.disclosure"
    label = "disclosure"
    verbose_name = _("Publicity and consultation")

    def ready(self) -> None:
        from danchu.core import figures
        from danchu.core.audit import register_verbs
        from danchu.disclosure import figures as disclosure_figures

        register_verbs(
            {
                "publication.create": _("published a content to staff"),
                "publication.take_down": _("took a publication down"),
                "regulation.create": _("added a regulation"),
                "regulation.version": _("issued a version of a regulation"),
                "dissemination.create": _("required staff to confirm reading"),
                "dissemination.confirm": _("confirmed having read"),
                "dissemination.remind": _("reminded staff to confirm reading"),
                "info_request.create": _("asked for information"),
                "info_request.answer": _("answered a request for information"),
                "consultation.create": _("opened a consultation"),
                "consultation.comment": _("commented on a draft"),
                "consultation.answer": _("answered a comment"),
                "consultation.publish": _("published the summary of a consultation"),
            }
        )
        figures.register("regulations", disclosure_figures.build_regulations, order=10)
        figures.register("publicity", disclosure_figures.build_publicity, order=20)
        figures.register("dissemination", disclosure_figures.build_dissemination, order=30)
        figures.register("consultation", disclosure_figures.build_consultation, order=40)
