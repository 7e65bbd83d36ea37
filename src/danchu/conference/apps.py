from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "danchu.conference"
    label = "conference"
    verbose_name = _("Staff conference and dialogues")

    def ready(self) -> None:
        from danchu.conference import figures as conference_figures
        from danchu.conference.dashboard import conference_attention
        from danchu.core import attention, figures
        from danchu.core.audit import register_verbs
        from danchu.tasks.sources import register_source

        register_source("resolution", "conference:resolution")
        register_source("dialogue", "conference:dialogue")
        attention.register(conference_attention)
        figures.register("conference", conference_figures.build_conference, order=50)
        figures.register("dialogue", conference_figures.build_dialogue, order=60)
        register_verbs(
            {
                "conference_request.open": _("asked for an extraordinary conference"),
                "conference_request.sign": _("signed a request for an extraordinary conference"),
                "conference.convene": _("convened the staff conference"),
                "conference.agenda": _("added an item to the conference's agenda"),
                "conference.document": _("added a document of the conference"),
                "conference.summon": _("summoned a delegate"),
                "conference.check_in": _("checked a delegate in"),
                "conference.absence": _("recorded an absence"),
                "conference.open": _("opened the conference"),
                "conference.reconvene": _("made the second convocation"),
                "conference.written": _("turned to written opinion slips"),
                "conference.close": _("closed the conference"),
                "poll.create": _("set up a poll"),
                "poll.candidate": _("nominated a candidate"),
                "poll.open": _("opened a poll"),
                "poll.voted": _("voted by secret ballot"),
                "poll.vote": _("voted"),
                "poll.slip": _("recorded an opinion slip"),
                "poll.paper_count": _("entered the paper ballots' count"),
                "poll.close": _("closed a poll"),
                "poll.board": _("recorded the board elected"),
                "board_term.replace": _("ended the board's term on a new election"),
                "resolution.draft": _("drafted the resolution"),
                "resolution.edit": _("edited the draft resolution"),
                "resolution.adopt": _("recorded the resolution adopted"),
                "resolution.publish": _("published the resolution"),
                "resolution.review": _("recorded a review of the resolution"),
                "dialogue.plan": _("planned a dialogue"),
                "dialogue.require": _("required a dialogue"),
                "dialogue.schedule": _("scheduled a dialogue"),
                "dialogue.ask": _("asked a question"),
                "dialogue.answer": _("answered a question"),
                "dialogue.close": _("wrote the dialogue's minutes"),
            }
        )
