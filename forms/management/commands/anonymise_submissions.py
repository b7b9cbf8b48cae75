"""Remove personal data from remarks and survey answers some days after their consultation closed."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultation.models import ConsultationPage
from consultation.models.status import warsaw_today
from forms.models import Remark, SurveyPage, SurveySubmission, UsedFormToken
from forms.retention import anonymise_after_days
from forms.spam import token_max_age

PERSONAL_REMARK_FIELDS = {"author_name": "", "author_email": "", "author_organisation": ""}


class Command(BaseCommand):
    help = (
        "Remove names, e-mails and other personal data from remarks and survey submissions once their "
        "consultation closed more than N days ago (--days, or the FORMS_ANONYMISE_AFTER_DAYS setting). "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Days after the consultation's end date.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = anonymise_after_days()
        cutoff = warsaw_today() - datetime.timedelta(days=days)
        closed = ConsultationPage.objects.filter(end_date__lt=cutoff)
        cutoff_time = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))

        remarks = Remark.objects.filter(anonymised_at__isnull=True).filter(
            # A remark on no particular consultation is kept as long, counted from when it came in.
            Q(consultation__in=closed) | Q(consultation__isnull=True, received_at__lt=cutoff_time)
        )
        surveys = SurveyPage.objects.none()
        for consultation in closed:
            surveys |= SurveyPage.objects.child_of(consultation)
        submissions = SurveySubmission.objects.filter(anonymised_at__isnull=True, page__in=surveys)

        remark_count = remarks.count()
        submission_count = submissions.count()
        if not dry_run:
            now = timezone.now()
            with transaction.atomic():
                remarks.update(anonymised_at=now, **PERSONAL_REMARK_FIELDS)
                for survey in surveys.specific():
                    personal = [field.clean_name for field in survey.get_form_fields() if field.is_personal]
                    for submission in submissions.filter(page=survey):
                        submission.form_data = {
                            key: ("" if key in personal else value) for key, value in submission.form_data.items()
                        }
                        submission.anonymised_at = now
                        submission.save(update_fields=["form_data", "anonymised_at"])
            # Used form tokens only matter while a token could still be sent: a day.
            UsedFormToken.objects.older_than(token_max_age()).delete()
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {remark_count} remarks and {submission_count} survey submissions "
            f"(consultations that ended before {cutoff.isoformat()}, {days} days ago)."
        )
