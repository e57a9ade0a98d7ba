"""Fixtures for the organisation and questionnaire page tests: a small question bank, one
assessment per organisation on it, and a client of an app with CSRF protection on.

Test modules load them with ``pytest_plugins = ("tests.web_bank",)``.
"""

from __future__ import annotations

import pytest
import yaml

from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web import create_app
from tests import factories
from tests.web_pages import BANK, BANK_ID


@pytest.fixture(scope="session")
def bank_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banks")
    (folder / f"{BANK_ID}.yaml").write_text(yaml.safe_dump(BANK, sort_keys=False))
    return folder


@pytest.fixture
def bank(bank_folder, monkeypatch):
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(bank_folder))
    return get_questionnaire(BANK_ID)


@pytest.fixture
def assessments(db, org_with_people, bank):
    """(Acme's draft assessment, Other Co's assessment), both on the test bank."""
    org, other, _ = org_with_people
    mine = factories.gen_assessment(
        db, org, questionnaire_id=BANK_ID, questionnaire_version=bank.version
    )
    theirs = factories.gen_assessment(
        db,
        other,
        questionnaire_id=BANK_ID,
        questionnaire_version=bank.version,
        title="Other Co secret review",
    )
    db.commit()
    return mine, theirs


@pytest.fixture
def csrf_client(database_url, tmp_path, monkeypatch, bank_folder):
    """A client of an app with CSRF protection on (the normal setting)."""
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(bank_folder))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "REPORTS_DIR": str(tmp_path / "reports"),
        }
    )
    yield app.test_client()
    app.extensions["gapassess.engine"].dispose()
