"""Evidence files in a real browser: upload a PDF through the plain file field, see it
listed, download it (the suggested name is the file's), drop a second one onto the
section, and delete the first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_upload_list_download_drop_and_delete(page, site, tmp_path):
    source = tmp_path / "Management review 2026.pdf"
    source.write_bytes(PDF)
    site.login(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/4?view=full")
    section = page.locator("div.evidence-files").first
    expect(section.get_by_role("heading")).to_have_text("Evidence files (0)")

    section.get_by_label("File to add").set_input_files(str(source))
    section.get_by_label("Evidence date").fill("2026-10-15")
    section.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Management review 2026.pdf added to the evidence")).to_be_visible()
    section = page.locator("div.evidence-files").first
    expect(section.get_by_role("heading")).to_have_text("Evidence files (1)")
    row = section.get_by_role("row", name=re.compile("Management review 2026.pdf"))
    expect(row).to_contain_text("2026-10-15")

    with page.expect_download() as caught:
        row.get_by_role("link", name="Management review 2026.pdf").click()
    download = caught.value
    assert download.suggested_filename == "Management review 2026.pdf"
    assert Path(download.path()).read_bytes() == PDF

    # Drag and drop: the same form, posted by the page script.
    section.evaluate("""(section, bytes) => {
        const file = new File([new Uint8Array(bytes)], "dropped.pdf",
                              {type: "application/pdf"});
        const transfer = new DataTransfer();
        transfer.items.add(file);
        section.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true,
                                                      cancelable: true}));
    }""", list(PDF))
    section = page.locator("div.evidence-files").first
    expect(section.get_by_role("heading")).to_have_text("Evidence files (2)")

    row = section.get_by_role("row", name=re.compile("Management review 2026.pdf"))
    row.locator("details.confirm summary").click()  # delete asks first (confirm_action)
    row.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.get_by_text("Management review 2026.pdf deleted from the evidence")
           ).to_be_visible()
    section = page.locator("div.evidence-files").first
    expect(section.get_by_role("heading")).to_have_text("Evidence files (1)")
    history = page.locator("details.history").first
    history.locator("summary").click()
    expect(history).to_contain_text("Management review 2026.pdf")
    expect(history).to_contain_text("deleted")
