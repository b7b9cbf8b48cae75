"""Build (or bring up to date) the demo Będzin portal from each app's own demo module."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later apps place their pages under pages the earlier ones made.
DEMO_MODULES = [
    "home.demo",
    "documents.demo",
    "consultation.demo",
    "consultation.meetings_demo",
    "consultation.open_data_demo",
    "consultation.act_demo",
    "forms.demo",
    "forms.act_demo",
    "alerts.demo",
]


class Command(BaseCommand):
    help = "Load realistic demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
