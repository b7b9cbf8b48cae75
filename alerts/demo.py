"""The demo's sign-up page for e-mail alerts (/powiadomienia/), under the home page. Idempotent."""

from home.demo import home_page, save_page

from .models import AlertsPage


def load(stdout):
    page = save_page(
        home_page(),
        AlertsPage,
        "powiadomienia",
        title="Powiadomienia e-mail",
        show_in_menus=True,  # residents find it in the main menu
        intro=(
            "<p>Chcesz wiedzieć, kiedy miasto zapowiada konsultacje w Twojej dzielnicy albo na ważny dla Ciebie temat? "
            "Zapisz się – bez zakładania konta. Napiszemy, gdy konsultacje zostaną zapowiedziane, gdy się rozpoczną "
            "i gdy opublikujemy ich wyniki; najwyżej jeden e-mail dziennie.</p>"
        ),
    )
    stdout.write(f"Alerts: sign-up page at {page.url}")
