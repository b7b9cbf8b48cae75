"""A survey's answers in the admin, exported for a Polish spreadsheet program (home/spreadsheet.py)."""

from wagtail.contrib.forms.views import SubmissionsListView

from home.spreadsheet import FormulaSafeExportMixin


class SurveySubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """A survey's answers in the admin; SurveyPage imports it when the view is first needed."""
