"""Starting an assessment from an earlier one and moving one to a newer bank version, in
the web pages: the preview saves nothing, accepting creates the new assessment and says
how much was carried, the undo deletes it and leaves the source as it was."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from gapassess.db.models import Assessment, Response
from gapassess.db.responses import save_response
from gapassess.web import create_app
from tests import factories
from tests.web_pages import csrf_login

BANK = "iso9001-2026"
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def earlier(db, org_with_people):
    org, _, _ = org_with_people
    source = factories.gen_assessment(db, org, title="Gap 2025", questionnaire_id=BANK,
                                      questionnaire_version="1.0")
    save_response(db, source, "4.1-context-issues",
                  {"compliance": 3, "outcome": 2, "evidence": f"Strategy {HOSTILE}",
                   "owner": "Ann"}, user=None)
    save_response(db, source, "4.1-context-monitoring", {"compliance": 1}, user=None)
    db.commit()
    return source


def _count(db, model=Assessment) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)))


def _text(html: str) -> str:
    inline = re.sub(r"</?a\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def test_new_page_offers_starting_from_an_earlier_assessment(client, login_as, db, earlier):
    login_as("assessor")
    url = f"/orgs/{earlier.organisation_id}/assessments/new"
    page = client.get(url).get_data(as_text=True)
    assert "an earlier assessment of this organisation" in page
    assert f'<option value="{earlier.id}">Gap 2025' in page
    response = client.post(url, data={"start": "earlier", "source": str(earlier.id),
                                      "questionnaire": BANK, "title": "Gap 2026",
                                      "baseline": "none"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"/assessments/{earlier.id}/carry?" in location and "kind=copy" in location
    assert "title=Gap+2026" in location and "version=1.0" in location
    assert _count(db) == 1  # nothing saved yet
    refused = client.post(url, data={"start": "earlier", "source": "999999",
                                     "questionnaire": BANK, "title": "Gap 2026"})
    assert refused.status_code == 200
    assert "Choose the earlier assessment to start from." in refused.get_data(as_text=True)


def test_preview_saves_nothing_and_lists_what_is_carried(client, login_as, db, earlier):
    login_as("assessor")
    response = client.get(f"/assessments/{earlier.id}/carry",
                          query_string={"kind": "copy", "title": HOSTILE})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert HOSTILE not in page and "&lt;script&gt;" in page
    text = _text(page)
    assert "Answers carried 2" in text and "Carried, to confirm 2" in text
    assert "Earlier answers left behind 0" in text
    assert "4.1-context-issues Context issues identified compliance 3, outcome 2" in text
    assert f"Gap 2025 (no. {earlier.id}), item 4.1-context-issues" in text
    assert '<th scope="row">' in page and '<th scope="col">' in page
    assert "<details>" in page  # the 73 unanswered items are folded
    assert _count(db) == 1 and _count(db, Response) == 2


def test_accepting_creates_the_copy_and_says_how_much_is_to_confirm(client, login_as, db,
                                                                   earlier):
    login_as("assessor")
    response = client.post(f"/assessments/{earlier.id}/carry",
                           data={"kind": "copy", "version": "1.0", "title": "Gap 2026"})
    assert response.status_code == 302
    new = db.scalar(select(Assessment).where(Assessment.title == "Gap 2026"))
    assert response.headers["Location"].endswith(f"/assessments/{new.id}")
    assert (new.origin_id, new.origin_kind, new.baseline_id) == (earlier.id, "copy", earlier.id)
    assert _count(db, Response) == 4
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = _text(page)
    assert "2 answers carried, 2 of them to confirm." in text
    assert "Started from Gap 2025" in text and "Discard this copy" in text
    old = _text(client.get(f"/assessments/{earlier.id}").get_data(as_text=True))
    assert "Copied forward as Gap 2026" in old


def test_a_title_is_required_and_a_bad_kind_or_version_is_refused(client, login_as, db,
                                                                  earlier):
    login_as("assessor")
    url = f"/assessments/{earlier.id}/carry"
    blank = client.post(url, data={"kind": "copy", "version": "1.0", "title": " "})
    assert blank.status_code == 400 and "Give the assessment a title." in blank.get_data(
        as_text=True)
    assert client.get(url, query_string={"kind": "merge"}).status_code == 400
    unknown = client.get(url, query_string={"kind": "copy", "version": "9.9"})
    assert unknown.status_code == 409
    assert "version 9.9 of question bank iso9001-2026 is not installed" in unknown.get_data(
        as_text=True)
    older = factories.gen_assessment(db, db.get(Assessment, earlier.id).organisation,
                                     questionnaire_id=BANK, questionnaire_version="2.0")
    db.commit()
    back = client.post(f"/assessments/{older.id}/carry",
                       data={"kind": "move", "version": "1.0", "title": "Back"})
    assert back.status_code == 409 and "older than" in back.get_data(as_text=True)
    assert _count(db) == 2


def test_viewers_and_other_organisations_cannot_start_or_discard(client, login_as, db,
                                                                  earlier):
    login_as("viewer")
    data = {"kind": "copy", "version": "1.0", "title": "Gap 2026"}
    assert client.get(f"/assessments/{earlier.id}/carry").status_code == 403
    assert client.post(f"/assessments/{earlier.id}/carry", data=data).status_code == 403
    assert client.post(f"/assessments/{earlier.id}/discard").status_code == 403
    page = client.get(f"/assessments/{earlier.id}").get_data(as_text=True)
    assert "/carry" not in page
    client.post("/logout")
    login_as("outsider")
    assert client.get(f"/assessments/{earlier.id}/carry").status_code == 404
    assert client.post(f"/assessments/{earlier.id}/carry", data=data).status_code == 404
    assert _count(db) == 1


def test_discarding_a_copy_asks_first_then_deletes_only_the_copy(client, login_as, db,
                                                                 earlier):
    login_as("assessor")
    client.post(f"/assessments/{earlier.id}/carry",
                data={"kind": "copy", "version": "1.0", "title": "Gap 2026"})
    new = db.scalar(select(Assessment).where(Assessment.title == "Gap 2026"))
    save_response(db, new, "4.1-context-issues", {"compliance": 4}, user=None,
                  expected_version=1)
    save_response(db, new, "5.1.1-quality-culture", {"compliance": 1}, user=None)  # new here
    db.commit()
    ask = client.get(f"/assessments/{new.id}/discard")
    assert ask.status_code == 200
    text = _text(ask.get_data(as_text=True))
    assert "2 answers given, changed or confirmed" in text and "0 workshops" in text
    assert "“Gap 2025”, which it was started from, stays as it was." in text
    assert _count(db) == 2
    done = client.post(f"/assessments/{new.id}/discard")
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/assessments/{earlier.id}")
    assert _count(db) == 1 and _count(db, Response) == 2
    assert "was discarded" in client.get(done.headers["Location"]).get_data(as_text=True)
    not_started = client.post(f"/assessments/{earlier.id}/discard")
    assert not_started.status_code == 302 and _count(db) == 1


def test_the_accept_and_the_undo_need_the_token(database_url, tmp_path, monkeypatch, db,
                                                earlier):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False})
    try:
        client = app.test_client()
        csrf_login(client, "assessor@acme.example")
        url = f"/assessments/{earlier.id}/carry"
        data = {"kind": "copy", "version": "1.0", "title": "Gap 2026"}
        assert client.post(url, data=data).status_code == 400
        assert _count(db) == 1
        page = client.get(url, query_string={"kind": "copy", "title": "Gap 2026"})
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                          page.get_data(as_text=True)).group(1)
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 302
        new = db.scalar(select(Assessment).where(Assessment.title == "Gap 2026"))
        assert client.post(f"/assessments/{new.id}/discard").status_code == 400
        assert _count(db) == 2
    finally:
        app.extensions["gapassess.engine"].dispose()


# --- moving to a newer bank version ---------------------------------------------------

LINK = SimpleNamespace


class FakeUpgrade:
    """An upgrade file from 1.0 to 2.0: 4.1-context-issues is the same item,
    4.1-context-monitoring is only part of a 2.0 item, the rest have no counterpart."""

    def __init__(self, new_ids):
        first = "4.1-context-issues"
        self.links = {first: (LINK(target=first, relationship="equal", rationale=""),),
                      "4.1-context-monitoring": (LINK(target=new_ids[1],
                                                      relationship="subset", rationale=""),)}
        self.removed = {"4.1-climate-relevance": "folded into the 2.0 context items"}


@pytest.fixture
def upgrade(monkeypatch):
    """The 1.0 -> 2.0 upgrade (the shipped file's loader where it is installed)."""
    from gapassess.domain.questionnaire import get_questionnaire

    new_ids = [item.id for item in get_questionnaire(BANK, "2.0").items]
    fake = FakeUpgrade(new_ids)
    try:
        import gapassess.domain.questionnaire.upgrade as module
    except ImportError:
        import sys
        import types

        module = types.ModuleType("gapassess.domain.questionnaire.upgrade")
        monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(module, "upgrade_for",
                        lambda qid, old, new: fake if (qid, old, new) == (BANK, "1.0", "2.0")
                        else None, raising=False)
    return fake


def test_move_preview_accept_notices_and_undo(client, login_as, db, earlier, upgrade,
                                              monkeypatch):
    save_response(db, earlier, "4.1-climate-relevance", {"compliance": 2}, user=None)
    db.commit()
    login_as("viewer")
    page = _text(client.get(f"/assessments/{earlier.id}").get_data(as_text=True))
    assert "Bank version 2.0 is available." in page and "Preview the move" not in page
    import gapassess.domain.questionnaire.upgrade as module

    with monkeypatch.context() as no_file:
        no_file.setattr(module, "upgrade_for", lambda *args: None)
        page = _text(client.get(f"/assessments/{earlier.id}").get_data(as_text=True))
        assert "Bank version 2.0 is available" not in page  # no upgrade file leads there
    client.post("/logout")
    login_as("assessor")
    overview = client.get(f"/assessments/{earlier.id}").get_data(as_text=True)
    assert "Preview the move to version 2.0" in overview
    preview = client.get(f"/assessments/{earlier.id}/carry",
                         query_string={"kind": "move", "version": "2.0"})
    assert preview.status_code == 200
    text = _text(preview.get_data(as_text=True))
    assert "Move to bank version 2.0" in text
    assert "Carried over unchanged 1" in text and "Of them to confirm 1" in text
    assert "Carried, to confirm 0" in text  # the one to confirm is listed with its warning
    assert "Carried with a warning 1" in text and "This item asks for more" in text
    assert "Earlier answers left behind 1" in text
    assert "4.1-climate-relevance Climate change relevance decided compliance 2" in text
    assert "folded into the 2.0 context items" in text
    assert _count(db) == 1
    accepted = client.post(f"/assessments/{earlier.id}/carry",
                           data={"kind": "move", "version": "2.0", "title": "Gap 2025"})
    assert accepted.status_code == 302
    new = db.scalar(select(Assessment).where(Assessment.origin_kind == "move"))
    assert new.questionnaire_version == "2.0" and new.origin_id == earlier.id
    moved = _text(client.get(accepted.headers["Location"]).get_data(as_text=True))
    assert "Moved to bank version 2.0 as “Gap 2025”: 2 answers carried" in moved
    assert "Moved from Gap 2025 (bank version 1.0)." in moved and "Undo the move" in moved
    old = _text(client.get(f"/assessments/{earlier.id}").get_data(as_text=True))
    assert "Moved to bank version 2.0 as Gap 2025." in old
    assert "Bank version 2.0 is available" not in old
    ask = _text(client.get(f"/assessments/{new.id}/discard").get_data(as_text=True))
    assert "0 answers given, changed or confirmed" in ask
    undone = client.post(f"/assessments/{new.id}/discard")
    assert undone.headers["Location"].endswith(f"/assessments/{earlier.id}")
    assert _count(db) == 1 and _count(db, Response) == 3
