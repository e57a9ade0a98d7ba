"""Ticking "not applicable": the justification comes first and is flagged only when left empty."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gapassess.db import responses
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.database import get_session

pytestmark = pytest.mark.browser


def test_not_applicable_asks_for_the_justification_then_saves(page, site):
    bank = get_questionnaire()
    item = [i for i in bank.items[12:] if i.not_applicable_allowed][-1]  # not yet answered
    site.login(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/{item.top_clause}")
    article = page.locator(f'article[id="item-{item.id}"]')
    justification = article.locator('[data-field="justification"]')
    state = article.locator('[data-role="state"][data-for~="justification"]')  # beside it
    expect(justification).to_be_hidden()  # nothing to justify yet

    article.locator(f'[id="f-{item.id}-na"]').check()
    expect(justification).to_be_visible()
    expect(justification).to_be_focused()
    expect(state).to_contain_text("write the justification")
    expect(state).not_to_have_class(re.compile(r"\bis-error\b"))
    expect(justification).not_to_have_attribute("aria-invalid", "true")

    # Left empty, the field is flagged, naming the item by its title.
    article.locator('[data-field="evidence"]').focus()
    expect(state).to_have_class(re.compile(r"\bis-error\b"))
    expect(state).to_contain_text(f"say why \u201c{item.title}\u201d does not apply")
    assert item.id not in state.inner_text()
    expect(justification).to_have_attribute("aria-invalid", "true")

    # Typed, the answer (the tick with its justification) is saved.
    justification.fill("We design nothing: products are built to customer drawings.")
    expect(state).to_have_class(re.compile(r"\bis-saved\b"))
    expect(justification).not_to_have_attribute("aria-invalid", "true")
    with site.app.app_context():
        stored = responses.get_response(get_session(), site.assessment_id, item.id)
        assert stored.not_applicable
        assert stored.justification.startswith("We design nothing")
