"""Creating assessments, the overview, finalising, and what the clause pages show."""

from __future__ import annotations

import os
import re

import pytest
import yaml
from sqlalchemy import select

from gapassess.db import responses
from gapassess.db.models import Assessment, AuditEvent
from tests import factories
from tests.web_pages import (
    BANK,
    BANK_ID,
    ESCAPED,
    HOSTILE,
    ITEM,
    NA_ITEM,
    browser_form,
)

pytest_plugins = ("tests.web_bank",)


def _article(page: str, item_id: str) -> str:
    match = re.search(rf'<article[^>]*id="item-{re.escape(item_id)}".*?</article>', page, re.S)
    assert match, item_id
    return match.group(0)


def test_create_assessment_pins_the_bank_and_records_it(
    client, login_as, db, org_with_people, bank
):
    org, _, _ = org_with_people
    earlier = factories.gen_assessment(
        db, org, title="2025 review", questionnaire_id=BANK_ID, questionnaire_version="1.0"
    )
    db.commit()
    me = login_as("assessor")
    page = client.get(f"/orgs/{org.id}/assessments/new").get_data(as_text=True)
    assert "Web test bank (version 1.0)" in page and "2025 review" in page
    response = client.post(
        f"/orgs/{org.id}/assessments/new",
        data={
            "questionnaire": BANK_ID,
            "title": "2026 review",
            "scope": "Site A only",
            "baseline": str(earlier.id),
        },
    )
    assert response.status_code == 302
    created = db.scalar(select(Assessment).where(Assessment.title == "2026 review"))
    assert response.headers["Location"].endswith(f"/assessments/{created.id}")
    assert (created.questionnaire_id, created.questionnaire_version) == (BANK_ID, bank.version)
    assert (created.scope, created.baseline_id, created.status) == (
        "Site A only",
        earlier.id,
        "draft",
    )
    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "assessment", AuditEvent.entity_id == str(created.id)
        )
    )
    assert event.action == "create" and event.user_id == me.id
    overview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "created. Start with clause 4." in overview
    assert "2025 review" in overview  # baseline linked


def test_baseline_must_belong_to_the_same_organisation(
    client, login_as, db, org_with_people, assessments
):
    org, _, _ = org_with_people
    _, theirs = assessments
    login_as("consultant")
    response = client.post(
        f"/orgs/{org.id}/assessments/new",
        data={"questionnaire": BANK_ID, "title": "Sneaky", "baseline": str(theirs.id)},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert "Other Co secret review" not in response.get_data(as_text=True)
    assert db.scalar(select(Assessment).where(Assessment.title == "Sneaky")) is None


def test_title_is_required_and_unknown_bank_refused(client, login_as, db, org_with_people, bank):
    org, _, _ = org_with_people
    login_as("consultant")
    blank = client.post(
        f"/orgs/{org.id}/assessments/new",
        data={"questionnaire": BANK_ID, "title": " ", "baseline": "none"},
    )
    assert "Give the assessment a title." in blank.get_data(as_text=True)
    unknown = client.post(
        f"/orgs/{org.id}/assessments/new",
        data={"questionnaire": "nope", "title": "X", "baseline": "none"},
    )
    assert "Not a valid choice" in unknown.get_data(as_text=True)
    assert db.scalar(select(Assessment)) is None


def test_overview_shows_progress_per_clause_and_overall(client, login_as, db, assessments):
    mine, _ = assessments
    responses.save_response(db, mine, ITEM, {"compliance": 1, "outcome": 1}, user=None)
    responses.save_response(db, mine, "4.4-process-map", {"notes": "started"}, user=None)
    responses.save_response(
        db, mine, NA_ITEM, {"not_applicable": True, "justification": "No parties"}, user=None
    )
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{mine.id}").get_data(as_text=True)
    assert "2 of 5 answered, 1 started" in page
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\"><a[^>]*>([\d.]+) [^<]*</a></th>\s*"
        r"<td>(\d+) of (\d+)</td><td>(\d+)</td>",
        page,
    )
    assert rows == [("4", "2", "3", "1"), ("5", "0", "1", "0"), ("10", "0", "1", "0")]


