"""Every page a person can reach has no axe-core violations (WCAG 2.x A/AA and best
practice), in the states people see it in.

The pages are the GET routes of the access matrix (tests/test_access_matrix.py ROUTES),
filled from one of everything (tests/route_world.build_world) and visited as the lowest
role that may see each one and, for organisation pages, as a consultant too (who sees every
control). A GET route added to the matrix is visited here without a change; one that
answers something other than a page belongs in NOT_PAGES. Then the states a page only
reaches through use: an item's not-applicable box ticked and its justification flagged,
the autosave status, a workshop console with votes and the spread revealed, the projector,
a phone joining and voting at 390x844, a self-paced workshop's vote page, and the pages of
a removed participant and a closed workshop.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from gapassess.db import workshops
from gapassess.db.models import Assessment, Workshop
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.mail import Mailer
from gapassess.web.database import get_session
from tests import factories
from tests.browser.axe import describe, new_violations, violations
from tests.browser.serving import served
from tests.route_world import PARTICIPANT_COOKIE, build_world, route_url
from tests.test_access_matrix import (
    INVITEE,
    LOGIN,
    OPEN,
    ORG_ROLES,
    OWN_INVITATION,
    PARTICIPANT,
    ROUTES,
    SITE_ADMIN,
)

pytestmark = pytest.mark.browser

# GET routes that answer no page: files, images, JSON.
NOT_PAGES = {"static", "main.healthz", "results.chart", "results.report", "results.workbook",
             "workshop.state", "workshop.qr_code", "workshop.participant_state",
             "assess.evidence_download", "results.dossier"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def world_site(tmp_path_factory):
    """The app (CSRF on, as in production) on a migrated SQLite file holding the access
    matrix's world, served on a free port; yields (base url, app, world)."""
    from gapassess.db.connection import make_engine
    from gapassess.db.migrate import upgrade
    from gapassess.web import create_app

    folder = tmp_path_factory.mktemp("a11y")
    url = f"sqlite:///{folder / 'gapassess.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GAPASSESS_INSTANCE_PATH", str(folder / "instance"))
        app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False,
                          "REPORTS_DIR": str(folder / "reports")})
    with app.app_context():
        session = get_session()
        people = factories.gen_org_with_people(
            session, target_audit_date=date(date.today().year + 1, 6, 30))
        world = build_world(session, people)
        # Beside the world's facilitator-paced workshop: a self-paced one (its phones page
        # through the items) with a participant, and a closed one.
        consultant = people[2]["consultant"]
        assessment = session.get(Assessment, world["assessment_id"])
        items = world["_workshop_items"]
        self_paced = workshops.open_workshop(session, assessment, items, user=consultant,
                                             pacing="self", title="Self-paced")
        person, token = workshops.join(session, self_paced, "Sam")
        closed = workshops.open_workshop(session, assessment, items, user=consultant)
        workshops.close_workshop(session, closed, user=consultant)
        session.commit()
        world = {**world, "_self_paced": (self_paced.id, self_paced.code, person.id, token),
                 "_closed_code": closed.code}
    with served(app, threads=6) as base:
        # A mailer, so the pages show what they show where mail is sent (the forgotten
        # password form, invitations by mail); nothing here sends any.
        app.config["MAILER"] = Mailer(host="127.0.0.1", port=9, tls="none",
                                      sender="gapassess@acme.example", base_url=base)
        yield base, app, world


