from django.urls import path

from danchu.onestop import views

app_name = "onestop"

urlpatterns = [
    path("onestop/", views.start, name="start"),
    path("onestop/<int:unit>/queue/", views.queue, name="queue"),
    path("onestop/<int:unit>/procedures/", views.procedure_list, name="procedure_list"),
    path(
        "onestop/<int:unit>/procedures/<int:pk>/", views.procedure_detail, name="procedure_detail"
    ),
    path(
        "onestop/<int:unit>/procedures/<int:pk>/forms/",
        views.procedure_form_add,
        name="procedure_form_add",
    ),
    path("onestop/procedure-forms/<int:pk>/", views.procedure_form_file, name="procedure_form"),
    path(
        "onestop/procedure-forms/<int:pk>/remove/",
        views.procedure_form_remove,
        name="procedure_form_remove",
    ),
    path("onestop/<int:unit>/procedures.xlsx", views.catalogue_export, name="catalogue_export"),
    path("onestop/<int:unit>/procedures/import/", views.catalogue_import, name="catalogue_import"),
    path("onestop/<int:unit>/dossiers/", views.dossier_list, name="dossier_list"),
    path("onestop/<int:unit>/dossiers/new/", views.intake, name="intake"),
    path("onestop/<int:unit>/register/", views.register, name="register"),
    path("onestop/<int:unit>/register.docx", views.register_docx, name="register_docx"),
    path("onestop/<int:unit>/stats/", views.stats, name="stats"),
    path("onestop/dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("onestop/dossiers/<int:pk>/control/", views.process_control, name="process_control"),
    path(
        "onestop/dossiers/<int:pk>/control.docx",
        views.process_control_docx,
        name="process_control_docx",
    ),
    path("onestop/dossiers/<int:pk>/<slug:action>/", views.dossier_action, name="action"),
    path("onestop/slips/<int:pk>/", views.slip, name="slip"),
    path("onestop/slips/<int:pk>.docx", views.slip_docx, name="slip_docx"),
    path("tra-cuu/", views.public_lookup, name="public_lookup"),
]
