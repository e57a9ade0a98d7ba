"""The demo reports as a reader sees them: rendered by LibreOffice, measured in the PDF.

One LibreOffice run converts both reports (a fully answered bank and one at 17%): the
leadership report of the full bank fits in 15 pages, no text runs outside the page, every
picture has alternative text, and the draft marking appears exactly on the incomplete one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree

import pytest

from gapassess.domain.report import build_report, save_report
from tests import report_support as rs
from tests.test_report_pdf import _soffice

pytestmark = pytest.mark.slow

LEADERSHIP_PAGES = 15  # summary, results, roadmap and findings (issue: "fits in 15 pages")
APPENDIX_PAGES = 2  # the methodology and "About this report", without the working papers
DRAFT = re.compile(r"Draft: \d+% of applicable items answered")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{"full": (docx, pdf), "part": (docx, pdf)}, converted in one LibreOffice run."""
    soffice = _soffice()
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("poppler (pdftotext, pdfinfo) is not installed")
    folder = tmp_path_factory.mktemp("render")
    full = rs.answers("compliance-only")
    reports = {"full": full, "part": full[: len(full) * 17 // 100]}
    paths = []
    for name, answers in reports.items():
        document = build_report(rs.result_for(answers), rs.questionnaire(), answers, rs.meta())
        paths.append(save_report(document, folder / f"{name}.docx"))
    profile = (folder / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, paths)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return {name: (folder / f"{name}.docx", folder / f"{name}.pdf") for name in reports}


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def _page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:_pages(pdf)]


def _leadership_pages(pdf) -> int:
    """Pages before the appendices: cover, contents, the page for leadership, summary,
    results, roadmap, findings and measures (the methodology is an appendix). The contents
    page lists "Appendix A" too, so the appendix starts on the last page naming it."""
    texts = _page_texts(pdf)
    starts = [n for n, text in enumerate(texts) if re.search(r"^\s*Appendix A: ", text, re.M)]
    assert len(starts) >= 2, "the contents and the appendix both name Appendix A"
    return starts[-1]


def test_the_full_leadership_report_fits_in_fifteen_pages(rendered):
    for name in ("full", "part"):
        pdf = rendered[name][1]
        assert _leadership_pages(pdf) <= LEADERSHIP_PAGES, name
        assert _pages(pdf) <= LEADERSHIP_PAGES + APPENDIX_PAGES, name


def test_no_text_runs_outside_the_page(rendered):
    for _docx, pdf in rendered.values():
        bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", bbox))
        outside = []
        for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
            width, height = float(page.get("width")), float(page.get("height"))
            for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
                x0, y0 = float(word.get("xMin")), float(word.get("yMin"))
                x1, y1 = float(word.get("xMax")), float(word.get("yMax"))
                if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
                    outside.append(word.text)
        assert not outside, f"{pdf.name}: {outside[:10]}"


def test_every_picture_has_alternative_text(rendered):
    for docx, _pdf in rendered.values():
        with zipfile.ZipFile(docx) as archive:
            xml = archive.read("word/document.xml").decode()
        pictures = re.findall(r"<wp:docPr\b[^>]*>", xml)
        assert len(pictures) >= 5  # the four overview charts and the roadmap
        for tag in pictures:
            described = re.search(r'descr="([^"]*)"', tag)
            assert described and described.group(1).strip(), tag


def test_the_draft_marking_appears_exactly_when_items_are_unanswered(rendered):
    full, part = (_page_texts(rendered[name][1]) for name in ("full", "part"))
    assert not any(DRAFT.search(page) for page in full)
    assert all(DRAFT.search(page) for page in part)  # the cover, then every page header
    assert DRAFT.search(part[0]) and "Draft: 100%" not in "".join(part)


def test_no_word_is_broken_inside_a_table_cell(rendered):
    """Words such as "Conformity" or "Days" come out whole: no cell is narrower than its
    longest word, so no line of the PDF ends in a fragment of a heading."""
    for _docx, pdf in rendered.values():
        text = "\n".join(_page_texts(pdf))
        for fragment in ("Conformit\n", "Da\n", "Complianc "):
            assert fragment not in text, (pdf.name, fragment)
