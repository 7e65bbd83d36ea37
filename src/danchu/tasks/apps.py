from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "danchu.tasks"
    label = "tasks"
    verbose_name = _("Plans and tasks")

    def ready(self) -> None:
        from danchu.core import attention, figures
        from danchu.core.audit import register_verbs
        from danchu.tasks import figures as task_figures
        from danchu.tasks.dashboard import task_attention
        from danchu.tasks.sources import register_source

        attention.register(task_attention)
        figures.register("tasks", task_figures.build, order=80)
        register_source("plan", "tasks:plan")
        register_verbs(
            {
                "plan.create": _("created a plan"),
                "plan.publish": _("published a plan to staff"),
                "task.create": _("assigned a task"),
                "task.report": _("reported progress on a task"),
                "task.extension_request": _("asked for more time on a task"),
                "task.extension_decide": _("decided a request for more time"),
                "task.submit": _("submitted a task as complete"),
                "task.accept": _("accepted a completed task"),
                "task.return": _("returned a task to its lead"),
                "task.cancel": _("cancelled a task"),
            }
        )
