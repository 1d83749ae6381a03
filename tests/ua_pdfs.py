"""Urgent Action PDFs drawn with WeasyPrint, in the layouts Amnesty publishes, for the PDF import tests.

Every person, place and official here is made up; the wording is ours. The structures follow
the real documents: the 2013–2019 case sheet ("URGENT ACTION" heading, a capitals headline, a
lead paragraph, two columns, a "UA: … Index: … Issue Date: …" line in the page header of every
page), the 2020+ template (labelled fields in one column), and a plain-text UA of the 1990s–2012
set in a typewriter face.
"""
from __future__ import annotations

from weasyprint import HTML

PAGE = """@page {{ size: A4; margin: 2.2cm 2cm;
  @top-center {{ content: "{header}"; font-size: 8pt }}
  @bottom-center {{ content: "{footer} " counter(page); font-size: 8pt }} }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.3 }}
.cols {{ display: flex; gap: 1cm }} .cols > div {{ flex: 1; hyphens: auto }}
{extra}"""


def draw(body: str, *, header: str = "", footer: str = "", extra: str = "") -> bytes:
    """A PDF of ``body`` with a header and footer repeated on every page."""
    style = PAGE.format(header=header, footer=footer, extra=extra)
    return HTML(string=f'<html lang="en"><head><style>{style}</style></head><body>{body}</body></html>').write_pdf()


# --- the 2013–2019 case sheet: two columns under a full-width headline -----------------------

SHEET_LEFT = """<p>Teodor Vasquil, a land-rights organiser from the river village of Ostrava Nueva,
was taken from his home by soldiers on 2 March and has not been seen since. His relatives
were told at the barracks that he is not there.</p>
<p>Neighbours say the soldiers accused him of leading last month's road blockade against the
quarry company, which peaceful farmers organised to protect their wells.</p>"""
SHEET_RIGHT = """<p><b>TAKE ACTION:</b> write immediately in Spanish or your own language:</p>
<ul><li>Urging the authorities to reveal where Teodor Vasquil is held.</li>
<li>Calling on them to protect his family from reprisals.</li></ul>
<p>PLEASE SEND APPEALS BEFORE 14 APRIL 2017 TO:</p>
<p>Minister of the Interior<br>Sra. Irenea Castaluz<br>Avenida Central 100<br>Ciudad Capital<br>
Salutation: Dear Minister</p>"""
# The second page of a sheet: background, then the person's name and gender as the sheets print them.
SHEET_MORE = """<p style="page-break-before: always">ADDITIONAL INFORMATION</p>
<p>The quarry dispute has lasted since 2012 and several organisers have been threatened.</p>
<p>Name: Teodor Vasquil<br>Gender m/f: m</p>"""


def case_sheet(*, right_first: bool = False, pages: int = 2) -> bytes:
    """The 2013–2019 layout; ``right_first`` draws the right column before the left one in the file."""
    left = f'<div style="order: 1">{SHEET_LEFT}</div>'
    right = f'<div style="order: 2">{SHEET_RIGHT}</div>'
    columns = f'<div class="cols">{right + left if right_first else left + right}</div>'
    more = SHEET_MORE + "".join(f'<p style="page-break-before: always">Note {n}: further pages of the sheet.</p>'
                                for n in range(3, pages + 1))
    body = (f"<h1>URGENT ACTION</h1><h2>ORGANISER MISSING AFTER ARMY RAID</h2>"
            f"<p>The whereabouts of a land-rights organiser are unknown since soldiers took him.</p>{columns}{more}")
    return draw(body, header="UA: 41/17 Index: AMR 99/1234/2017 Valdoria Date: 3 March 2017",
                footer="Amnesty International, International Secretariat, page")


# --- the 2020+ template: labelled fields in one column ---------------------------------------

