"""The report opens in a real word processor: LibreOffice converts it to PDF.

Skipped only on a developer machine without LibreOffice; with CI set, a missing
``soffice`` is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from gapassess.domain.report import build_report, save_report
from tests import report_support as rs

pytestmark = pytest.mark.slow


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required when CI is set")
    pytest.skip("LibreOffice (soffice) is not installed")


def _pdf_text(pdf) -> str | None:
    tool = shutil.which("pdftotext")
    if not tool:
        return None
    done = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, timeout=120)
    return done.stdout.decode("utf-8", "replace")


def test_libreoffice_converts_the_report_to_pdf(tmp_path):
    soffice = _soffice()
    answers = rs.hostile_answers()
    result = rs.result_for(answers)
    meta = rs.meta(organisation="Acme <Précision> & Fils ✅")
    docx_path = save_report(build_report(result, rs.questionnaire(), answers, meta,
                                         appendix=True), tmp_path / "report.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        capture_output=True, timeout=300,
    )
    pdf = tmp_path / "report.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 15
    text = _pdf_text(pdf)
    if text is not None:
        assert "Acme <Précision> & Fils" in text
        assert "Executive summary" in text and "Appendix B: All answers" in text
        assert f"Page 2 of {pages}" in text
