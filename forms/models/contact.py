"""The contact form (/kontakt/): every message becomes a Remark in the staff inbox."""

from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import validate_to_address
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from consultation.models import ConsultationPage
from home.models import PortalPage, PortalSettings

from .. import mail, spam
from ..embedding import remember_invalid_post
from ..public_forms import ContactForm
from .remarks import Channel, Remark
from .survey import INTRO_FEATURES


class ContactPage(PortalPage):
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
        default=_(
            "Dziękujemy za wiadomość. Trafiła do zespołu konsultacji; odpowiemy na ten adres e-mail. "
            "Poniżej jej treść."
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
            form.initial["consultation"] = self.preselected_consultation(request)
        return form

    def preselected_consultation(self, request):
        """?konsultacja=<page id> picks an ongoing consultation; anything else is ignored."""
        value = request.GET.get("konsultacja", "")
        if not value.isdigit():
            return None
        return ConsultationPage.objects.live().public().ongoing().filter(pk=value).values_list("pk", flat=True).first()

    def embedding_page(self, form):
        page_id = form.data.get("embedded_from")
        if not page_id or not str(page_id).isdigit() or int(page_id) == self.pk:
            return None
        return Page.objects.live().public().filter(pk=page_id).first()

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            form = self.get_form(request.POST)
            if form.is_valid() and spam.check_rate_limit(request, form):
                remark = self.save_remark(form)
                spam.record_submission(request)
                self.send_notifications(remark)
                context = self.get_context(request)
                context["remark"] = remark
                return TemplateResponse(request, "forms/contact_page_landing.html", context)
            embedding = self.embedding_page(form)
            if embedding is not None:
                remember_invalid_post(request, self, form)
                return redirect(f"{embedding.url}#{self.form_anchor}")
        else:
            form = self.get_form(request=request)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

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
        consultation = remark.consultation.title if remark.consultation else _("pytanie ogólne")
        body = "\n".join(
            [
                str(_("Nowa wiadomość z formularza kontaktowego.")),
                "",
                f"{_('Konsultacje')}: {consultation}",
                f"{_('Od')}: {remark.author_name} <{remark.author_email}>",
                f"{_('Temat')}: {remark.subject}",
                "",
                remark.text,
            ]
        )
        addresses = self.staff_addresses()
        mail.send_after_commit(
            mail.compose(_("Nowa uwaga: %(subject)s") % {"subject": remark.subject}, body, addresses)
            if addresses
            else None,
            mail.compose(
                _("Potwierdzenie: %(subject)s") % {"subject": remark.subject},
                f"{self.confirmation_text}\n\n{remark.subject}\n\n{remark.text}",
                [remark.author_email],
            )
            if self.send_confirmation
            else None,
        )