def test_finalise_and_reopen(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("consultant")
    response = client.post(
        f"/assessments/{mine.id}/status",
        data={"status": "final", "override_reason": "Nothing reviewed: board meeting."},
        follow_redirects=True,  # nothing is reviewed yet: the final rule wants a reason
    )
    page = response.get_data(as_text=True)
    assert "Assessment finalised: answers are now read-only." in page
    assert "Reopen assessment" in page
    db.expire_all()
    assert db.get(Assessment, mine.id).status == "final"
    clause = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "This assessment is final" in clause and 'type="radio"' not in clause
    reopened = client.post(
        f"/assessments/{mine.id}/status", data={"status": "draft"}, follow_redirects=True
    )
    assert "Assessment reopened" in reopened.get_data(as_text=True)
    db.expire_all()
    assert db.get(Assessment, mine.id).status == "draft"
    events = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "assessment", AuditEvent.action == "update")
        .order_by(AuditEvent.id)
    )
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("draft", "final"),
        ("final", "draft"),
    ]


def test_bad_status_is_refused(client, login_as, db, assessments):
    mine, _ = assessments
    login_as("consultant")
    assert (
        client.post(f"/assessments/{mine.id}/status", data={"status": "archived"}).status_code
        == 400
    )
    db.expire_all()
    assert db.get(Assessment, mine.id).status == "draft"


def test_clause_page_shows_everything_about_each_item(client, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    page = client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True)
    assert "4.1 Understanding the organization and its context" in page  # sub-clause heading
    item = _article(page, ITEM)
    for text in (
        "How well is context issues handled?",
        "Look at how context issues works in daily practice.",
        "Records showing context issues is defined and followed.",
        "Results of context issues are measured and acted on.",
        "Paperwork about context issues that nobody uses.",
        "Expanded in 2026",
        "<li>context</li>",
        "<li>climate</li>",
        "<legend>Compliance (structure)</legend>",
        "<legend>Outcome (performance)</legend>",
        "Issues are listed once a year in a register.",  # the item's own wording
        "Not rated yet",
        "Change history (0)",
        "No changes recorded yet.",
    ):
        assert text in item, text
    heading = re.search(r'<h3 id="f-[^"]+-t">(.*?)</h3>', item, re.S).group(1)
    assert '<span class="item-title">Context issues in practice</span>' in heading
    assert f'Clause <span class="clause-no">4.1</span> · <span class="item-id">{ITEM}</span>' \
        in heading
    assert f'aria-labelledby="f-{ITEM}-t"' in item
    assert "Written down." not in item  # replaced by the item's wording
    assert "Written down." in _article(page, NA_ITEM)
    assert item.count('type="radio"') == 12
    for level in range(5):
        assert f'<label for="f-{ITEM}-compliance-{level}">' in item
    assert "not_applicable" not in item  # this item does not allow it
    na = _article(page, NA_ITEM)
    assert f'name="{NA_ITEM}:not_applicable"' in na
    assert "Only when no outside party has needs that matter here." in na
    # The justification follows the box straight away, before the guidance on when N/A fits.
    box = na.index(f'id="f-{NA_ITEM}-na"')
    justification = na.index(f'id="f-{NA_ITEM}-justification"')
    assert box < justification < na.index(f'id="f-{NA_ITEM}-na-hint"')
    assert "<input" not in na[box:justification]
    assert "New in 2026" in na
    assert 'data-save-url="/assessments/' in item
    assert 'src="/static/assess.js"' in page
    assert "<script>" not in page and "style=" not in page  # CSP: no inline code or style


