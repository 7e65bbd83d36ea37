from danchu.reports.views import city, report

app_name = "reports"

urlpatterns = [
    *report.urlpatterns,
    *city.urlpatterns,
]
