"""The numbering of a Polish draft act: depths, anchors and the .docx import's labels."""

import io

import docx
import pytest

from consultation.act_import import UnreadableFile, parse_paragraphs, read_docx
from consultation.act_numbering import anchor_base, anchors, depth_of, parents


@pytest.mark.parametrize(
    ("label", "depth"),
    [
        ("Rozdział 2", 0),
        ("§ 3", 1),
        ("§ 3 ust. 2", 2),
        ("§ 3 ust. 2 pkt 1", 3),
        ("§ 3 pkt 4", 3),
        ("§ 3 ust. 2 pkt 1 lit. a", 4),
        ("Preambuła", 1),
    ],
)
def test_depth_follows_the_last_part_of_the_label(label, depth):
    assert depth_of(label) == depth


@pytest.mark.parametrize(
    ("label", "anchor"),
    [
        ("§ 3 ust. 2", "par-3-ust-2"),
        ("§ 3", "par-3"),
        ("§ 3 ust. 2 pkt 1", "par-3-ust-2-pkt-1"),
        ("Rozdział 2", "par-rozdzial-2"),
        ("§ 12a", "par-12a"),
        ("Uzasadnienie zmian", "par-uzasadnienie-zmian"),
    ],
)
def test_anchor_is_read_from_the_label(label, anchor):
    assert anchor_base(label) == anchor


def test_repeated_labels_get_distinct_anchors():
    assert anchors(["§ 1", "§ 1", "§ 2", "§ 1"]) == ["par-1", "par-1-2", "par-2", "par-1-3"]


def test_each_unit_hangs_under_the_nearest_shallower_one_before_it():
    # Rozdział 1, § 1, ust. 1, pkt 1, ust. 2, Rozdział 2, § 2
    assert parents([0, 1, 2, 3, 2, 0, 1]) == [None, 0, 1, 2, 1, None, 5]


def labels(act):
    return [unit.label for unit in act.units]


def test_import_labels_sections_and_points_by_their_paragraph():
    act = parse_paragraphs(
        [
            "Rozdział 1",
            "Postanowienia ogólne",
            "§ 1. Program określa cele współpracy.",
            "§ 2.",
            "1. Celem głównym jest rozwój społeczeństwa obywatelskiego.",
            "2. Cele szczegółowe to:",
            "1) wspieranie seniorów;",
            "2) sport dzieci i młodzieży.",
            "Rozdział 2. Formy współpracy",
            "§ 3. Współpraca ma formę finansową i pozafinansową.",
            "pkt 1 konsultowanie aktów prawa miejscowego;",
        ]
    )
    assert labels(act) == [
        "Rozdział 1",
        "§ 1",
        "§ 2",
        "§ 2 ust. 1",
        "§ 2 ust. 2",
        "§ 2 ust. 2 pkt 1",
        "§ 2 ust. 2 pkt 2",
        "Rozdział 2",
        "§ 3",
        "§ 3 pkt 1",
    ]


def test_import_keeps_the_text_after_the_number():
    act = parse_paragraphs(["§ 1. Program określa cele.", "1) wspieranie seniorów;"])
    assert [unit.text for unit in act.units] == ["Program określa cele.", "wspieranie seniorów;"]


def test_chapter_title_on_the_next_line_becomes_the_chapter_text():
    act = parse_paragraphs(["Rozdział II", "Cele programu", "§ 4. Tekst."])
    assert (act.units[0].label, act.units[0].text) == ("Rozdział II", "Cele programu")


def test_chapter_title_on_the_same_line_becomes_the_chapter_text():
    act = parse_paragraphs(["Rozdział 3 – Zasady współpracy"])
    assert act.units[0].text == "Zasady współpracy"


def test_paragraph_that_opens_with_its_first_section_gives_both():
    act = parse_paragraphs(["§ 5. 1. Na konkursy przeznacza się 1 900 000 zł.", "2. Kwota może wzrosnąć."])
    assert labels(act) == ["§ 5", "§ 5 ust. 1", "§ 5 ust. 2"]
    assert act.units[1].text == "Na konkursy przeznacza się 1 900 000 zł."


def test_section_numbered_with_ust_is_recognised():
    act = parse_paragraphs(["§ 6.", "ust. 1 Pierwszy.", "ust. 2. Drugi."])
    assert labels(act) == ["§ 6", "§ 6 ust. 1", "§ 6 ust. 2"]


def test_letters_follow_their_point():
    act = parse_paragraphs(["§ 7.", "1. Ustęp.", "1) punkt:", "a) litera a,", "b) litera b."])
    assert labels(act)[-2:] == ["§ 7 ust. 1 pkt 1 lit. a", "§ 7 ust. 1 pkt 1 lit. b"]


def test_title_and_preamble_before_the_first_unit_are_skipped_and_reported():
    act = parse_paragraphs(["Uchwała nr …/2026", "Rady Miejskiej Będzina", "§ 1. Tekst."])
    assert act.skipped == ["Uchwała nr …/2026", "Rady Miejskiej Będzina"]
    assert labels(act) == ["§ 1"]


def test_unnumbered_paragraph_continues_the_unit_before_it():
    act = parse_paragraphs(["§ 1. Pierwsze zdanie.", "Drugie zdanie."])
    assert act.units[0].text == "Pierwsze zdanie.\nDrugie zdanie."


def test_number_before_any_paragraph_is_not_taken_for_a_section():
    act = parse_paragraphs(["1. Wstęp bez paragrafu", "§ 1. Tekst."])
    assert act.skipped == ["1. Wstęp bez paragrafu"]


def test_non_breaking_spaces_and_blank_paragraphs_are_ignored():
    act = parse_paragraphs(["", "§\xa08.\xa0Tekst   z  odstępami.", "   "])
    assert (act.units[0].label, act.units[0].text) == ("§ 8", "Tekst z odstępami.")


def test_docx_paragraphs_are_read_in_order():
    document = docx.Document()
    for text in ["Rozdział 1", "§ 1. Tekst."]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    assert read_docx(buffer) == ["Rozdział 1", "§ 1. Tekst."]


def test_a_file_that_is_not_a_word_document_is_refused():
    with pytest.raises(UnreadableFile):
        read_docx(io.BytesIO(b"%PDF-1.4 not a docx"))
