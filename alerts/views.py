"""The views behind the signed links in the mails: confirm, change the choices, unsubscribe.

A GET never changes anything (mail scanners follow links): it shows a button, and the POST it
sends does the work and redirects (post/redirect/get). The unsubscribe link also takes the
one-click POST mail apps send (RFC 8058), which carries no CSRF token: the signed token in the
link is the proof. None of these responses is cached: they are one subscriber's.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import tokens
from .models.subscriptions import Subscriber
from .signup_forms import ChoicesForm
from .subscribing import confirm, set_choices


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def _subscriber(purpose, token):
    found = tokens.subscriber_id(purpose, token)
    return Subscriber.objects.filter(pk=found).first() if found is not None else None


def _invalid(request):
    return render(request, "alerts/invalid_link.html", status=404)


def _manage_url(subscriber):
    return reverse("alerts:manage", args=[tokens.make(tokens.MANAGE, subscriber.pk)])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_view(request, token):
    subscriber = _subscriber(tokens.CONFIRM, token)
    if subscriber is None:
        return _invalid(request)
    if request.method == "POST":
        confirm(subscriber)
        return HttpResponseSeeOther(f"{_manage_url(subscriber)}?potwierdzono=1")
    return render(request, "alerts/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_view(request, token):
    subscriber = _subscriber(tokens.MANAGE, token)
    if subscriber is None or subscriber.confirmed_at is None:
        return _invalid(request)
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            set_choices(subscriber, form.choices())
            return HttpResponseSeeOther(f"{request.path}?zapisano=1")
    else:
        form = ChoicesForm(
            initial={
                "all_consultations": subscriber.all_consultations,
                "topics": subscriber.topics.all(),
                "districts": subscriber.districts.all(),
            }
        )
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": "zapisano" in request.GET,
        "confirmed": "potwierdzono" in request.GET,
        "unsubscribe_url": reverse("alerts:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, subscriber.pk)]),
    }
    return render(request, "alerts/manage.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    subscriber = _subscriber(tokens.UNSUBSCRIBE, token)
    if request.method == "POST":
        if subscriber is not None:
            subscriber.delete()
        return HttpResponseSeeOther(reverse("alerts:unsubscribed"))
    if subscriber is None:
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"subscriber": subscriber})


@never_cache
def unsubscribed_view(request):
    return render(request, "alerts/unsubscribed.html")