def test_clause_navigation(client, login_as, assessments):
    mine, _ = assessments
    login_as("viewer")
    page = client.get(f"/assessments/{mine.id}/clauses/5").get_data(as_text=True)
    assert 'aria-current="page"><span class="num">5</span><span class="title">Leadership' in page
    assert f'rel="prev" href="/assessments/{mine.id}/clauses/4"' in page
    assert f'rel="next" href="/assessments/{mine.id}/clauses/10"' in page
    assert "5.1 Leadership and commitment" in page


def test_history_lists_who_when_and_what_changed(
    client, login_as, db, org_with_people, assessments
):
    mine, _ = assessments
    _, _, people = org_with_people
    responses.save_response(
        db, mine, ITEM, {"compliance": 1, "owner": "Ann"}, user=people["assessor"]
    )
    db.commit()
    responses.save_response(db, mine, ITEM, {"compliance": 3}, user=people["consultant"])
    db.commit()
    login_as("viewer")
    item = _article(client.get(f"/assessments/{mine.id}/clauses/4").get_data(as_text=True), ITEM)
    assert "Change history (2)" in item
    history = item[item.index('class="history"') :]
    assert history.index(people["consultant"].name) < history.index(people["assessor"].name)
    assert (
        '<span class="before">1 · Informal</span> → <span class="after">3 · Implemented</span>'
    ) in history
    assert '<span class="before">(empty)</span> → <span class="after">Ann</span>' in history
    assert "(first answer)" in history


@pytest.mark.parametrize("who", ["assessor", "viewer"])
def test_hostile_answer_text_is_escaped(client, login_as, db, assessments, who):
    mine, _ = assessments
    mine.title = HOSTILE
    mine.scope = HOSTILE
    for field in ("evidence", "notes", "owner"):
        responses.save_response(db, mine, ITEM, {field: HOSTILE}, user=None)
    responses.save_response(
        db, mine, NA_ITEM, {"not_applicable": True, "justification": HOSTILE}, user=None
    )
    db.commit()
    login_as(who)
    for url in (
        f"/assessments/{mine.id}",
        f"/assessments/{mine.id}/clauses/4",
        "/",
        f"/orgs/{mine.organisation_id}",
        f"/assessments/{mine.id}/clauses/4?view=compact",
    ):
        page = client.get(url).get_data(as_text=True)
        assert HOSTILE not in page, url
        assert ESCAPED in page, url
    for view in ("full", "compact"):
        clause = client.get(f"/assessments/{mine.id}/clauses/4?view={view}").get_data(True)
        assert clause.count(ESCAPED) >= 5, view  # evidence, notes, owner, justification, history


def test_bank_that_cannot_load_gives_a_message_not_a_traceback(
    client, login_as, db, org_with_people, bank
):
    org, _, _ = org_with_people
    lost = factories.gen_assessment(db, org, questionnaire_id="gone-bank")
    db.commit()
    login_as("viewer")
    response = client.get(f"/assessments/{lost.id}")
    assert response.status_code == 503
    assert "The question bank" in response.get_data(as_text=True)


def test_newer_bank_version_is_pointed_out(client, login_as, db, org_with_people, bank):
    org, _, _ = org_with_people
    old = factories.gen_assessment(db, org, questionnaire_id=BANK_ID, questionnaire_version="0.9")
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{old.id}").get_data(as_text=True)
    assert "started with version 0.9" in page and "version 1.0 is installed" in page


