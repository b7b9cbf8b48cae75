"""Demo draft acts: the NGO programme imported from the .docx the demo ships, and a closed
consultation's regulation typed in as an editor would.

Idempotent: an act is made only for a consultation that has none, so the units (and the remarks
made on them by forms/act_demo.py) keep their ids on every run.
"""

from pathlib import Path

from .act_import import parse_paragraphs, read_docx
from .models import ActUnit, ConsultationPage

DEMO_DOCX = Path(__file__).resolve().parent / "demo_files" / "projekt-uchwaly-program-wspolpracy-2027.docx"

NGO_SLUG = "program-wspolpracy-ngo-2027"
NGO_TITLE = (
    "Projekt uchwały Rady Miejskiej Będzina w sprawie przyjęcia „Programu współpracy Miasta Będzina z "
    "organizacjami pozarządowymi na 2027 rok”"
)

PARTICIPATORY_SLUG = "regulamin-budzetu-obywatelskiego"
PARTICIPATORY_TITLE = "Projekt uchwały Rady Miejskiej Będzina w sprawie budżetu obywatelskiego"
PARTICIPATORY_ACT = [
    ("Rozdział 1", "Przepisy ogólne"),
    ("§ 1", "Uchwała określa wymagania, jakie powinien spełniać projekt budżetu obywatelskiego."),
    ("§ 2", ""),
    ("§ 2 ust. 1", "Budżet obywatelski dzieli się na pulę ogólnomiejską i pule dzielnicowe."),
    ("§ 2 ust. 2", "Pula ogólnomiejska wynosi 40% kwoty budżetu obywatelskiego."),
    ("Rozdział 2", "Głosowanie"),
    ("§ 3", ""),
    ("§ 3 ust. 1", "Głosować może każdy mieszkaniec Będzina, który ukończył 16 lat."),
    ("§ 3 ust. 2", "Głosuje się:"),
    ("§ 3 ust. 2 pkt 1", "przez internet;"),
    ("§ 3 ust. 2 pkt 2", "w punktach do głosowania w Urzędzie Miejskim."),
    ("§ 4", "Wykonanie uchwały powierza się Prezydentowi Miasta Będzina."),
]


def _give_act(slug, title, units):
    page = ConsultationPage.objects.filter(slug=slug).first()
    if page is None or page.act_units.exists():
        return 0
    page.act_title = title
    page.act_counts_public = slug == NGO_SLUG
    page.act_units = [ActUnit(label=label, text=text) for label, text in units]
    page.save_revision().publish()
    return len(units)


def load(stdout):
    imported = parse_paragraphs(read_docx(DEMO_DOCX))
    made = _give_act(NGO_SLUG, NGO_TITLE, [(unit.label, unit.text) for unit in imported.units])
    made += _give_act(PARTICIPATORY_SLUG, PARTICIPATORY_TITLE, PARTICIPATORY_ACT)
    stdout.write(f"Draft acts: {made} units made ({DEMO_DOCX.name} imported for {NGO_SLUG})")
