"""The projector view fits a room's screen: nothing scrolls, everything the room must read
is inside the viewport, and level labels are large enough to read from the back.

Uses the longest question of the shipped banks, votes on every level of both axes and
reveals the spread through the console's button. Set GAPASSESS_SCREENSHOTS to a folder to
keep a screenshot per viewport.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gapassess.db import workshop_votes, workshops
from gapassess.domain.questionnaire.registry import list_questionnaires
from tests import factories
from tests.browser.serving import served, workshop_app

pytestmark = pytest.mark.browser

VIEWPORTS = [(1024, 768), (1280, 720), (1280, 800), (1366, 768), (1920, 1080)]
MIN_LABEL_PX = 28  # at 1280x720, readable from the back of a room


def _longest_question():
    """(bank, item) with the longest question in any shipped bank."""
    return max(((bank, item) for bank in list_questionnaires() for item in bank.items),
               key=lambda pair: len(pair[1].question))


@pytest.fixture
def revealed_projector(database_url, tmp_path, monkeypatch, chromium):
    """A facilitator's browser on the console of a workshop on the longest question,
    with votes on every level; yields (console page, projector url)."""
    bank, item = _longest_question()
    with workshop_app(database_url, tmp_path, monkeypatch, [item.id],
                      questionnaire_id=bank.id, questionnaire_version=bank.version) \
            as (app, session, workshop):
        for n, (c, o) in enumerate([(0, 4), (1, 3), (2, 2), (3, 1), (4, 0), (2, 3), (2, 1)]):
            person, _token = workshops.join(session, workshop, f"Person {n}")
            session.commit()
            workshop_votes.record_vote(session, workshop, person, item.id, compliance=c,
                                       outcome=o, submission_id=f"{n:032x}")
        ids = workshop.assessment_id, workshop.id
    with served(app) as base:
        console = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        console.set_default_timeout(20_000)
        console.goto(f"{base}/login")
        console.get_by_label("Email").fill("c@acme.example")
        console.get_by_label("Password").fill(factories.PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console_url = f"{base}/assessments/{ids[0]}/workshops/{ids[1]}"
        console.goto(console_url)
        console.get_by_role("button", name="Show spread on projector").click()
        yield console, f"{console_url}/projector", item
        console.context.close()


def _outside(box, width: int, height: int) -> bool:
    return (box is None or box["x"] < 0 or box["y"] < 0
            or box["x"] + box["width"] > width + 0.5 or box["y"] + box["height"] > height + 0.5)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_the_revealed_spread_fits_the_screen_without_scrolling(revealed_projector, width,
                                                               height):
    from playwright.sync_api import expect

    console, projector_url, item = revealed_projector
    page = console.context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(projector_url)
    expect(page.locator("#pj-spread")).to_be_visible()
    expect(page.locator('[data-field="question"]')).to_have_text(item.question)
    page.evaluate("document.fonts.ready")
    folder = os.environ.get("GAPASSESS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"projector-{width}x{height}.png"))

    size = page.evaluate("""() => ({
        scrollHeight: document.scrollingElement.scrollHeight,
        scrollWidth: document.scrollingElement.scrollWidth,
        innerHeight: window.innerHeight, innerWidth: window.innerWidth})""")
    assert size["scrollHeight"] <= size["innerHeight"], size
    assert size["scrollWidth"] <= size["innerWidth"], size

    parts = {"question": page.locator('[data-field="question"]'),
             "code": page.locator(".pj-code"),
             "qr": page.locator(".pj-qr")}
    for axis in ("compliance", "outcome"):
        bars = page.locator(f'#pj-spread [data-axis="{axis}"] .ws-bar')
        expect(bars).to_have_count(5)
        for level in range(5):
            bar = bars.nth(level)
            parts[f"{axis} bar {level}"] = bar
            parts[f"{axis} count {level}"] = bar.locator("[data-count]")
            parts[f"{axis} label {level}"] = bar.locator(".ws-level-name")
    outside = [name for name, part in parts.items()
               if _outside(part.bounding_box(), width, height)]
    assert not outside, f"outside the {width}x{height} viewport: {outside}"

    code = page.locator(".pj-code")
    assert code.evaluate("e => e.scrollWidth <= e.clientWidth"), "the join code is cut"
    assert code.evaluate("e => e.getClientRects().length") == 1  # one line

    if (width, height) == (1280, 720):
        sizes = page.locator("#pj-spread .ws-level-name").evaluate_all(
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert len(sizes) == 10
        assert min(sizes) >= MIN_LABEL_PX, sizes
