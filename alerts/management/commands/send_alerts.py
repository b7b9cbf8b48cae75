"""Mail subscribers the news about their consultations; run from cron every 15 minutes."""

import time

from django.core.management.base import BaseCommand

from alerts.sending import send_alerts


class Command(BaseCommand):
    help = (
        "Send e-mail alerts: consultations published as planned, opened, or with results, at most one "
        "mail a day per subscriber and each event once. Also deletes unconfirmed sign-ups older than 7 days."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = send_alerts()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Alerts: {report.events_found} current events, {report.mails_sent} mails sent, "
            f"{report.mails_failed} refused, {report.skipped_today} waiting for tomorrow, "
            f"{report.unconfirmed_deleted} unconfirmed sign-ups deleted, in {elapsed:.1f} s."
        )
