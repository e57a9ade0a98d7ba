"""A browser asking for German gets the page and the autosave messages from a German catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gapassess.domain.questionnaire import get_questionnaire
from tests.i18n_support import GERMAN_HEADER, with_catalogue

pytestmark = pytest.mark.browser

GERMAN = GERMAN_HEADER + r'''
msgid "Skip to content"
msgstr "Zum Inhalt"

msgid "Saved %(time)s"
msgstr "Gespeichert %(time)s"

msgid "Started"
msgstr "Begonnen"

msgid "Change history (%(count)s)"
msgstr "Verlauf (%(count)s)"
'''


@pytest.fixture
def german(tmp_path, monkeypatch):
    with_catalogue(tmp_path, monkeypatch, "de", GERMAN)  # the server runs in this process


def test_autosave_speaks_german(chromium, site, german):
    bank = get_questionnaire()
    item = bank.items[20]  # the seeded assessment answers only the first twelve
    context = chromium.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        site.login(page)
        page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/{item.top_clause}")
        expect(page.locator(".skip-link")).to_have_text("Zum Inhalt")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        article = page.locator(f'article[id="item-{item.id}"]')
        article.locator(f'[id="f-{item.id}-compliance-2"]').check()
        state = article.locator('[data-role="state"][data-for~="compliance"]')
        expect(state).to_have_text(re.compile(r"^Gespeichert \d\d:\d\d$"))
        expect(article.locator('[data-role="item-status"]')).to_have_text("Begonnen")
        expect(article.locator("details.history summary")).to_have_text("Verlauf (1)")
        # A message the catalogue lacks is shown in English.
        article.locator("textarea[data-field='notes']").fill("typing")
        expect(article.locator('[data-role="state"][data-for="notes"]')).to_have_text(
            "Changes not saved yet…")
    finally:
        context.close()
