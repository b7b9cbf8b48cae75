"""The demo consultations' attachments: small valid PDFs (draft acts, forecasts, reports).

Idempotent: a document is found by its title and only its category is brought up to date.
"""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model


def minimal_pdf(lines):
    """A small valid PDF with a few lines of text, so documents have a real type and size."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -18 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 760 Td {text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


def demo_document(title, filename, lines, category):
    model = get_document_model()
    document = model.objects.filter(title=title).first()
    if document is None:
        document = model(title=title, category=category)
        document.file.save(filename, ContentFile(minimal_pdf(lines)), save=False)
        document.save()
    elif document.category != category:
        document.category = category
        document.save(update_fields=["category"])
    return document


def load_documents():
    """The documents the demo consultations attach, by the name demo_consultations uses."""
    return {
        "draft_resolution": demo_document(
            "Projekt uchwały – program współpracy z organizacjami pozarządowymi na 2027 rok",
            "projekt-programu-wspolpracy-2027.pdf",
            ["Projekt uchwaly Rady Miejskiej Bedzina", "Program wspolpracy z organizacjami pozarzadowymi na 2027 rok"],
            "draft_act",
        ),
        "plan_text": demo_document(
            "Projekt planu miejscowego Ksawera – tekst uchwały",
            "mpzp-ksawera-tekst.pdf",
            ["Miejscowy plan zagospodarowania przestrzennego", "Bedzin - Ksawera, rejon ulicy Kosciuszki", "Projekt"],
            "draft_act",
        ),
        "plan_forecast": demo_document(
            "Prognoza oddziaływania na środowisko – plan Ksawera",
            "mpzp-ksawera-prognoza.pdf",
            ["Prognoza oddzialywania na srodowisko", "Projekt planu miejscowego Ksawera"],
            "report",
        ),
        "budget_draft": demo_document(
            "Projekt budżetu Miasta Będzina na 2027 rok",
            "projekt-budzetu-2027.pdf",
            ["Projekt uchwaly budzetowej Miasta Bedzina na rok 2027"],
            "draft_act",
        ),
        "boulevards_report": demo_document(
            "Raport z konsultacji – bulwary nad Czarną Przemszą",
            "raport-bulwary-czarna-przemsza.pdf",
            ["Raport z konsultacji spolecznych", "Koncepcja zagospodarowania bulwarow nad Czarna Przemsza"],
            "report",
        ),
        "participatory_report": demo_document(
            "Raport z konsultacji – regulamin budżetu obywatelskiego",
            "raport-regulamin-budzetu-obywatelskiego.pdf",
            ["Raport z konsultacji spolecznych", "Regulamin budzetu obywatelskiego Miasta Bedzina"],
            "report",
        ),
    }
