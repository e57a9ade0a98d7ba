"""Copying an assessment forward through the pages: the choice on the new-assessment page,
the preview (nothing saved), accepting, the flash, and discarding the copy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_copy_forward_preview_accept_and_discard(page, site):
    site.login(page)
    page.goto(f"{site.url}/orgs/{site.org_id}")
    page.get_by_role("link", name="New assessment").click()
    page.get_by_label("an earlier assessment of this organisation").check()
    page.get_by_label("Earlier assessment", exact=True).select_option(
        str(site.assessment_id))
    page.get_by_label("Title", exact=True).fill("Next year's review")
    page.get_by_role("button", name="Create assessment").click()

    # The preview: counts, the carried items, nothing saved yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start a new assessment from “Seeded assessment”")
    counts = page.locator("table.carry-counts")
    expect(counts.get_by_role("row", name="Answers carried")).to_contain_text("12")
    expect(counts.get_by_role("row", name="Carried, to confirm")).to_contain_text("12")
    unanswered = page.locator("section.carry-group", has=page.get_by_role(
        "heading", name=re.compile("^Items without an answer")))
    expect(unanswered.locator("details > summary")).to_be_visible()  # folded: it is long
    assert_accessible(page, "copy preview")
    expect(page.get_by_label("Title of the new assessment")).to_have_value(
        "Next year's review")

    # Accept: the new assessment's overview says how much is to confirm.
    page.get_by_role("button", name="Accept and create the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Next year's review")
    expect(page.get_by_text("12 answers carried, 12 of them to confirm.")).to_be_visible()
    expect(page.get_by_text("Started from Seeded assessment")).to_be_visible()
    new_url = page.url

    # Discard the copy: asked first, then back on the earlier assessment.
    page.get_by_role("link", name="Discard this copy").click()
    expect(page.get_by_text("0 answers given, changed or confirmed")).to_be_visible()
    assert_accessible(page, "discard page")
    page.get_by_role("button", name="Discard the copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seeded assessment")
    expect(page.get_by_text("The copy “Next year's review” was discarded.")).to_be_visible()
    assert page.request.get(new_url).status == 404