TEMPLATE = """<p>URGENT ACTION TITLE: HEALTH WORKER JAILED FOR A POST</p>
<p>PUBLICATION DATE: 9 February 2022</p>
<p>URGENT ACTION TYPE AND NUMBER: First UA 12/22</p>
<p>AI INDEX: EUR 98/5555/2022</p>
<p>COUNTRY: Nordland</p>
<p>Nurse Lise Armand was sentenced to eight months in prison on 1 February 2022 for a social-media
post about shortages of medicine at her hospital. She is a prisoner of conscience.</p>
<p>TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER</p>
<p>TARGET'S CONTACT DETAILS</p><p>Prosecutor General Hamid Orlev<br>12 Justice Square<br>Nordhaven</p>
<p>Dear Prosecutor General,</p>
<p>I am writing to express my concern about nurse Lise Armand, who was imprisoned after a
social-media post about shortages at her hospital. I urge you to release her.</p>
<p>Yours sincerely,</p>
<p>PREFERRED LANGUAGE TO ADDRESS TARGET: French, English</p>
<p>PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: 6 April 2022</p>
<p>NAME AND PRONOUN: Lise Armand (she/her)</p>"""


def template_2020() -> bytes:
    """The 2020+ template, one column, two pages with the same footer."""
    return draw(TEMPLATE + '<p style="page-break-before: always">ADDITIONAL INFORMATION: nurses in Nordhaven '
                           "have reported shortages since 2020.</p>", footer="Document ID: EUR 98/5555/2022")


# --- a plain-text UA of the 1990s–2012 in a typewriter face ----------------------------------

PLAIN = """PUBLIC                        AI Index: AMR 97/022/2009

UA 104/09   Fear for safety

MERIDIA      Paulo Ravenna (m), journalist

14 May 2009

Journalist Paulo Ravenna has received death threats after he reported on the con-
struction contracts of the port authority.

RECOMMENDED ACTION: Please send appeals to arrive as quickly as possible:
- calling for a full investigation into the threats against Paulo Ravenna.

PLEASE SEND APPEALS BEFORE 25 JUNE 2009 TO:
Governor of Porto Velho Province
Governor Amalia Trent
Palacio de Gobierno, Porto Velho, Meridia
Salutation: Dear Governor"""


def plain_text() -> bytes:
    """A plain-text UA as a PDF: pre-formatted, hyphen broken at a line end as typed."""
    escaped = PLAIN.replace("&", "&amp;").replace("<", "&lt;")
    return draw(f"<pre>{escaped}</pre>", extra="pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt }")


# --- the library's labelled form, set in two columns (this one imports with today's reader) ----

LABELLED_LEFT = """<p>UA number: UA 41.17</p><p>Title: Organiser missing after army raid</p>
<p>Country: Valdoria</p><p>Region: Americas</p><p>Date: 3 March 2017</p><p>Deadline: 14 April 2027</p>
<p>Status: action</p><p>People at risk: Teodor Vasquil (he/him)</p>
<p>Summary: Teodor Vasquil, a land-rights organiser, was taken from his home by soldiers and has not
been seen since; his family was told he is not held at the barracks.</p>"""
LABELLED_RIGHT = """<p>Recommended action</p><p>- Reveal where Teodor Vasquil is held.</p>
<p>TARGETS</p><p>Name: Minister of the Interior<br>Address: Avenida Central 100<br>Ciudad Capital<br>
Salutation: Dear Minister,<br>Preferred language: Spanish</p>"""


def labelled_two_columns() -> bytes:
    """The labelled text form in two columns, right column first in the file."""
    columns = (f'<div class="cols"><div style="order: 2">{LABELLED_RIGHT}</div>'
               f'<div style="order: 1">{LABELLED_LEFT}</div></div>')
    return draw(columns, extra=".cols > div { hyphens: manual }")


# --- hostile: a small file whose page content inflates to 80 MB -----------------------------

def decompression_bomb() -> bytes:
    """A valid-looking one-page PDF whose compressed content stream expands to 80 MB of spaces."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" + b" " * 80_000_000, 6)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
