"""The evidence file rules: accepted kinds by name and contents, safe names, limits, expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gapassess.domain import evidence
from gapassess.domain.evidence import (
    EXPIRES_SOON_DAYS,
    MAX_NAME_CHARS,
    EvidenceRefused,
    identify_bytes,
    safe_name,
)
from tests import evidence_support as files


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("audit.pdf", files.PDF, "application/pdf"),
    ("photo.PNG", files.PNG, "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    ("chart.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
    ("chart.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    ("minutes.docx", files.ooxml("word/"), evidence.OOXML + "wordprocessingml.document"),
    ("kpis.xlsx", files.ooxml("xl/"), evidence.OOXML + "spreadsheetml.sheet"),
    ("review.pptx", files.ooxml("ppt/"), evidence.OOXML + "presentationml.presentation"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "application/msword"),
    ("plan.odt", files.odf("text"), evidence.ODF + "text"),
    ("plan.ods", files.odf("spreadsheet"), evidence.ODF + "spreadsheet"),
    ("list.csv", "clause;status\n4.1;ok\nÄnderung;ja\n".encode(), "text/csv"),
    ("notes.txt", b"plain words\n", "text/plain"),
])
def test_accepted_kinds(name, data, content_type):
    assert identify_bytes(name, data).content_type == content_type


@pytest.mark.parametrize(("name", "data", "why"), [
    ("invoice.pdf", files.EXE, "Windows program"),
    ("tool.exe", files.EXE, "Windows program"),
    ("report.pdf", files.ELF, "Linux program"),
    ("run.txt", b"#!/bin/sh\nrm -rf /\n", "script"),
    ("setup.sh", b"echo hi\n", "program"),
    ("page.html", files.HTML, "web pages"),
    ("logo.svg", files.SVG, "SVG"),
    ("app.js", b"alert(1)", "web pages"),
    ("notes.txt", files.HTML, "web pages"),
    ("archive.zip", files.ooxml(), "are not accepted"),
    ("noextension", files.PDF, "(no extension)"),
    ("fake.pdf", b"just text, not a PDF", "not those of a .pdf"),
    ("fake.docx", files.odf("text"), "not those of a .docx"),
    ("fake.xlsx", files.ooxml("word/"), "not those of a .xlsx"),
    ("fake.odt", files.odf("spreadsheet"), "not those of a .odt"),
    ("fake.png", files.PDF, "not those of a .png"),
    ("empty.pdf", b"", "not those of a .pdf"),
    ("binary.csv", b"a,b\x00\x01\x02", "not those of a .csv"),
])
def test_refused_kinds_name_the_file_and_why(name, data, why):
    with pytest.raises(EvidenceRefused) as caught:
        identify_bytes(name, data)
    assert name in str(caught.value) and why in str(caught.value)


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\report.pdf", "report.pdf"),
    ("C:\\Users\\ann\\Desktop\\audit plan.pdf", "audit plan.pdf"),
    ("C:report.pdf", "report.pdf"),
    ("/absolute/path/file.txt", "file.txt"),
    ("  spaced   out .pdf ", "spaced out .pdf"),
    ("bell\x07and\x00nul\r\n.pdf", "bellandnul.pdf"),
    ("right\u202etxt.exe.pdf", "righttxt.exe.pdf"),
    ("...hidden.pdf", "hidden.pdf"),
    ("..", "evidence"),
    ("", "evidence"),
    ("Prüfbericht Ä.pdf", "Prüfbericht Ä.pdf"),
    ('what?<now>|"x"*.pdf', "what__now___x__.pdf"),
])
def test_safe_names(raw, safe):
    assert safe_name(raw) == safe


def test_long_names_are_cut_keeping_the_extension():
    name = safe_name("x" * 500 + ".docx")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".docx")


def test_size_limit_names_the_limit():
    evidence.check_size("a.pdf", 20 * evidence.MB, 20 * evidence.MB)
    with pytest.raises(EvidenceRefused, match=r"a\.pdf.*at most 20 MB"):
        evidence.check_size("a.pdf", 20 * evidence.MB + 1, 20 * evidence.MB)
    with pytest.raises(EvidenceRefused, match="empty"):
        evidence.check_size("a.pdf", 0, 20 * evidence.MB)


def test_quota_names_the_quota_and_what_is_used():
    evidence.check_quota("a.pdf", evidence.MB, 499 * evidence.MB, 500 * evidence.MB)
    with pytest.raises(EvidenceRefused, match=r"quota of 500 MB \(499\.5 MB used\)"):
        evidence.check_quota("a.pdf", evidence.MB, 499 * evidence.MB + evidence.MB // 2,
                             500 * evidence.MB)


def test_expiry_states():
    today = date(2026, 12, 6)
    assert evidence.expiry_state(None, today) == ""
    assert evidence.expiry_state(today - timedelta(days=1), today) == "expired"
    assert evidence.expiry_state(today, today) == "soon"  # expires at the end of today
    assert evidence.expiry_state(today + timedelta(days=EXPIRES_SOON_DAYS), today) == "soon"
    assert evidence.expiry_state(today + timedelta(days=EXPIRES_SOON_DAYS + 1), today) == ""


def test_dates():
    evidence.check_dates(date(2026, 1, 1), None)
    with pytest.raises(EvidenceRefused, match="Evidence date"):
        evidence.check_dates(None, None)
    with pytest.raises(EvidenceRefused, match="before the evidence date"):
        evidence.check_dates(date(2026, 1, 2), date(2026, 1, 1))


def test_served_types_are_only_the_accepted_ones():
    assert evidence.served_type("application/pdf") == "application/pdf"
    assert evidence.served_type("text/html") == "application/octet-stream"
    assert evidence.served_type("image/svg+xml") == "application/octet-stream"
