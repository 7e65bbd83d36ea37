from django.urls import path

from danchu.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("disclosure/", views.start, name="start"),
    path("disclosure/<int:unit>/", views.home, name="home"),
    path("disclosure/<int:unit>/publications/", views.publication_list, name="publication_list"),
    path(
        "disclosure/<int:unit>/publications/new/",
        views.publication_create,
        name="publication_create",
    ),
    path("disclosure/<int:unit>/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("disclosure/<int:unit>/regulations/", views.regulation_list, name="regulation_list"),
    path(
        "disclosure/<int:unit>/disseminations/",
        views.dissemination_create,
        name="dissemination_create",
    ),
    path("disclosure/<int:unit>/figures/", views.figures, name="figures"),
    path("disclosure/<int:unit>/requests/", views.request_list, name="request_list"),
    path("disclosure/<int:unit>/consultations/", views.consultation_list, name="consultation_list"),
    path(
        "disclosure/<int:unit>/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path("disclosure/publication/<int:pk>/", views.publication_detail, name="publication"),
    path("disclosure/file/<int:pk>/", views.publication_file, name="publication_file"),
    path(
        "disclosure/publication/<int:pk>/take-down/",
        views.publication_take_down,
        name="publication_take_down",
    ),
    path("disclosure/regulation/<int:pk>/", views.regulation_detail, name="regulation"),
    path("disclosure/regulation/<int:pk>/versions/", views.version_add, name="version_add"),
    path("disclosure/version/<int:pk>/", views.version_detail, name="version"),
    path("disclosure/dissemination/<int:pk>/", views.dissemination_detail, name="dissemination"),
    path(
        "disclosure/dissemination/<int:pk>/confirm/",
        views.dissemination_confirm,
        name="dissemination_confirm",
    ),
    path(
        "disclosure/dissemination/<int:pk>/remind/",
        views.dissemination_remind,
        name="dissemination_remind",
    ),
    path("disclosure/request/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("disclosure/consultation/<int:pk>/", views.consultation_detail, name="consultation"),
    path("disclosure/consultation/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path(
        "disclosure/consultation/<int:pk>/publish/",
        views.consultation_publish,
        name="consultation_publish",
    ),
    path(
        "disclosure/consultation/<int:pk>/summary.docx",
        views.consultation_summary_docx,
        name="summary_docx",
    ),
    path("disclosure/comment/<uuid:pk>/answer/", views.comment_answer, name="comment_answer"),
]
