"""A workshop in real browsers: a facilitator and two phones rate the same item.

The app is served by waitress in a thread with CSRF on, as in production; each
person has their own browser context (own cookies). The browser is the shared
``chromium`` fixture of tests/browser/conftest.py. Set GAPASSESS_SCREENSHOTS to a folder
to keep screenshots of the projector, a phone and the console.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gapassess.db import workshops
from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.serving import served, workshop_app

ITEMS = ["4.1-context-issues", "4.1-climate-relevance", "5.1.1-quality-culture"]
PHONE = {"width": 360, "height": 740}

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop_server(database_url, tmp_path, monkeypatch):
    """The app on a free loopback port, with a consultant and an open workshop."""
    with workshop_app(database_url, tmp_path, monkeypatch, ITEMS) as (app, _session, workshop):
        ids = (workshop.assessment_id, workshop.id, workshop.code)
    with served(app, threads=6) as url:
        yield url, ids


def _shot(page, name: str) -> None:
    folder = os.environ.get("GAPASSESS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _join(browser, base: str, code: str, name: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base}/j/{code.lower()}")
    page.get_by_label("Your name").fill(name)
    group = page.locator("select#group")
    if group.count():  # a workshop with groups asks for one
        group.select_option("front-line")
    page.get_by_role("button", name="Join").click()
    page.wait_for_selector("#ws-vote-form")
    return page


def _vote(page, compliance: int, outcome: int) -> None:
    page.locator(f'fieldset[data-axis="compliance"] label:has(input[value="{compliance}"])').tap()
    page.locator(f'fieldset[data-axis="outcome"] label:has(input[value="{outcome}"])').tap()
    from playwright.sync_api import expect

    expect(page.locator("#ws-status")).to_have_text("Your vote is saved.")


def test_two_phones_vote_and_the_facilitator_sees_the_spread_live(workshop_server, chromium):
    from playwright.sync_api import expect

    base, (assessment_id, workshop_id, code) = workshop_server
    console_url = f"{base}/assessments/{assessment_id}/workshops/{workshop_id}"
    facilitator = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    facilitator.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
                   if m.type == "error" and "favicon" not in m.location.get("url", "") else None)
    facilitator.goto(f"{base}/login")
    facilitator.get_by_label("Email").fill("c@acme.example")
    facilitator.get_by_label("Password").fill(factories.PASSWORD)
    facilitator.get_by_role("button", name="Log in").click()
    facilitator.goto(console_url)
    voters = facilitator.locator('[data-field="voters"]').first
    expect(voters).to_have_text("0")

    ana = _join(chromium, base, code, "Ana")
    ben = _join(chromium, base, code, "Ben")
    _vote(ana, 1, 0)
    expect(voters).to_have_text("1")  # no reload: the console polls
    _vote(ben, 4, 1)
    expect(voters).to_have_text("2")
    _shot(ben, "phone-voted")

    compliance = facilitator.locator('[data-spread] [data-axis="compliance"]')
    expect(compliance.locator('[data-stat="range"]')).to_have_text("3")
    expect(compliance.locator('[data-stat="median"]')).to_have_text("2.5")
    expect(compliance.locator('.ws-bar[data-level="1"] [data-count]')).to_have_text("1")
    expect(compliance.locator('.ws-bar[data-level="4"] [data-count]')).to_have_text("1")
    expect(facilitator.locator('[data-field="flag"]').first).to_be_visible()
    expect(facilitator.locator("#compliance")).to_have_value("2")  # pre-filled, rounded down
    _shot(facilitator, "console")

    ana.locator('fieldset[data-axis="compliance"] label:has(input[value="3"])').tap()
    expect(compliance.locator('[data-stat="range"]')).to_have_text("1")  # the vote was replaced
    expect(voters).to_have_text("2")
    expect(facilitator.locator('[data-field="flag"]').first).to_be_hidden()

    projector = facilitator.context.new_page()
    projector.goto(f"{console_url}/projector")
    expect(projector.locator(".pj-code")).to_have_text(workshops.format_code(code))
    expect(projector.locator('[data-field="voters"]')).to_have_text("2")
    facilitator.get_by_role("button", name="Show spread on projector").click()
    expect(projector.locator("#pj-spread")).to_be_visible()
    _shot(projector, "projector")

    facilitator.get_by_role("button", name="Next item").click()
    expect(ana.locator('#ws-item')).to_have_attribute("data-item-id", ITEMS[1])
    expect(projector.locator('[data-field="voters"]')).to_have_text("0")
    _shot(ana, "phone-vote")

    # Removing someone asks first, in rows the console redraws as people join and vote.
    ben_row = facilitator.locator("tr", has_text="Ben")
    ben_row.locator("summary").click()
    expect(ben_row).to_contain_text("Ben's phone stops; their votes are kept")
    assert_accessible(facilitator, "console asking to confirm a removal")
    _vote(ana, 2, 2)  # the room keeps voting while the facilitator decides
    expect(facilitator.locator("tr", has_text="Ana").locator("td").nth(1)).to_have_text("2")
    expect(ben_row.locator("details.confirm")).to_have_attribute("open", "")  # still open
    ben_row.get_by_role("button", name="Yes, remove Ben").click()
    expect(facilitator.locator("tr", has_text="Ben (removed)")).to_be_visible()
    expect(facilitator.locator("tr", has_text="Ana").locator("details.confirm")).to_have_count(1)
    assert not errors, errors


def test_a_slow_earlier_vote_never_overwrites_the_newer_choice(workshop_server, chromium):
    """The phone's first choice is held up on the network while the second is made: the
    second must not overtake it (the server would then keep the older one)."""
    from playwright.sync_api import expect

    base, (_assessment_id, _workshop_id, code) = workshop_server
    phone = _join(chromium, base, code, "Cy")
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    phone.route("**/vote", hold_the_first)
    phone.locator('fieldset[data-axis="compliance"] label:has(input[value="3"])').tap()
    phone.locator('fieldset[data-axis="outcome"] label:has(input[value="2"])').tap()
    phone.wait_for_timeout(1000)  # room for a second request to overtake the held one
    held[0].continue_()
    expect(phone.locator("#ws-status")).to_have_text("Your vote is saved.")
    phone.wait_for_timeout(500)
    phone.unroute("**/vote")
    phone.reload()
    expect(phone.locator('fieldset[data-axis="compliance"] input[value="3"]')).to_be_checked()
    expect(phone.locator('fieldset[data-axis="outcome"] input[value="2"]')).to_be_checked()
    phone.context.close()


def test_agenda_by_sub_clause_reordered_by_keyboard_and_opened(workshop_server, chromium):
    """Step 1 by sub-clause, step 2 reordered with the keyboard alone (each Move button
    keeps the focus on the item it moved), then opened: the phone counts the agenda."""
    from playwright.sync_api import expect

    from gapassess.domain.questionnaire.registry import get_questionnaire

    base, (assessment_id, _workshop_id, _code) = workshop_server
    bank = get_questionnaire()
    chosen = [item for item in bank.items if item.clause == "5.1.1"]
    last = chosen[-1]
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill("c@acme.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/assessments/{assessment_id}/workshops")

    box = page.locator('input[name="subclauses"][value="5.1.1"]')
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    _shot(page, "agenda-step1")
    page.get_by_role("button", name="Show the agenda").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"The agenda: {len(chosen)} items")).to_be_visible()

    # Move the last item to the top by pressing Enter again and again: after each move the
    # focus is back on the button that moved it.
    page.get_by_role("button", name=f"Move {last.clause} {last.title} up").focus()
    for position in range(len(chosen) - 1, 0, -1):
        button = page.locator(f"#ws-up-{position}")
        expect(button).to_be_focused()
        expect(button).to_have_accessible_name(f"Move {last.clause} {last.title} up")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    at_top = page.locator("#ws-down-0")  # at the top: the other way
    expect(at_top).to_be_focused()
    expect(at_top).to_have_accessible_name(f"Move {last.clause} {last.title} down")
    first_row = page.locator(".ws-agenda li").first
    expect(first_row).to_contain_text(last.title)
    # ...and remove the item now second, by keyboard.
    second = chosen[0]
    page.get_by_role("button", name=f"Remove {second.clause} {second.title} from the agenda"
                     ).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".ws-agenda li")).to_have_count(len(chosen) - 1)
    _shot(page, "agenda-step2")

    page.get_by_label("Title shown to the room").fill("Leadership only")
    page.get_by_role("button", name="Open the workshop").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Workshop open. Join code")).to_be_visible()
    link = page.locator("a[href*='/j/']").first.get_attribute("href")
    phone = _join(chromium, base, link.rsplit("/", 1)[-1], "Ana")
    expect(phone.locator(".ws-progress")).to_have_text(f"Item 1 of {len(chosen) - 1}")
    expect(phone.locator("#ws-item")).to_have_attribute("data-item-id", last.id)
    assert not errors, errors
