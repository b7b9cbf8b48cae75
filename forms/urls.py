"""Stable download addresses of a consultation's public "zestawienie uwag"."""

from django.urls import path, register_converter

from . import act_remarks, views
from .limits import MAX_ID


class RowIdConverter:
    """Digits that fit a database id; anything larger is no match (404), not a database error."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "row_id")

app_name = "forms"

urlpatterns = [
    path("zestawienie-uwag/<row_id:consultation_id>.csv", views.remarks_csv, name="remarks_csv"),
    path("zestawienie-uwag/<row_id:consultation_id>.json", views.remarks_json, name="remarks_json"),
    path("zestawienie-uwag/<row_id:consultation_id>.docx", views.remarks_docx, name="remarks_docx"),
    path("uwagi-do-projektu/<row_id:consultation_id>/", act_remarks.remark_form, name="act_remark"),
    path(
        "uwagi-do-projektu/<row_id:consultation_id>/dziekujemy/",
        act_remarks.remark_thanks,
        name="act_remark_thanks",
    ),
]
