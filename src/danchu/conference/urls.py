from django.urls import path

from danchu.conference import views

app_name = "conference"

urlpatterns = [
    path("conference/", views.start, name="start"),
    path("conference/<int:unit>/", views.conference_list, name="list"),
    path("conference/<int:unit>/new/", views.conference_create, name="create"),
    path("conference/<int:unit>/figures/", views.conference_figures, name="figures"),
    path("conference/<int:unit>/requests/", views.request_list, name="request_list"),
    path("conference/request/<int:pk>/", views.request_detail, name="request"),
    path("conference/request/<int:pk>/sign/", views.request_sign, name="request_sign"),
    path("conference/<int:unit>/dialogues/", views.dialogue_list, name="dialogue_list"),
    path("conference/<int:unit>/dialogues/new/", views.dialogue_create, name="dialogue_create"),
    path(
        "conference/<int:unit>/dialogues/require/", views.dialogue_require, name="dialogue_require"
    ),
    path("conference/c/<int:pk>/", views.conference_detail, name="detail"),
    path("conference/c/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("conference/c/<int:pk>/documents/", views.document_add, name="document_add"),
    path("conference/c/<int:pk>/document/<int:doc>/", views.document_file, name="document"),
    path("conference/c/<int:pk>/roll/", views.roll, name="roll"),
    path("conference/c/<int:pk>/roll/add/", views.delegate_add, name="delegate_add"),
    path("conference/c/<int:pk>/presence/", views.presence, name="presence"),
    path("conference/c/<int:pk>/checkin/", views.check_in, name="check_in"),
    path("conference/c/<int:pk>/open/", views.conference_open, name="open"),
    path("conference/c/<int:pk>/reconvene/", views.second_convocation, name="reconvene"),
    path("conference/c/<int:pk>/written/", views.written_opinions, name="written"),
    path("conference/c/<int:pk>/close/", views.conference_close, name="close"),
    path("conference/c/<int:pk>/polls/new/", views.poll_create, name="poll_create"),
    path("conference/c/<int:pk>/resolution/", views.resolution_draft, name="resolution_draft"),
    path("conference/c/<int:pk>/<str:doc>.docx", views.conference_docx, name="docx"),
    path(
        "conference/delegate/<int:pk>/checkin/", views.delegate_check_in, name="delegate_check_in"
    ),
    path("conference/delegate/<int:pk>/absent/", views.delegate_absent, name="delegate_absent"),
    path("conference/poll/<int:pk>/", views.poll_detail, name="poll"),
    path("conference/poll/<int:pk>/status/", views.poll_status, name="poll_status"),
    path("conference/poll/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("conference/poll/<int:pk>/open/", views.poll_open, name="poll_open"),
    path("conference/poll/<int:pk>/vote/", views.poll_vote, name="poll_vote"),
    path("conference/poll/<int:pk>/slip/", views.slip_record, name="slip_record"),
    path("conference/poll/<int:pk>/paper/", views.paper_count, name="paper_count"),
    path("conference/poll/<int:pk>/close/", views.poll_close, name="poll_close"),
    path("conference/poll/<int:pk>/receipt/", views.receipt_check, name="receipt"),
    path("conference/poll/<int:pk>/ballots.csv", views.ballots_csv, name="ballots_csv"),
    path("conference/poll/<int:pk>/board/", views.board_record, name="board_record"),
    path("conference/poll/<int:pk>/minutes.docx", views.counting_docx, name="counting_docx"),
    path("conference/resolution/<int:pk>/", views.resolution_detail, name="resolution"),
    path(
        "conference/resolution/<int:pk>/publish/",
        views.resolution_publish,
        name="resolution_publish",
    ),
    path("conference/resolution/<int:pk>/tasks/", views.resolution_task, name="resolution_task"),
    path(
        "conference/resolution/<int:pk>/resolution.docx",
        views.resolution_docx,
        name="resolution_docx",
    ),
    path("conference/review/<int:pk>/", views.review_record, name="review"),
    path("conference/dialogue/<int:pk>/", views.dialogue_detail, name="dialogue"),
    path(
        "conference/dialogue/<int:pk>/schedule/", views.dialogue_schedule, name="dialogue_schedule"
    ),
    path("conference/dialogue/<int:pk>/ask/", views.question_ask, name="question_ask"),
    path("conference/dialogue/<int:pk>/close/", views.dialogue_close, name="dialogue_close"),
    path("conference/dialogue/<int:pk>/commit/", views.dialogue_commit, name="dialogue_commit"),
    path("conference/dialogue/<int:pk>/minutes.docx", views.dialogue_docx, name="dialogue_docx"),
    path("conference/question/<uuid:pk>/upvote/", views.question_upvote, name="question_upvote"),
    path("conference/question/<uuid:pk>/answer/", views.question_answer, name="question_answer"),
]
