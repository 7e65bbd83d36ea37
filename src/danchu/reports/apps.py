from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The QCDC report of a unit (Word, Excel), the city dashboard and the service-quality
    score: readers of every module's figures (``core.figures``), writers of nothing but files."""

    name = "danchu.reports"
    label = "reports"
    verbose_name = _("Reports and the city dashboard")
