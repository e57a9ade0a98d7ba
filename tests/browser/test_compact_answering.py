"""The compact view answered as a quality manager at a desk would: keyboard only.

Counts every key pressed and every save sent: a whole clause rated on both axes with no
more than four keys per item besides its two digits, one save (one history entry) per item
changed, and arrow keys passing through levels saving only the level kept.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gapassess.db import responses
from gapassess.db.answer_store import item_histories
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.database import get_session

pytestmark = pytest.mark.browser

KEYS_PER_ITEM = 4  # besides the two digits


class Keyboard:
    """Presses keys and counts those that are not rating digits."""

    def __init__(self, page) -> None:
        self.page = page
        self.other = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        if not re.fullmatch(r"[0-4]", key):
            self.other += 1


def _saves(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/answer") else None)
    return sent


def _focused_item(page) -> tuple[str | None, str | None]:
    return tuple(page.evaluate(
        """() => { const el = document.activeElement;
                   const art = el && el.closest ? el.closest('article[data-item]') : null;
                   return [art ? art.getAttribute('data-item') : null,
                           el ? el.getAttribute('data-field') : null]; }"""))


def _histories(site, item_ids):
    with site.app.app_context():
        session = get_session()
        stored = {i: responses.get_response(session, site.assessment_id, i) for i in item_ids}
        return stored, item_histories(session, site.assessment_id, item_ids)


def _unanswered_clause(bank, taken: set[str]) -> tuple[str, list]:
    """A clause none of whose items the site's seeded assessment answered."""
    for clause, items in bank.items_by_clause().items():
        if clause not in taken and not any(i.id in SEEDED for i in items):
            return clause, items
    raise AssertionError("no unanswered clause left")


SEEDED = {item.id for item in get_questionnaire().items[:12]}  # see tests/browser/conftest.py


def test_a_whole_clause_is_answered_from_the_keyboard(page, site):
    bank = get_questionnaire()
    clause, items = _unanswered_clause(bank, {"10"})  # clause 10 is left to the next test
    site.login(page)
    sent = _saves(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/{clause}?view=compact")
    keys = Keyboard(page)
    for _ in range(80):  # from the top of the page to the first rating, by Tab alone
        if _focused_item(page) == (items[0].id, "compliance"):
            break
        keys.press("Tab")
    assert _focused_item(page) == (items[0].id, "compliance")
    to_first = keys.other

    wanted = {}
    for n, item in enumerate(items):
        assert _focused_item(page) == (item.id, "compliance"), f"item {n + 1} of {len(items)}"
        before = keys.other
        compliance, outcome = n % 5, (n + 2) % 5
        wanted[item.id] = (compliance, outcome)
        keys.press(str(compliance))
        keys.press("Tab")
        assert _focused_item(page) == (item.id, "outcome")
        keys.press(str(outcome))
        keys.press("Enter")
        assert keys.other - before <= KEYS_PER_ITEM, item.id
    assert keys.other <= KEYS_PER_ITEM * len(items), (to_first, keys.other)

    for item in items:
        article = page.locator(f'article[id="item-{item.id}"]')
        expect(article.locator('[data-role="item-status"]')).to_have_text("Answered")
        expect(article.locator('[data-role="state"][data-for~="compliance"]')).to_have_class(
            re.compile(r"\bis-saved\b"))
    stored, histories = _histories(site, [i.id for i in items])
    for item in items:
        assert (stored[item.id].compliance, stored[item.id].outcome) == wanted[item.id]
        assert len(histories[item.id]) == 1, f"{item.id}: one history entry per item changed"
    assert len(sent) == len(items), "one save per item"


def test_arrow_keys_save_only_the_level_that_is_kept(page, site):
    bank = get_questionnaire()
    item = bank.items_by_clause()["10"][0]
    site.login(page)
    sent = _saves(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/10?view=compact")
    article = page.locator(f'article[id="item-{item.id}"]')
    article.locator(f'[id="f-{item.id}-compliance-none"]').focus()
    for _ in range(4):  # "not rated", then round to 0, 1, 2, 3
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    for _ in range(3):  # "not rated", then back to 4, 3, 2
        page.keyboard.press("ArrowLeft")
    waiting = article.locator('[data-role="state"][data-for~="compliance"]')
    expect(waiting).to_contain_text("when you leave")
    assert sent == [], "nothing is saved while the levels are passed through"
    page.keyboard.press("Enter")  # on to the next item: this one is saved
    expect(waiting).to_have_class(re.compile(r"\bis-saved\b"))
    stored, histories = _histories(site, [item.id])
    assert (stored[item.id].compliance, stored[item.id].outcome) == (3, 2)
    assert len(histories[item.id]) == 1
    assert len(sent) == 1


def test_one_key_marks_not_applicable_and_the_justification_follows(page, site):
    bank = get_questionnaire()
    item = next(i for i in bank.items if i.not_applicable_allowed and i.id not in SEEDED)
    site.login(page)
    page.goto(f"{site.url}/assessments/{site.assessment_id}/clauses/{item.top_clause}"
              "?view=compact")
    article = page.locator(f'article[id="item-{item.id}"]')
    justification = article.locator('[data-field="justification"]')
    expect(justification).to_be_hidden()
    article.locator(f'[id="f-{item.id}-compliance-none"]').focus()
    page.keyboard.press("n")
    expect(article.locator('[data-field="not_applicable"]')).to_be_checked()
    expect(justification).to_be_focused()
    page.keyboard.type("Nothing is designed here: parts are made to customer drawings.")
    page.keyboard.press("Tab")
    expect(article.locator('[data-role="state"][data-for~="justification"]')).to_have_class(
        re.compile(r"\bis-saved\b"))
    stored, _histories_ = _histories(site, [item.id])
    assert stored[item.id].not_applicable
    assert stored[item.id].justification.startswith("Nothing is designed")


def test_the_save_status_and_a_conflict_sit_beside_the_control(page, phone, site):
    """In the full view (items 1,500 px tall) the status and the conflict choice must not
    appear at the far end of the item."""
    url = f"{site.url}/assessments/{site.assessment_id}/clauses/4?view=full"
    site.login(page)
    site.login(phone)
    page.goto(url)
    item = get_questionnaire().items_by_clause()["4"][2]
    mine = page.locator(f'article[id="item-{item.id}"]')
    theirs = phone.locator(f'article[id="item-{item.id}"]')

    notes = mine.locator('[data-field="notes"]')
    notes.fill("Reviewed at the management review")
    notes.blur()
    beside = mine.locator('[data-role="state"][data-for="notes"]')
    expect(beside).to_have_class(re.compile(r"\bis-saved\b"))
    assert _gap(notes, beside) < 80

    phone.goto(url)  # someone else opens the clause after that save
    theirs.locator(f'[id="f-{item.id}-outcome-4"]').check()
    expect(theirs.locator('[data-role="state"][data-for~="outcome"]')).to_have_class(
        re.compile(r"\bis-saved\b"))
    radio = mine.locator(f'[id="f-{item.id}-outcome-0"]')
    radio.check()
    panel = mine.locator(".conflict")
    expect(panel).to_be_visible()
    assert _gap(mine.locator(".scales"), panel) < 120, "the choice opens below the scales"
    expect(panel.get_by_role("button", name="Keep theirs")).to_be_focused()


def _gap(control, below) -> float:
    """Pixels from the bottom of ``control`` to the top of ``below``."""
    upper, lower = control.bounding_box(), below.bounding_box()
    return lower["y"] - (upper["y"] + upper["height"])
