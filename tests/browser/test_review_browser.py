"""Assign a clause, answer it as the assignee from "My items", return it with a comment as
the consultant, resubmit, and accept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gapassess.db import accounts
from gapassess.db.models import Organisation
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.database import get_session
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser
OWNER = "owner@acme.example"


def _switch(page, site, email: str) -> None:
    page.get_by_role("button", name="Log out").click()
    site.login(page, email)


def test_assign_submit_return_resubmit_accept(page, site):
    with site.app.app_context():
        session = get_session()
        owner = accounts.create_user(session, email=OWNER, name="Pat Owner",
                                     password=PASSWORD, hash_method="pbkdf2:sha256:1000")
        accounts.add_membership(session, owner, session.get(Organisation, site.org_id),
                                "assessor")
        session.commit()
    by_clause = get_questionnaire().items_by_clause()
    clause = min(by_clause, key=lambda c: len(by_clause[c]))
    item = by_clause[clause][0]
    clause_url = f"{site.url}/assessments/{site.assessment_id}/clauses/{clause}"

    site.login(page)
    page.goto(clause_url)
    page.get_by_text("Assign items of this clause").click()
    page.get_by_label("Items", exact=True).select_option("*")
    page.get_by_label("Person").select_option(label=f"Pat Owner ({OWNER})")
    page.get_by_label("Due date").fill("2030-01-31")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text(
        "to Pat Owner")

    _switch(page, site, OWNER)
    page.get_by_role("link", name="My items").click()
    row = page.locator("table.my-items tr", has_text=item.title)
    expect(row).to_contain_text("2030-01-31")
    expect(row).to_contain_text("Assigned")
    row.get_by_role("link", name=item.title).click()
    article = page.locator(f'article[id="item-{item.id}"]')
    article.get_by_role("button", name="Submit for review").click()
    expect(article.locator('[data-role="review-status"]')).to_have_text("Submitted for review")

    _switch(page, site, site.consultant)
    page.goto(clause_url)
    article = page.locator(f'article[id="item-{item.id}"]')
    article.get_by_label("Comment (required to return the answer)").fill(
        "Name the register you keep.")
    article.get_by_role("button", name="Return with comment").click()
    article = page.locator(f'article[id="item-{item.id}"]')
    expect(article.locator('[data-role="review-status"]')).to_have_text("Returned")
    expect(article).to_contain_text("Name the register you keep.")

    _switch(page, site, OWNER)
    page.get_by_role("link", name="My items").click()
    expect(page.locator("table.my-items tr", has_text=item.title)).to_contain_text(
        "Name the register you keep.")
    page.goto(clause_url)
    page.locator(f'article[id="item-{item.id}"]').get_by_role(
        "button", name="Submit for review").click()

    _switch(page, site, site.consultant)
    page.goto(clause_url)
    article = page.locator(f'article[id="item-{item.id}"]')
    article.get_by_role("button", name="Accept").click()
    expect(page.locator(f'article[id="item-{item.id}"] [data-role="review-status"]')
           ).to_have_text("Accepted")
