"""Files under pages: iCal feeds, the register's CSV and JSON. Wagtail's page routes take no
dots, so these paths are served here."""

from django.urls import re_path

from consultation import ical, register_files

PAGE_PATH = r"(?P<page_path>(?:[\w\-]+/)*)"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}kalendarz\.ics$", ical.page_feed, name="page_ical"),
    re_path(rf"^{PAGE_PATH}spotkanie-(?P<meeting_id>\d+)\.ics$", ical.meeting_feed, name="meeting_ical"),
    re_path(rf"^{PAGE_PATH}rejestr\.(?P<extension>csv|json)$", register_files.register_file, name="register_file"),
]