def test_an_assessment_stays_on_its_bank_version(
    client, login_as, db, org_with_people, bank_folder, monkeypatch
):
    """With two versions installed, an assessment shows the one it was started on, and a
    new assessment is offered the newest."""
    first = {**BANK["items"][0], "title": "Wording of the older version"}
    older = {**BANK, "version": "0.8", "items": [first, *BANK["items"][1:]]}
    (bank_folder.parent / "older").mkdir(exist_ok=True)
    (bank_folder.parent / "older" / "older.yaml").write_text(yaml.safe_dump(older))
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH",
                       os.pathsep.join([str(bank_folder), str(bank_folder.parent / "older")]))
    org, _, _ = org_with_people
    old = factories.gen_assessment(db, org, questionnaire_id=BANK_ID, questionnaire_version="0.8")
    db.commit()
    login_as("viewer")
    page = client.get(f"/assessments/{old.id}/clauses/4").get_data(as_text=True)
    assert "Wording of the older version" in page and "is installed now" not in page
    from gapassess.web.services.banks import available_banks

    assert [b.version for b in available_banks() if b.id == BANK_ID] == [BANK["version"]]


def test_compact_view_is_one_row_per_item_and_stays_chosen(client, login_as, assessments):
    mine, _ = assessments
    login_as("assessor")
    url = f"/assessments/{mine.id}/clauses/4"
    full = client.get(url).get_data(as_text=True)
    assert 'class="item row' not in full and f'href="{url}?view=compact"' in full
    page = client.get(url + "?view=compact").get_data(as_text=True)
    in_clause = [i for i in BANK["items"] if i["clause"].split(".")[0] == "4"]
    assert page.count('<article class="item row') == len(in_clause)
    assert page.count("What the levels mean") == 1  # the scale descriptions, once per page
    assert page.count("Written down.") == 1  # a generic level description: in the key only
    row = _article(page, ITEM)
    # On demand, inside the row: the question, guidance and the item's own level wording.
    details = row[row.index('<details class="row-more">'):]
    for text in ("How well is context issues handled?",
                 "Look at how context issues works in daily practice.",
                 "Issues are listed once a year in a register."):
        assert text in details, text
    assert row.count('type="radio"') == 12
    for name in ("compliance", "outcome", "owner", "evidence", "notes"):
        assert f'name="{ITEM}:{name}"' in row, name
    assert f'name="{NA_ITEM}:not_applicable"' in _article(page, NA_ITEM)
    assert "<script>" not in page and "style=" not in page
    # Chosen once, the view stays for this browser until switched back.
    assert '<article class="item row' in client.get(url).get_data(as_text=True)
    assert f'href="{url}?view=full"' in client.get(url).get_data(as_text=True)
    assert 'class="item row' not in client.get(url + "?view=full").get_data(as_text=True)
    assert 'class="item row' not in client.get(url).get_data(as_text=True)
    assert 'class="item row' not in client.get(url + "?view=other").get_data(as_text=True)


def test_compact_view_posts_the_whole_clause_without_script(
    client, login_as, db, assessments
):
    """Without JavaScript the compact rows post the same fields as the full view, and what
    sits folded away (evidence, notes) is kept as it was."""
    mine, _ = assessments
    responses.save_response(db, mine, ITEM, {"evidence": "Context register"}, user=None)
    db.commit()
    login_as("assessor")
    url = f"/assessments/{mine.id}/clauses/4"
    fields = browser_form(client.get(url + "?view=compact").get_data(as_text=True))
    fields.update({f"{ITEM}:compliance": "3", f"{ITEM}:outcome": "2", f"{ITEM}:owner": "Ann"})
    response = client.post(url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.expire_all()
    stored = responses.get_response(db, mine.id, ITEM)
    assert (stored.compliance, stored.outcome, stored.owner) == (3, 2, "Ann")
    assert stored.evidence == "Context register"
    assert responses.get_response(db, mine.id, NA_ITEM) is None  # untouched rows: not saved


def test_compact_view_reads_for_a_viewer(client, login_as, db, assessments):
    mine, _ = assessments
    responses.save_response(db, mine, ITEM, {"compliance": 3, "owner": "Ann"}, user=None)
    db.commit()
    login_as("viewer")
    row = _article(client.get(f"/assessments/{mine.id}/clauses/4?view=compact").get_data(True),
                   ITEM)
    assert "3 · Implemented" in row and "Ann" in row
    assert "<input" not in row and "<textarea" not in row
