from django.urls import path

from danchu.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-dan/", views.home, name="home"),
    path("cong-dan/ngon-ngu/<str:lang>/", views.language, name="language"),
    path("cong-dan/theo-doi-don/", views.follow, name="follow"),
    path("cong-dan/du-lieu-mo/", views.opendata, name="opendata"),
    path("cong-dan/thanh-pho/<str:code>/so-lieu/", views.city_figures, name="city_figures"),
    path(
        "cong-dan/thanh-pho/<str:code>/so-lieu.csv",
        views.city_figures_data,
        {"fmt": "csv"},
        name="city_figures_csv",
    ),
    path(
        "cong-dan/thanh-pho/<str:code>/so-lieu.json",
        views.city_figures_data,
        {"fmt": "json"},
        name="city_figures_json",
    ),
    path("cong-dan/<str:code>/", views.unit_home, name="unit"),
    path("cong-dan/<str:code>/thu-tuc/", views.catalogue, name="catalogue"),
    path("cong-dan/<str:code>/thu-tuc/<int:pk>/", views.procedure, name="procedure"),
    path(
        "cong-dan/<str:code>/thu-tuc/<int:pk>/mau/<int:form>/",
        views.procedure_form,
        name="procedure_form",
    ),
    path("cong-dan/<str:code>/gui-don/", views.send_email, name="send_email"),
    path("cong-dan/<str:code>/gui-don/ma/", views.send_code, name="send_code"),
    path("cong-dan/<str:code>/gui-don/noi-dung/", views.send_letter, name="send_letter"),
    path("cong-dan/<str:code>/gui-don/da-gui/", views.sent, name="sent"),
    path("cong-dan/<str:code>/so-lieu/", views.figures, name="figures"),
    path("cong-dan/<str:code>/so-lieu.csv", views.figures_data, {"fmt": "csv"}, name="figures_csv"),
    path(
        "cong-dan/<str:code>/so-lieu.json", views.figures_data, {"fmt": "json"}, name="figures_json"
    ),
    path("cong-dan/<str:code>/van-ban/", views.documents, name="documents"),
    path("cong-dan/<str:code>/van-ban/tep/<int:pk>/", views.document_file, name="document_file"),
]
