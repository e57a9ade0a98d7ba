"""Importing the 2015 fixture checklist in a real browser: the four steps, then the new
assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "import2015" / "gap-2015.xlsx"


def test_a_2015_checklist_is_imported_in_four_steps(page, site, tmp_path):
    site.login(page)
    page.goto(f"{site.url}/orgs/{site.org_id}/assessments/new")
    page.get_by_role("link", name="Import a 2015 gap spreadsheet").click()
    page.get_by_label("2015 gap spreadsheet").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Upload and map the columns").click()
    page.wait_for_url("**/import-2015/columns")
    # guessed from the header words
    assert page.get_by_label("2015 clause").input_value() == "0"
    assert page.get_by_label("Status or level").input_value() == "2"
    assert page.get_by_label("Evidence").input_value() == "3"
    page.get_by_role("button", name="Map the values").click()
    page.wait_for_url("**/import-2015/values")
    assert page.get_by_label("“partial”").input_value() == "2"  # the default
    page.get_by_label("“yes”").select_option("4")
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url("**/import-2015/preview")
    text = page.inner_text("main")
    assert "2015 clause 10.3 no longer exists; carried to 10.1" in text
    assert "New in 2026: left unanswered" in text
    page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=False)
    page.get_by_label("Title of the new assessment").fill("From the 2015 checklist")
    page.get_by_role("button", name="Accept and create the assessment").click()
    page.wait_for_url("**/assessments/*")
    assert "From the 2015 checklist" in page.inner_text("main")
