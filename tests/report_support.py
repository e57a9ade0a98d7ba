"""Shared inputs for the report and chart tests: the shipped bank, realistic answers, a result."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from docx.oxml.ns import qn

from gapassess.domain.answers import Answer
from gapassess.domain.demo import demo_answers
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.report import ReportMeta
from gapassess.domain.scoring_model import default_scoring_model

TODAY = dt.date(2026, 11, 23)
TARGET = dt.date(2027, 9, 30)
LONG_NOTE = " ".join(f"word{n}" for n in range(3000))  # about 23,000 characters
HOSTILE = {
    "markup": "<b>bold?</b> & <script>alert('x')</script> \"double\" 'single' ]]> &amp;",
    "control": "bell\x07 null\x00 escape\x1b vtab\x0b formfeed\x0c unit\x1f end",
    "emoji": "Done ✅ 🚀 👩‍🔧 🇪🇺",
    "hebrew": "שלום עולם, בדיקה",
    "arabic": "مرحبا بالعالم",
}
CONTROL_CLEANED = "bell null escape vtab formfeed unit end"


def questionnaire():
    return get_questionnaire()


def answers(profile: str = "compliance-only") -> list[Answer]:
    return [Answer(**row) for row in demo_answers(questionnaire(), profile)]


def result_for(answers_list, capacity: float = 8.0, target: dt.date = TARGET, name="Acme"):
    profile = OrgProfile(name=name, target_date=target, capacity=capacity, start_date=TODAY)
    return assess(questionnaire(), answers_list, default_scoring_model(),
                  profile=profile, today=TODAY)


def meta(organisation: str = "Acme Precision Ltd", **kwargs) -> ReportMeta:
    values = {"assessor": "J. Consultant", "date": TODAY}
    values.update(kwargs)
    return ReportMeta(organisation=organisation, **values)


def hostile_answers() -> list[Answer]:
    """Realistic answers with every hostile string in evidence or notes of the first items."""
    plain = answers()
    texts = list(HOSTILE.values()) + [LONG_NOTE]
    changed = []
    for index, answer in enumerate(plain):
        if index < len(texts):
            answer = replace(answer, evidence=texts[index], notes=texts[-1 - index],
                             owner=HOSTILE["emoji"])
        changed.append(answer)
    return changed


def write_answers_csv(path: Path, rows: list[Answer]) -> Path:
    fields = ["item_id", "compliance", "outcome", "not_applicable", "justification",
              "evidence", "notes", "owner"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for a in rows:
            writer.writerow([
                a.item_id, "" if a.compliance is None else a.compliance,
                "" if a.outcome is None else a.outcome, "yes" if a.not_applicable else "no",
                a.justification, a.evidence, a.notes, a.owner,
            ])
    return path


def all_text(document) -> str:
    """Every paragraph of the body (tables included), headers and footers, one per line."""
    parts = [paragraph_text(p) for p in document.element.body.iter(qn("w:p"))]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


def paragraph_text(element) -> str:
    """Text of a raw w:p element, line breaks as newlines (as python-docx reports them)."""
    out = []
    for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        else:
            out.append("\n" if node.tag == qn("w:br") else "\t")
    return "".join(out)


def page_variant(edit) -> bytes:
    """The shipped Word template with ``edit`` (str -> str) applied to its document.xml:
    page settings a consultant's file may carry."""
    import io
    import zipfile

    from gapassess.domain.report import reference_template

    source = zipfile.ZipFile(io.BytesIO(reference_template().read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)
    return buffer.getvalue()


def without_page_setup(xml: str) -> str:
    return re.sub(r"<w:sectPr\b.*?</w:sectPr>", "", xml, flags=re.S)


def left_margin(twips: int):
    return lambda xml: re.sub(r'w:left="\d+"', f'w:left="{twips}"', xml)


def top_margin(twips: int):
    return lambda xml: re.sub(r'w:top="\d+"', f'w:top="{twips}"', xml)


def page_size(width: int, height: int):
    """Page width and height in twips (a twentieth of a point)."""
    return lambda xml: re.sub(r"<w:pgSz\b[^>]*/>", f'<w:pgSz w:w="{width}" w:h="{height}"/>',
                              xml)
