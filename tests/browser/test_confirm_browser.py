"""Carried answers confirmed in the browser: one with its "Confirm as is" button, one by a
new rating; each item's status changes in place, without reloading the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gapassess.db import carry
from gapassess.db.models import Assessment
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.database import get_session

pytestmark = pytest.mark.browser


def test_a_carried_answer_is_confirmed_by_button_and_another_by_a_new_rating(page, site):
    bank = get_questionnaire()
    first, second = bank.items[0], bank.items[1]
    assert first.top_clause == second.top_clause
    with site.app.app_context():
        session = get_session()
        new = carry.start_from(session, session.get(Assessment, site.assessment_id),
                               title="Started in the browser test")
        session.commit()
        new_id = new.id
    site.login(page)
    page.goto(f"{site.url}/assessments/{new_id}/clauses/{first.top_clause}")
    one = page.locator(f"article[data-item=\"{first.id}\"]")
    two = page.locator(f"article[data-item=\"{second.id}\"]")
    expect(one.locator('[data-role="confirm-status"]')).to_have_text("To confirm")
    expect(two.locator('[data-role="confirm-status"]')).to_have_text("To confirm")
    expect(one.locator(".carried-from")).to_contain_text("Carried from Seeded assessment")

    one.get_by_role("button", name="Confirm as is").click()
    expect(one.locator('[data-role="confirm-status"]')).to_have_text("Confirmed")
    expect(one.get_by_role("button", name="Confirm as is")).to_be_hidden()

    level = 4  # the seeded answers use 0-3
    two.locator(f'label[for="f-{second.id}-compliance-{level}"]').click()
    expect(two.locator('[data-role="confirm-status"]')).to_have_text("Confirmed")
    assert page.url.endswith(f"/clauses/{first.top_clause}")  # no reload

    with site.app.app_context():
        assert carry.unconfirmed_ids(get_session(), new_id).isdisjoint({first.id, second.id})
