"""The roots of the collection tree and of the page tree in Polish: editors meet the top collection
in every document and image form ("Kolekcja" select), in the collections list and in privacy
settings, and the page tree's root as the first breadcrumb of the page explorer.

Wagtail creates both as "Root" (wagtailcore 0025 and 0002). Only that exact name changes, so a
root an administrator has already renamed stays as it is.
"""

from django.db import migrations

WAGTAIL_NAME = "Root"
COLLECTION_NAME = "Wszystkie pliki"
PAGE_TITLE = "Wszystkie serwisy"


def rename(apps, schema_editor, collection_names, page_titles):
    database = schema_editor.connection.alias
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")
    old_collection, new_collection = collection_names
    old_title, new_title = page_titles
    Collection.objects.using(database).filter(depth=1, name=old_collection).update(name=new_collection)
    Page.objects.using(database).filter(depth=1, title=old_title).update(title=new_title)
    Page.objects.using(database).filter(depth=1, draft_title=old_title).update(draft_title=new_title)


def to_polish(apps, schema_editor):
    rename(apps, schema_editor, (WAGTAIL_NAME, COLLECTION_NAME), (WAGTAIL_NAME, PAGE_TITLE))


def to_english(apps, schema_editor):
    rename(apps, schema_editor, (COLLECTION_NAME, WAGTAIL_NAME), (PAGE_TITLE, WAGTAIL_NAME))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_workflow_names_in_polish"),
    ]

    operations = [migrations.RunPython(to_polish, to_english)]
