"""Open the Word template the report takes its styles from.

The shipped ``templates/report/reference.docx`` is used unless a consultant passes
their own ``.docx``. Their body text is cleared; page setup, headers and footers (a
logo, an address line) and styles stay. A style the report needs but their file lacks
is copied from the reference template, and the caller is told which.
"""

from __future__ import annotations

import copy
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.oxml.ns import qn

from gapassess.domain.report import styles as style_names
from gapassess.domain.report.document import DEFAULT_MARGIN, page_setup
from gapassess.i18n import _, get_locale, ngettext
from gapassess.paths import templates_dir

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section
    from docx.styles.styles import Styles

REQUIRED_STYLES = style_names.REQUIRED
MB = 1024 * 1024
#: The largest template read: a template with a logo in its header is a few hundred KB.
MAX_TEMPLATE_BYTES = 10 * MB
#: The most parts (files inside the zip) a template may hold, and the most bytes they may
#: unpack to in all, by what the zip says of them (reading a part stops at its stated size).
MAX_TEMPLATE_PARTS = 1000
MAX_TEMPLATE_UNPACKED = 64 * MB
#: The least room a template's page may leave for text, in centimetres: across (page width
#: less the left and right margins) and down (page height less the top and bottom margins).
MIN_TEXT_WIDTH_CM = 8
MIN_TEXT_HEIGHT_CM = 10
EMU_PER_CM = 360000


class ReportTemplateError(ValueError):
    """The template file cannot be used; the message says why and names the file."""


def reference_template() -> Path:
    return templates_dir() / "report" / "reference.docx"


def open_template(path: Path | None,
                  notice: Callable[[str], None] | None = None, name: str = "") -> Document:
    """Return a python-docx Document with an empty body and every required style.

    ``name`` is how messages name the file (default its path)."""
    source = Path(path) if path else reference_template()
    document = _load(source, name)
    _clear_body(document, name or source.name)
    if path is not None:
        _check_page(document.sections[0], name or source.name)
        missing = add_missing_styles(document, _load(reference_template()))
        if missing and notice:
            notice(ngettext(
                "Template %(name)s has no style %(styles)s; the report uses the gapassess "
                "default style instead.",
                "Template %(name)s has no styles %(styles)s; the report uses the gapassess "
                "default styles instead.", len(missing), name=name or source.name,
                styles=_listed([repr(m) for m in missing])))
    return document


def check_template(path: Path, name: str = "") -> list[str]:
    """Open ``path`` as the report does: ReportTemplateError when it cannot be a report
    template (the one rule for ``--template`` and a template uploaded on the web), else
    the notes about it (styles it lacks). ``name``: how messages name the file."""
    notes: list[str] = []
    open_template(Path(path), notes.append, name)
    return notes


