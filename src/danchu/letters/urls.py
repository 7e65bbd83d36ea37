from django.urls import path

from danchu.letters import views

app_name = "letters"

urlpatterns = [
    path("letters/", views.start, name="start"),
    path("letters/<int:unit>/", views.home, name="home"),
    path("letters/<int:unit>/sessions/", views.session_list, name="session_list"),
    path("letters/<int:unit>/visits/", views.visit_list, name="visit_list"),
    path("letters/<int:unit>/visits/new/", views.visit_create, name="visit_create"),
    path("letters/<int:unit>/letters/", views.letter_list, name="letter_list"),
    path("letters/<int:unit>/letters/new/", views.letter_create, name="letter_create"),
    path("letters/<int:unit>/stats/", views.stats, name="stats"),
    path("letters/<int:unit>/openings/", views.opening_list, name="opening_list"),
    path("letters/visits/<int:pk>/", views.visit_detail, name="visit"),
    path("letters/visits/<int:pk>/answer/", views.visit_answer, name="visit_answer"),
    path("letters/letter/<int:pk>/", views.letter_detail, name="letter"),
    path("letters/letter/<int:pk>/forwarding-slip.docx", views.forward_slip, name="forward_slip"),
    path("letters/files/<int:pk>/", views.letter_file, name="letter_file"),
    path("letters/letter/<int:pk>/identity/", views.vault_open, name="vault"),
    path("letters/letter/<int:pk>/<slug:action>/", views.letter_action, name="action"),
]
