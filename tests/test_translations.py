"""The English translation is complete, compiled, and covers every string in the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "home", "consultation", "documents", "forms", "search", "alerts"]
PO_FILES = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_an_english_catalogue():
    assert {path.parts[-5] for path in PO_FILES} >= {"portal", "home"}


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_english_catalogue_is_complete_and_not_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_the_po_file(po_path):
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)) if not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    assert {k: v for k, v in compiled.items() if k[1]} == source


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed (CI installs it)")
@pytest.mark.parametrize("app", APPS)
def test_catalogue_lists_every_string_marked_in_the_code(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
    )
    extracted_path = copy / "locale/en/LC_MESSAGES/django.po"
    extracted = {e.msgid for e in polib.pofile(str(extracted_path))} if extracted_path.exists() else set()
    committed_path = ROOT / app / "locale/en/LC_MESSAGES/django.po"
    committed = {e.msgid for e in polib.pofile(str(committed_path))} if committed_path.exists() else set()
    assert extracted - committed == set(), f"run `make messages` and translate the new strings in {app}"


def test_interface_strings_switch_to_english():
    with translation.override("en"):
        assert translation.gettext("Przejdź do treści") == "Skip to content"
