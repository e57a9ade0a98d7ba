"""A real server and a real Chromium for browser tests.

The app runs from ``create_app`` on a migrated SQLite file, served by waitress in a
background thread on a free loopback port; Chromium is the system package driven by
Playwright (never downloaded). Without /usr/bin/chromium the tests skip, except in CI
(env CI set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.browser.serving import served

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-password"


@pytest.fixture(scope="module")
def chromium():
    """One browser per module (a module may start its own Playwright after this one ends)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install the Debian chromium package in CI")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Site:
    url: str
    app: object
    org_id: int
    consultant: str
    assessment_id: int  # an assessment with a few answers, made through the services

    def login(self, page, email: str | None = None) -> None:
        page.goto(self.url + "/login")
        page.get_by_label("Email").fill(email or self.consultant)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(self.url + "/")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app on a real SQLite file, served by waitress on a free port."""
    from gapassess.db import accounts
    from gapassess.db.connection import make_engine
    from gapassess.db.migrate import upgrade
    from gapassess.db.models import Organisation
    from gapassess.db.responses import create_assessment, save_response
    from gapassess.domain.questionnaire import get_questionnaire
    from gapassess.web import create_app
    from gapassess.web.database import get_session

    folder = tmp_path_factory.mktemp("site")
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
        org = Organisation(name="Acme Widgets", sector="Manufacturing",
                           target_audit_date=date(date.today().year + 1, 6, 30),
                           capacity_days_per_month=10.0)
        session.add(org)
        session.flush()
        user = accounts.create_user(session, email="consultant@acme.example", name="Casey",
                                    password=PASSWORD, hash_method="pbkdf2:sha256:1000")
        accounts.add_membership(session, user, org, "consultant")
        bank = get_questionnaire()
        assessment = create_assessment(
            session, organisation_id=org.id, questionnaire_id=bank.id,
            questionnaire_version=bank.version, title="Seeded assessment", user=user)
        for n, item in enumerate(bank.items[:12]):
            save_response(session, assessment, item.id,
                          {"compliance": n % 4, "outcome": n % 3}, user=user)
        session.commit()
        ids = org.id, assessment.id
    with served(app) as url:
        yield Site(url, app, ids[0], "consultant@acme.example", ids[1])


@pytest.fixture
def page(chromium, site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def phone(chromium, site):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
