from django.urls import path

from . import views

app_name = "alerts"

# Under the sign-up page's address; Django's, not the page's, so the one-click POST can skip CSRF.
urlpatterns = [
    path("powiadomienia/potwierdz/<str:token>/", views.confirm_view, name="confirm"),
    path("powiadomienia/ustawienia/<str:token>/", views.manage_view, name="manage"),
    path("powiadomienia/wypisz/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("powiadomienia/wypisano/", views.unsubscribed_view, name="unsubscribed"),
]
