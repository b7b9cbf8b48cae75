"""Survey answers that are remarks: free-text questions an editor marked "Odpowiedzi trafiają do uwag".

Each answer becomes one Remark in the staff inbox, with the channel "ankieta" and the survey's
consultation, so staff no longer retype them. "Once" is a unique constraint on (submission,
question): a new submission is new remarks, but importing a submission again (the resident's
form resent, the survey published again, the marking switched off and on) adds nothing. When a
question is marked, publishing the survey imports the answers collected before too.
"""

from .models.remarks import Channel, Remark

IMPORT_BATCH = 500


def remarks_for(submission, fields, consultation, email_name=None):
    data = submission.get_data()
    email = data.get(email_name) if email_name else ""
    for field in fields:
        answer = data.get(field.clean_name)
        if isinstance(answer, str) and answer.strip():
            yield Remark(
                consultation=consultation,
                channel=Channel.SURVEY,
                received_at=submission.submit_time,
                author_email=email or "",
                subject=field.label[:200],
                text=answer.strip(),
                survey_submission=submission,
                survey_field=field,
            )


def import_survey_remarks(survey, submissions=None):
    """Remarks for the marked questions' answers in `submissions` (default: every submission of
    the survey) that are not in the inbox yet; returns how many were added."""
    questions = list(survey.get_form_fields())
    fields = [field for field in questions if field.collects_remarks]
    if not fields:
        return 0
    if submissions is None:
        submissions = survey.get_submission_class().objects.filter(page=survey).order_by("pk").iterator()
    consultation = survey.consultation
    # The resident's address, as for the survey's confirmation e-mail: the first e-mail question.
    email_name = next((field.clean_name for field in questions if field.field_type == "email"), None)
    added = 0
    batch = []
    for submission in submissions:
        batch.append(submission)
        if len(batch) == IMPORT_BATCH:
            added += _import_batch(batch, fields, consultation, email_name)
            batch = []
    if batch:
        added += _import_batch(batch, fields, consultation, email_name)
    return added


def _import_batch(submissions, fields, consultation, email_name):
    done = set(
        Remark.objects.filter(survey_submission__in=submissions, survey_field__in=fields).values_list(
            "survey_submission_id", "survey_field_id"
        )
    )
    remarks = [
        remark
        for submission in submissions
        for remark in remarks_for(submission, fields, consultation, email_name)
        if (submission.pk, remark.survey_field.pk) not in done
    ]
    # ignore_conflicts: two imports at once (a publish while a resident submits) still add one each.
    Remark.objects.bulk_create(remarks, ignore_conflicts=True)
    return len(remarks)


def import_on_publish(sender, instance, **kwargs):
    """page_published receiver for SurveyPage: a newly marked question brings its past answers."""
    import_survey_remarks(instance)
