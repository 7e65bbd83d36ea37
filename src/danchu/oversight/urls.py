from django.urls import path

from danchu.oversight import views

app_name = "oversight"

urlpatterns = [
    path("board/", views.start, name="start"),
    path("board/<int:unit>/", views.home, name="home"),
    path("board/<int:unit>/terms/new/", views.term_create, name="term_create"),
    path("board/<int:unit>/programmes/", views.programme_list, name="programme_list"),
    path("board/<int:unit>/inspections/", views.inspection_list, name="inspection_list"),
    path(
        "board/<int:unit>/recommendations/", views.recommendation_list, name="recommendation_list"
    ),
    path(
        "board/<int:unit>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("board/<int:unit>/petitions/", views.petition_list, name="petition_list"),
    path("board/<int:unit>/report.docx", views.report_docx, name="report_docx"),
    path("board/<int:unit>/figures/", views.figures_page, name="figures"),
    path("board/term/<int:pk>/", views.term_detail, name="term"),
    path("board/term/<int:pk>/seats/", views.seat_add, name="seat_add"),
    path("board/term/<int:pk>/recognise/", views.term_recognise, name="term_recognise"),
    path("board/seat/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("board/programme/<int:pk>/", views.programme_detail, name="programme"),
    path("board/programme/<int:pk>/items/", views.programme_item_add, name="programme_item_add"),
    path("board/programme/<int:pk>/approve/", views.programme_approve, name="programme_approve"),
    path("board/inspection/<int:pk>/", views.inspection_detail, name="inspection"),
    path("board/inspection/<int:pk>/requests/", views.request_add, name="request_add"),
    path("board/inspection/<int:pk>/conclude/", views.inspection_conclude, name="conclude"),
    path("board/inspection/<int:pk>/result/", views.inspection_result, name="result"),
    path("board/request/<int:pk>/supply/", views.request_supply, name="request_supply"),
    path("board/recommendation/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path(
        "board/recommendation/<int:pk>/answer/",
        views.recommendation_answer,
        name="recommendation_answer",
    ),
    path(
        "board/recommendation/<int:pk>/close/",
        views.recommendation_close,
        name="recommendation_close",
    ),
    path(
        "board/recommendation/<int:pk>/reopen/",
        views.recommendation_reopen,
        name="recommendation_reopen",
    ),
    path("board/petition/<uuid:pk>/", views.petition_detail, name="petition"),
    path("board/petition/<uuid:pk>/decide/", views.petition_decide, name="petition_decide"),
    path("board/petition/<uuid:pk>/answer/", views.petition_answer, name="petition_answer"),
]
