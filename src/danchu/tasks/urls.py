from django.urls import path

from danchu.tasks import views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.start, name="start"),
    path("tasks/mine/", views.mine, name="mine"),
    path("tasks/<int:unit>/", views.unit_tasks, name="unit_tasks"),
    path("tasks/<int:unit>/tasks.xlsx", views.tasks_xlsx, name="tasks_xlsx"),
    path("tasks/<int:unit>/new/", views.task_create, name="task_create"),
    path("tasks/<int:unit>/plans/", views.plan_list, name="plan_list"),
    path("tasks/<int:unit>/figures/", views.stats, name="stats"),
    path("tasks/<int:unit>/figures.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("tasks/task/<int:pk>/", views.task_detail, name="task"),
    path("tasks/task/<int:pk>/report/", views.task_report, name="task_report"),
    path("tasks/task/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("tasks/task/<int:pk>/submit/", views.task_submit, name="task_submit"),
    path("tasks/task/<int:pk>/accept/", views.task_accept, name="task_accept"),
    path("tasks/task/<int:pk>/return/", views.task_return, name="task_return"),
    path("tasks/task/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/extension/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("tasks/file/<int:pk>/", views.task_file, name="task_file"),
    path("tasks/plan/<int:pk>/", views.plan_detail, name="plan"),
    path("tasks/plan/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
]
