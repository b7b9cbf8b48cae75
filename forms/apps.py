from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = _("Ankiety i uwagi")

    def ready(self):
        from wagtail.signals import page_published

        from .models import SurveyPage
        from .survey_remarks import import_on_publish

        page_published.connect(import_on_publish, sender=SurveyPage, dispatch_uid="forms_survey_remarks")