@pytest.fixture(scope="module")
def visitors(chromium, world_site):
    """``visitors(who)``: a page in a browser context of its own for "anonymous" or a
    logged-in role of tests/conftest.org_with_people; one context per visitor, reused."""
    base, _app, _world = world_site
    contexts = {}

    def visitor(who: str):
        if who not in contexts:
            context = chromium.new_context(viewport=DESKTOP)
            page = context.new_page()
            page.set_default_timeout(20_000)
            if who != "anonymous":
                page.goto(base + "/login")
                page.get_by_label("Email").fill(f"{who}@acme.example" if who in ORG_ROLES
                                                else "admin@example.com")
                page.get_by_label("Password").fill(factories.PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(base + "/")
            contexts[who] = page
        return contexts[who]

    yield visitor
    for page in contexts.values():
        page.context.close()


def _who_sees(rule: str) -> list[str]:
    """The visitors a page of this access rule is checked as."""
    if rule in (OPEN, INVITEE):
        return ["anonymous"]
    if rule == LOGIN:
        return ["viewer", "consultant"]
    if rule == SITE_ADMIN:
        return ["admin"]
    if rule in ORG_ROLES:
        return sorted({rule, "consultant"}, key=ORG_ROLES.get)
    raise AssertionError(f"no visitor for the rule {rule!r}")


def _pages() -> list[tuple[str, str]]:
    """(endpoint, visitor) for every GET page of the matrix."""
    pages = []
    for (endpoint, method), rule in sorted(ROUTES.items()):
        if method != "GET" or endpoint in NOT_PAGES:
            continue
        assert rule not in (PARTICIPANT, OWN_INVITATION), (
            f"{endpoint}: no visitor is set up for {rule!r} pages here")
        pages.extend((endpoint, who) for who in _who_sees(rule))
    return pages


def _check(page, where: str, problems: list[str], within: str | None = None) -> None:
    """axe on the page (or inside the elements the selector ``within`` finds) as it is,
    then again with every closed <details> there opened (forms in disclosures are hidden,
    and axe checks only what is shown)."""
    found = violations(page, within=within)
    if found:
        problems.append(describe(found, where))
    opened = page.evaluate("""(within) => {
        const closed = [...document.querySelectorAll(within || 'html')].flatMap(
            part => [...part.querySelectorAll('details:not([open])')]);
        closed.forEach(d => { d.open = true; });
        return closed.length;
    }""", within)
    if opened:
        more = new_violations(violations(page, within=within), found)
        if more:
            problems.append(describe(more, where + " (details opened)"))


def test_every_page_has_no_axe_violations(world_site, visitors):
    base, app, world = world_site
    problems: list[str] = []
    checked = []
    for endpoint, who in _pages():
        path = route_url(app, endpoint, world)
        page = visitors(who)
        response = page.goto(base + path)
        where = f"{endpoint} {path} as {who}"
        assert response is not None and response.status < 400, (
            f"{where}: {response and response.status}")
        assert response.headers.get("content-type", "").startswith("text/html"), (
            f"{where} is no page ({response.headers.get('content-type')}): add it to NOT_PAGES")
        page.wait_for_load_state("load")
        _check(page, where, problems)
        checked.append(endpoint)
    gets = {e for e, m in ROUTES if m == "GET"} - NOT_PAGES
    assert set(checked) == gets
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_the_pages_without_mail_have_no_axe_violations(world_site, visitors):
    """Where the installation sends no mail, the pages that would offer it say so instead."""
    base, app, world = world_site
    problems: list[str] = []
    mailer, app.config["MAILER"] = app.config["MAILER"], None
    try:
        for endpoint, who in (("auth.forgot", "anonymous"), ("orgs.members", "consultant")):
            page = visitors(who)
            page.goto(base + route_url(app, endpoint, world))
            _check(page, f"{endpoint} as {who}, no mail", problems)
    finally:
        app.config["MAILER"] = mailer
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_the_pages_of_errors_and_refusals_have_no_axe_violations(world_site, visitors):
    """What people meet when something is missing or not theirs to see."""
    base, app, world = world_site
    problems: list[str] = []
    cases = [
        ("anonymous", "/no-such-page", 404),
        ("viewer", "/no-such-page", 404),
        ("viewer", route_url(app, "orgs.edit", world), 403),
        ("anonymous", route_url(app, "workshop.short_link", world, code="ZZZZZZ"), 404),
        ("anonymous", route_url(app, "auth.reset", world, reset_token="not-a-token"), None),
        ("anonymous", route_url(app, "orgs.accept", world, token="not-a-token"), None),
    ]
    for who, path, status in cases:
        page = visitors(who)
        response = page.goto(base + path)
        if status is not None:
            assert response.status == status, (path, response.status)
        _check(page, f"{path} as {who} ({response.status})", problems)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_the_questionnaire_in_use_has_no_axe_violations(world_site, visitors):
    """A clause page while answering: autosave status shown, not-applicable ticked with its
    justification asked for, then flagged empty, then saved."""
    base, app, world = world_site
    bank = get_questionnaire()
    item = [i for i in bank.items[8:] if i.not_applicable_allowed][-1]  # the world answers 8
    page = visitors("assessor")
    page.goto(base + route_url(app, "assess.clause", world, clause=item.top_clause))
    problems: list[str] = []
    article = page.locator(f'article[id="item-{item.id}"]')
    state = article.locator('[data-role="state"][data-for~="justification"]')

    other = page.locator(f'article.item:not([id="item-{item.id}"])').first
    other.locator('input[type="radio"]:not(:checked)').first.check()
    expect(other.locator('[data-role="state"][data-for~="compliance"]')).to_have_class(
        re.compile(r"\bis-saved\b"))
    _check(page, "clause page, an answer autosaved", problems)

    # The rest of the page was checked above: from here on, the item that changes.
    within = f'article[id="item-{item.id}"]'
    article.locator(f'[id="f-{item.id}-na"]').check()
    expect(article.locator('[data-field="justification"]')).to_be_focused()
    _check(page, "clause page, not applicable ticked", problems, within)
    article.locator('[data-field="evidence"]').focus()
    expect(state).to_have_class(re.compile(r"\bis-error\b"))
    _check(page, "clause page, not applicable without justification", problems, within)
    article.locator('[data-field="justification"]').fill("Nothing is designed here.")
    expect(state).to_have_class(re.compile(r"\bis-saved\b"))
    _check(page, "clause page, not applicable saved", problems, within)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_a_workshop_in_use_has_no_axe_violations(world_site, visitors, chromium):
    """A phone (390x844) joins and votes, the console shows the votes with the spread
    revealed, the projector shows the spread; a self-paced workshop's vote page, the page
    of a removed participant and of a closed workshop."""
    base, app, world = world_site
    problems: list[str] = []
    phone_context = chromium.new_context(**PHONE)
    try:
        phone = phone_context.new_page()
        phone.set_default_timeout(20_000)
        phone.goto(base + route_url(app, "workshop.short_link", world))
        _check(phone, "phone, join page", problems)
        phone.get_by_label("Your name").fill("Ana")
        phone.get_by_role("button", name="Join").click()
        phone.wait_for_selector("#ws-vote-form")
        _check(phone, "phone, vote page", problems)
        for axis, level in (("compliance", 1), ("outcome", 3)):
            phone.locator(f'fieldset[data-axis="{axis}"] '
                          f'label:has(input[value="{level}"])').tap()
        expect(phone.locator("#ws-status")).to_have_text("Your vote is saved.")
        _check(phone, "phone, vote saved", problems)

        console = visitors("consultant")
        console.goto(base + route_url(app, "workshop.console", world))
        expect(console.locator('[data-field="voters"]').first).to_have_text("1")
        reveal = console.get_by_role("button", name="Show spread on projector")
        if reveal.count():
            reveal.click()
        expect(console.get_by_role("button", name="Hide spread on projector")).to_be_visible()
        _check(console, "console, votes in and spread revealed", problems)

        projector = console.context.new_page()
        projector.goto(base + route_url(app, "workshop.projector", world))
        expect(projector.locator("#pj-spread")).to_be_visible()
        _check(projector, "projector, spread revealed", problems)
        projector.close()

        # A self-paced workshop: the phone pages through the items; then it is removed.
        workshop_id, code, participant_id, token = world["_self_paced"]
        phone_context.add_cookies([{"name": PARTICIPANT_COOKIE, "value": token,
                                    "domain": "127.0.0.1", "path": f"/w/{code}/"}])
        room = base + route_url(app, "workshop.room", world, code=code)
        phone.goto(room + "?i=1")
        expect(phone.locator(".ws-pager")).to_be_visible()
        _check(phone, "phone, self-paced vote page", problems)
        with app.app_context():
            session = get_session()
            workshops.remove_participant(session, session.get(Workshop, workshop_id),
                                         participant_id, user=None)
            session.commit()
        assert phone.goto(room).status == 403
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "You are no longer in this workshop")
        _check(phone, "phone, removed from the workshop", problems)
        assert phone.goto(
            base + route_url(app, "workshop.room", world, code=world["_closed_code"])).ok
        expect(phone.get_by_role("heading", level=1)).to_have_text("This workshop is closed")
        _check(phone, "phone, workshop closed", problems)
    finally:
        phone_context.close()
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_the_compact_view_and_the_agenda_have_no_axe_violations(world_site, visitors):
    """Pages reached by a choice, not a URL of their own: the compact answering view (with
    a keyboard rating waiting to be saved) and step 2 of opening a workshop, the agenda."""
    base, app, world = world_site
    problems: list[str] = []
    page = visitors("consultant")
    clause = get_questionnaire().items[0].top_clause
    page.goto(base + route_url(app, "assess.clause", world, clause=clause) + "?view=compact")
    _check(page, "clause page, compact view", problems)
    row = page.locator("article.row").nth(1)
    row.locator('input[data-field="compliance"]').first.focus()
    page.keyboard.press("3")
    expect(row.locator('[data-role="state"][data-for~="compliance"]')).to_contain_text(
        "when you leave")
    _check(page, "clause page, compact view, a rating waiting", problems)
    page.keyboard.press("Enter")  # to the outcome
    page.keyboard.press("Enter")  # to the next item: this one is saved
    expect(row.locator('[data-role="state"][data-for~="compliance"]')).to_have_class(
        re.compile(r"\bis-saved\b"))
    page.goto(base + route_url(app, "assess.clause", world, clause=clause) + "?view=full")

    page.goto(base + route_url(app, "workshop.index", world))
    page.get_by_role("button", name="Show the agenda").click()
    page.wait_for_selector("#ws-open")
    _check(page, "workshop agenda (step 2)", problems)
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
