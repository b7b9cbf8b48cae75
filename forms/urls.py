"""Stable download addresses of a consultation's public "zestawienie uwag"."""

from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("zestawienie-uwag/<int:consultation_id>.csv", views.remarks_csv, name="remarks_csv"),
    path("zestawienie-uwag/<int:consultation_id>.json", views.remarks_json, name="remarks_json"),
]
