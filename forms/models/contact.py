"""The contact form (/kontakt/): every message becomes a Remark in the staff inbox."""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import validate_to_address
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from consultation.models import ConsultationPage
from home.models import PortalPage, PortalSettings

from .. import mail
from ..embedding import error_summary_id, remember_invalid_post
from ..limits import page_id
from ..public_forms import ContactForm
from ..submissions import accept
from .remarks import Channel, Remark
from .survey import INTRO_FEATURES, THANKS_SLUG


class ContactPage(RoutablePageMixin, PortalPage):
    """The contact form: questions and remarks on any consultation, straight into the staff inbox."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES, verbose_name=_("Wstęp"))
    thank_you_text = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        verbose_name=_("Podziękowanie"),
        help_text=_("Widać je po wysłaniu wiadomości."),
    )
    to_address = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        verbose_name=_("Powiadomienia na adresy"),
        help_text=_("Oddzielone przecinkami. Puste: domyślny e-mail zespołu z ustawień portalu."),
    )
    send_confirmation = models.BooleanField(
        default=True,
        verbose_name=_("Wyślij potwierdzenie do mieszkańca"),
    )
    confirmation_text = models.TextField(
        blank=True,
        # Content, so Polish whatever language the editor's admin is in.
        default="Dziękujemy za wiadomość. Trafiła do zespołu konsultacji; odpowiemy na ten adres e-mail.",
        help_text=_(
            "Potwierdzenie nigdy nie powtarza treści ani tematu wiadomości; podaje tylko, kiedy ją otrzymaliśmy "
            "i których konsultacji dotyczy."
        ),
        verbose_name=_("Treść potwierdzenia"),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("send_confirmation"), FieldPanel("confirmation_text")],
            heading=_("Powiadomienia"),
        ),
    ]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Formularz kontaktowy")

    @property
    def is_open(self):
        return True

    @property
    def form_anchor(self):
        return f"formularz-{self.pk}"

    def get_form(self, data=None, request=None):
        form = ContactForm(data)
        if data is None and request is not None:
            # ?konsultacja=<page id> picks one of the ongoing consultations offered; anything else is ignored.
            value = page_id(request.GET.get("konsultacja", ""))
            if value is not None:
                form.preselect_consultation(value)
        return form

    def embedding_page(self, form):
        value = page_id(form.data.get("embedded_from"))
        if value is None or value == self.pk:
            return None
        page = Page.objects.live().public().filter(pk=value).first()
        # The tree's root (id 1) is live but has no URL to go back to.
        return page if page is not None and page.url else None

    def thanks_url(self, consultation=None):
        suffix = f"{consultation.pk}/" if consultation is not None else ""
        return f"{self.url}{THANKS_SLUG}/{suffix}"

    # The form and the thank-you view after a post (post/redirect/get), optionally naming the
    # consultation, routed by Wagtail's RoutablePageMixin.

    @path("")
    def form_view(self, request):
        if request.method == "POST":
            form = self.get_form(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                response = accept(
                    request,
                    form,
                    lambda: self.send_notifications(self.save_remark(form)),
                    self.thanks_url(data.get("consultation")),
                )
                if response is not None:
                    return response
            embedding = self.embedding_page(form)
            if embedding is not None:
                remember_invalid_post(request, self, form)
                return redirect(f"{embedding.url}#{error_summary_id(self)}")
        else:
            form = self.get_form(request=request)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    @path(f"{THANKS_SLUG}/")
    @path(f"{THANKS_SLUG}/<str:consultation_id>/")
    def thanks_view(self, request, consultation_id=""):
        context = self.get_context(request)
        value = page_id(consultation_id) if consultation_id else None
        if consultation_id and value is None:
            raise Http404
        context["consultation"] = (
            ConsultationPage.objects.live().public().filter(pk=value).first() if value is not None else None
        )
        return TemplateResponse(request, "forms/contact_page_landing.html", context)

    def save_remark(self, form):
        data = form.cleaned_data
        return Remark.objects.create(
            consultation=data.get("consultation"),
            channel=Channel.ONLINE_FORM,
            author_name=data.get("name", ""),
            author_email=data["email"],
            subject=data["subject"],
            text=data["message"],
        )

    def staff_addresses(self):
        if self.to_address:
            return [address.strip() for address in self.to_address.split(",") if address.strip()]
        site = self.get_site()
        staff_email = PortalSettings.for_site(site).staff_email if site else ""
        return [staff_email] if staff_email else []

    def send_notifications(self, remark):
        """Tell the staff (and the resident, if enabled) once the remark is committed."""
        addresses = self.staff_addresses()
        consultation = remark.consultation.title if remark.consultation else _("pytanie ogólne")
        mail.send_after_commit(
            self.staff_notification(remark, addresses) if addresses else None,
            mail.confirmation(
                _("Potwierdzenie otrzymania wiadomości"),
                self.confirmation_body(remark, consultation),
                remark.author_email,
            )
            if self.send_confirmation
            else None,
        )

    def staff_notification(self, remark, addresses):
        """The message to the staff, in the portal's language whatever the resident's."""
        with mail.in_portal_language():
            consultation = remark.consultation.title if remark.consultation else _("pytanie ogólne")
            body = "\n".join(
                [
                    str(_("Nowa wiadomość z formularza kontaktowego.")),
                    "",
                    mail.labelled(pgettext_lazy("the consultation a remark is about", "Konsultacje"), consultation),
                    mail.labelled(_("Od"), mail.sender(remark.author_name, remark.author_email)),
                    mail.labelled(pgettext_lazy("a message's subject", "Temat"), remark.subject),
                    "",
                    remark.text,
                ]
            )
            return mail.compose(_("Nowa uwaga: %(subject)s") % {"subject": remark.subject}, body, addresses)

    def confirmation_body(self, remark, consultation):
        """What was received, for which consultation and when; never the resident's own words."""
        received = date_format(timezone.localtime(remark.received_at), "j E Y, H:i")
        return "\n".join(
            [
                str(self.confirmation_text),
                "",
                str(_("Otrzymaliśmy wiadomość z formularza kontaktowego: %(when)s.") % {"when": received}),
                str(_("Konsultacje: %(consultation)s") % {"consultation": consultation}),
                "",
                str(_("Jeśli to nie Ty wysłałaś/wysłałeś tę wiadomość, zignoruj ten e-mail.")),
            ]
        )