@contextmanager
def template_file(data: bytes) -> Iterator[Path]:
    """A stored template's bytes as a file ``open_template`` can read, removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.docx"
        path.write_bytes(data)
        yield path


def _load(source: Path, name: str = "") -> Document:
    shown = name or source
    if not source.is_file():
        raise ReportTemplateError(_("Template %(path)s: file not found.", path=shown))
    if source.suffix.lower() in (".dotx", ".docm", ".dotm", ".doc"):
        raise ReportTemplateError(
            _("Template %(path)s: save it as a Word document (.docx) first.", path=shown)
        )
    if source.stat().st_size > MAX_TEMPLATE_BYTES:
        raise ReportTemplateError(_("Template %(path)s: larger than %(limit)d MB.", path=shown,
                                    limit=MAX_TEMPLATE_BYTES // MB))
    if not zipfile.is_zipfile(source):
        raise ReportTemplateError(_("Template %(path)s: not a Word .docx file.", path=shown))
    _check_parts(source, shown)
    try:
        return docx.Document(str(source))
    except Exception as error:  # python-docx raises several unrelated types
        raise ReportTemplateError(
            _("Template %(path)s: not a readable Word .docx file (%(error)s).", path=shown,
              error=str(error).replace(str(source), str(shown)))
        ) from None


def _check_parts(source: Path, shown: Path | str) -> None:
    """Refuse a zip with too many parts or too much to unpack, before python-docx reads it."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReportTemplateError(
            _("Template %(path)s: not a Word .docx file.", path=shown)) from None
    if len(parts) > MAX_TEMPLATE_PARTS or \
            sum(info.file_size for info in parts) > MAX_TEMPLATE_UNPACKED:
        raise ReportTemplateError(_(
            "Template %(path)s: holds more than a Word document does (over %(parts)d parts "
            "or %(limit)d MB unpacked).", path=shown, parts=MAX_TEMPLATE_PARTS,
            limit=MAX_TEMPLATE_UNPACKED // MB))


def _listed(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    # TRANSLATORS: joins the last two of a list of style names: "'Title', 'Caption' and
    # 'Table Text'".
    return _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def _clear_body(document: Document, name: str = "") -> None:
    """Remove paragraphs and tables, keep the final section's page setup (a file without
    one is refused: the report's pages take their size and margins from it)."""
    body = document.element.body
    if body.find(qn("w:sectPr")) is None:
        raise ReportTemplateError(_(
            "Template %(path)s: has no page setup (page size and margins); open it in Word, "
            "check Layout > Page Setup and save it again.", path=name))
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.different_first_page_header_footer = True


def _check_page(section: Section, name: str) -> None:
    """Refuse a page whose margins leave too little room for the report's text, charts and
    tables. Across, the narrower side counts (the report turns some pages upright)."""
    width, height, left, right = page_setup(section)
    top = abs(section.top_margin if section.top_margin is not None else DEFAULT_MARGIN)
    bottom = abs(section.bottom_margin if section.bottom_margin is not None
                 else DEFAULT_MARGIN)
    across = min(width, height) - left - right
    down = height - top - bottom
    if across < MIN_TEXT_WIDTH_CM * EMU_PER_CM:
        raise ReportTemplateError(_(
            "Template %(path)s: the page leaves %(room)s cm for text across (page width "
            "less the left and right margins, the page upright); the report needs at least "
            "%(least)s cm. Make the page larger or the margins smaller.", path=name,
            room=_cm(across),
            least=MIN_TEXT_WIDTH_CM))
    if down < MIN_TEXT_HEIGHT_CM * EMU_PER_CM:
        raise ReportTemplateError(_(
            "Template %(path)s: the page leaves %(room)s cm for text down the page (page "
            "height less the top and bottom margins); the report needs at least %(least)s "
            "cm. Make the page larger or the margins smaller.", path=name, room=_cm(down),
            least=MIN_TEXT_HEIGHT_CM))


def _cm(emu: int) -> str:
    """A length in centimetres, one decimal, as the current language writes numbers."""
    from babel.numbers import format_decimal

    return str(format_decimal(max(emu, 0) / EMU_PER_CM, "0.0", locale=get_locale()))


def add_missing_styles(document: Document, reference: Document) -> list[str]:
    """Copy each required style ``document`` lacks from ``reference``; return their names."""
    missing: list[str] = []
    styles = document.styles
    for name in REQUIRED_STYLES:
        try:
            styles[name]
            continue
        except KeyError:
            missing.append(name)
        element = copy.deepcopy(reference.styles[name].element)
        if name == style_names.LIST_BULLET:  # the reference's bullet numbering does not travel
            p_pr = element.find(qn("w:pPr"))
            if p_pr is not None:
                for num in p_pr.findall(qn("w:numPr")):
                    p_pr.remove(num)
        for based in element.findall(qn("w:basedOn")):
            if based.get(qn("w:val")) not in _style_ids(styles):
                element.remove(based)
        styles.element.append(element)
    return missing


def _style_ids(styles: Styles) -> set[str]:
    return {s.element.get(qn("w:styleId")) for s in styles}


def has_bullets(document: Document) -> bool:
    """True when the List Bullet style draws its own bullet (numbering attached)."""
    style = document.styles[style_names.LIST_BULLET]
    while style is not None:
        if style.element.xpath("./w:pPr/w:numPr"):
            return True
        style = style.base_style
    return False
