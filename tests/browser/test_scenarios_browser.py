"""Scenarios on the roadmap page in a real browser: entered in the form, compared in a
table that fits the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_scenarios_are_entered_and_compared(page, site, tmp_path):
    site.login(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/roadmap")
    first = page.locator("fieldset", has_text="Scenario 1")
    first.get_by_label("Label").fill("Bigger team")
    first.get_by_label("Capacity (person-days a month)").fill("20")
    third = page.locator("fieldset", has_text="Scenario 3")
    third.get_by_label("Outcome work after the audit").check()
    page.get_by_role("button", name="Compare scenarios").click()
    page.wait_for_url("**/roadmap#scenarios")
    table = page.locator("table.scenario-table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Plan", "Current plan", "Bigger team", "Scenario 2"]
    assert "20 person-days a month" in table.inner_text()
    # the table fits the card: no column runs off the page at 1280 pixels
    card = page.locator("#scenarios").bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= card["x"] + card["width"] + 1
    page.locator("#scenarios").screenshot(path=str(tmp_path / "scenarios.png"))
