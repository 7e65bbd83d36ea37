from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """The city steering committee's inspections of QCDC: plans, criteria, delegations, the
    unit's self-report, findings, conclusions and requirements followed to the end."""

    name = "danchu.inspections"
    label = "inspections"
    verbose_name = _("City inspections of QCDC")

    def ready(self) -> None:
        from danchu.core import attention
        from danchu.core.audit import register_verbs
        from danchu.inspections.dashboard import inspections_attention
        from danchu.inspections.selectors import inspection_status
        from danchu.reports.dashboard import register_inspection_status
        from danchu.tasks.sources import register_source

        attention.register(inspections_attention)
        register_inspection_status(inspection_status)
        register_source("inspection", "inspections:inspection")
        register_verbs(
            {
                "criterion.create": _("added a criterion to the checklist"),
                "criterion.retire": _("took a criterion out of use"),
                "inspection_plan.create": _("made an inspection plan"),
                "inspection_plan.approve": _("approved an inspection plan"),
                "inspection.create": _("planned an inspection"),
                "inspection.announce": _("announced an inspection to the unit"),
                "inspection.start": _("started an inspection"),
                "inspection.cancel": _("cancelled an inspection"),
                "self_report.refresh": _("computed the self-report's figures again"),
                "self_report.edit": _("edited the self-report"),
                "self_report.submit": _("submitted the self-report"),
                "inspection.finding": _("recorded a finding"),
                "inspection.conclude": _("concluded an inspection with its requirements"),
                "inspection.close": _("closed an inspection"),
            }
        )
