"""Public survey results: counts and percentages as SVG charts and tables, never free text."""

import pytest

from tests.forms_support import answer, clear_cache, consultation, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

QUESTIONS = [
    ("Wariant", "radio", "A\nB", True),
    ("Transport", "checkboxes", "Autobus\nRower\nSamochód", False),
    ("Ocena", "rating", "", False),
    ("Dzielnica", "dropdown", "Ksawera\nGrodziec", False),
    ("Uwagi", "multiline", "", False),
    ("E-mail", "email", "", False),
]


@pytest.fixture
def closed_survey(site):
    page = survey(consultation(start=-30, end=-5, published=-1), fields=QUESTIONS, results_public=True)
    answer(
        page,
        wariant="A",
        transport=["Autobus", "Rower"],
        ocena="5",
        uwagi="Tajny tekst mieszkanki",
        e_mail="ala@example.com",
    )
    answer(page, wariant="A", transport=["Autobus"], ocena="3", uwagi="", e_mail="")
    answer(page, wariant="B", transport=["Autobus", "Rower", "Samochód"], ocena="", uwagi="Drugi tekst", e_mail="")
    answer(page, wariant="A", transport=[], ocena="5")
    return page


@pytest.fixture
def results(client, closed_survey):
    response = client.get(closed_survey.results_url)
    assert response.status_code == 200
    return response.content.decode()


def test_results_show_the_number_of_responses(results):
    assert "Liczba wypełnionych ankiet: 4." in results


def test_single_choice_counts_and_percentages(results):
    assert '<th scope="row">A</th><td class="num">3</td><td class="num">75,0%</td>' in results
    assert '<th scope="row">B</th><td class="num">1</td><td class="num">25,0%</td>' in results


def test_multiple_choice_counts_each_option_as_a_percentage_of_respondents(results):
    # Three people answered; all three ticked Autobus, two Rower: 100% + 66.7% + 33.3% > 100%.
    assert '<th scope="row">Autobus</th><td class="num">3</td><td class="num">100,0%</td>' in results
    assert '<th scope="row">Rower</th><td class="num">2</td><td class="num">66,7%</td>' in results


def test_page_says_multiple_choice_percentages_can_exceed_100(results):
    assert "więcej niż 100%" in results


def test_rating_counts_every_point_of_the_scale(results):
    assert '<th scope="row">5 – zdecydowanie dobrze</th><td class="num">2</td>' in results
    assert '<th scope="row">2</th><td class="num">0</td>' in results


def test_question_nobody_answered_says_so(results):
    assert "Nikt nie odpowiedział na to pytanie." in results


def test_free_text_and_e_mails_are_never_shown(results):
    assert "Tajny tekst mieszkanki" not in results
    assert "Drugi tekst" not in results
    assert "ala@example.com" not in results
    assert "Uwagi</h2>" not in results


def test_each_chart_is_an_image_with_an_accessible_name_and_a_table(results):
    assert results.count('role="img"') == 3
    assert 'aria-labelledby="chart-1-title"' in results
    assert results.count("<table") == 3


def test_chart_geometry_is_not_localised(results):
    svg = results.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'width="247.5"' in svg  # Wariant A: 75 % of the 330-unit bar space, with a dot
    assert "," not in svg.split("<title")[0]


def test_results_are_hidden_while_the_consultation_is_open(client, site):
    page = survey(consultation(), fields=QUESTIONS, results_public=True)
    assert client.get(page.results_url).status_code == 404


def test_results_are_hidden_unless_the_editor_enabled_them(client, site):
    page = survey(consultation(start=-30, end=-5), fields=QUESTIONS, results_public=False)
    assert client.get(page.results_url).status_code == 404
