from django.urls import path

from danchu.inspections import views

app_name = "inspections"

urlpatterns = [
    path("inspections/", views.home, name="home"),
    path("inspections/criteria/<int:committee>/", views.criteria, name="criteria"),
    path("inspections/criterion/<int:pk>/retire/", views.criterion_retire, name="criterion_retire"),
    path("inspections/plan/new/<int:committee>/", views.plan_create, name="plan_create"),
    path("inspections/plan/<int:pk>/", views.plan_detail, name="plan"),
    path("inspections/plan/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("inspections/plan/<int:pk>/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/finding/<int:criterion>/", views.finding_record, name="finding"),
    path("inspections/<int:pk>/announce/", views.inspection_announce, name="announce"),
    path("inspections/<int:pk>/start/", views.inspection_start, name="start"),
    path("inspections/<int:pk>/cancel/", views.inspection_cancel, name="cancel"),
    path("inspections/<int:pk>/close/", views.inspection_close, name="close"),
    path(
        "inspections/<int:pk>/requirement/<int:number>/withdraw/",
        views.requirement_withdraw,
        name="requirement_withdraw",
    ),
    path("inspections/<int:pk>/conclude/", views.inspection_conclude, name="conclude"),
    path("inspections/<int:pk>/report/", views.report_detail, name="report"),
    path("inspections/<int:pk>/report/edit/", views.report_edit, name="report_edit"),
    path("inspections/<int:pk>/report/refresh/", views.report_refresh, name="report_refresh"),
    path("inspections/<int:pk>/report/submit/", views.report_submit, name="report_submit"),
]
