from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "danchu.letters"
    label = "letters"
    verbose_name = _("Citizen reception and letters")

    def ready(self) -> None:
        from danchu.core import figures
        from danchu.core.audit import register_verbs
        from danchu.letters import figures as letters_figures

        figures.register("reception", letters_figures.build, order=100)

        register_verbs(
            {
                "reception_session.create": _("recorded a reception session"),
                "visit.create": _("recorded a visit"),
                "visit.answer": _("recorded the answer to a visit"),
                "visit.protect": _("moved a visit's citizens into the identity vault"),
                "vault.revoke": _("ended a designation to open an identity"),
                "vault.rotate": _("re-encrypted the identity vault with a new key"),
                "letter.receive": _("received a letter"),
                "letter.classify": _("classified a letter"),
                "letter.split": _("split a mixed letter into its parts"),
                "letter.assign": _("assigned a letter"),
                "letter.forward": _("forwarded a letter to the competent body"),
                "letter.accept": _("accepted a letter for resolution"),
                "letter.complexity": _("marked a letter complex"),
                "letter.extend": _("extended the resolution time"),
                "letter.suspend": _("suspended the resolution"),
                "letter.resume": _("resumed the resolution"),
                "letter.settle": _("settled a letter"),
                "letter.publish": _("published the conclusion of a denunciation"),
                "letter.escalate": _("escalated an overdue letter to the head"),
                "vault.designate": _("designated a person to open an identity"),
                "vault.open": _("opened a protected identity"),
            }
        )
