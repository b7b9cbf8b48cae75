"""Wagtail's default workflow and its task in Polish: editors see their names on the page editor's
button ("Wyślij do akceptacji: …"), in the status panel and in the workflow reports.

Wagtail creates both as "Moderators approval" (wagtailcore 0048). Only those exact names change,
so a workflow an administrator has already renamed stays as it is. The group names ("Moderators",
"Editors") stay: Wagtail's own migrations look the groups up by those names.
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "Moderatorzy"
TASK_NAME = "Akceptacja moderatora"


def rename(apps, schema_editor, names):
    database = schema_editor.connection.alias
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    (old_workflow, new_workflow), (old_task, new_task) = names
    Workflow.objects.using(database).filter(name=old_workflow).update(name=new_workflow)
    Task.objects.using(database).filter(name=old_task).update(name=new_task)


def to_polish(apps, schema_editor):
    rename(apps, schema_editor, ((WAGTAIL_NAME, WORKFLOW_NAME), (WAGTAIL_NAME, TASK_NAME)))


def to_english(apps, schema_editor):
    rename(apps, schema_editor, ((WORKFLOW_NAME, WAGTAIL_NAME), (TASK_NAME, WAGTAIL_NAME)))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_content_generation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_polish, to_english)]
