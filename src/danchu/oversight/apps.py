from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "danchu.oversight"
    label = "oversight"
    verbose_name = _("People's Inspection Board")

    def ready(self) -> None:
        from danchu.core import attention, figures
        from danchu.core.audit import register_verbs
        from danchu.oversight import figures as board_figures
        from danchu.oversight.dashboard import overdue_answers
        from danchu.tasks.sources import register_source

        register_source("recommendation", "oversight:recommendation")
        attention.register(overdue_answers)
        figures.register("board", board_figures.build, order=70)
        register_verbs(
            {
                "board_term.create": _("recorded the board's election"),
                "board_term.recognise": _("recorded the union's recognition of the board"),
                "board_seat.add": _("seated a board member"),
                "board_seat.end": _("ended a board member's seat"),
                "programme.create": _("drew up the board's programme"),
                "programme.item": _("added an item to the board's programme"),
                "programme.approve": _("approved the board's programme"),
                "inspection.create": _("notified a board inspection"),
                "inspection.request": _("asked the head for documents"),
                "inspection.supply": _("supplied documents to the board"),
                "inspection.conclude": _("adopted an inspection's findings"),
                "inspection.report": _("sent an inspection's written result"),
                "recommendation.create": _("sent a recommendation to the head"),
                "recommendation.answer": _("answered the board's recommendation"),
                "recommendation.close": _("closed a recommendation"),
                "recommendation.reopen": _("reopened a recommendation"),
                "petition.send": _("petitioned the board"),
                "petition.decide": _("decided whether to verify a petition"),
                "petition.answer": _("answered a petition"),
            }
        )
