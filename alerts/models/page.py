"""The sign-up page (/powiadomienia/): the editors' introduction and the subscribe form."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from forms.submissions import accept
from home.models import PortalPage

from ..signup_forms import SubscribeForm
from ..subscribing import subscribe

INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]
THANKS_SLUG = "dziekujemy"


class AlertsPage(RoutablePageMixin, PortalPage):
    """E-mail alerts about consultations: editors write the introduction; residents sign up."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES, verbose_name=_("Wstęp"))
    thank_you_text = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        verbose_name=_("Po wysłaniu formularza"),
        help_text=_("Nie pisz, czy adres był już zapisany: tę samą stronę widzi każdy, kto wpisze dowolny adres."),
    )

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Powiadomienia e-mail")

    @property
    def thanks_url(self):
        return self.url + self.reverse_subpage("thanks")

    @path("")
    def signup(self, request):
        if request.method == "POST":
            form = SubscribeForm(request.POST)
            if form.is_valid():
                # The forms' rules: the token accepted once, the rate limit per client address.
                redirect = accept(
                    request, form, lambda: subscribe(self, form.cleaned_data["email"], form.choices()), self.thanks_url
                )
                if redirect is not None:
                    return redirect
        else:
            form = SubscribeForm()
        return self.render(request, context_overrides={"form": form})

    @path(f"{THANKS_SLUG}/", name="thanks")
    def thanks(self, request):
        return TemplateResponse(request, "alerts/alerts_page_thanks.html", self.get_context(request))
