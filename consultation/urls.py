"""Files under pages: iCal feeds, the register's CSV and JSON, the open data catalogue. Wagtail's
page routes take no dots, so these paths are served here."""

from django.urls import re_path

from consultation import ical, open_data_files

PAGE_PATH = r"(?P<page_path>(?:[\w\-]+/)*)"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}kalendarz\.ics$", ical.page_feed, name="page_ical"),
    re_path(rf"^{PAGE_PATH}spotkanie-(?P<meeting_id>\d+)\.ics$", ical.meeting_feed, name="meeting_ical"),
    re_path(rf"^{PAGE_PATH}rejestr\.(?P<extension>csv|json)$", open_data_files.register_file, name="register_file"),
    re_path(
        rf"^{PAGE_PATH}katalog\.(?P<extension>rdf|ttl)$", open_data_files.catalogue_file, name="open_data_catalogue"
    ),
]
