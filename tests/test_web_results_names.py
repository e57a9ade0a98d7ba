"""Results pages name items and actions by their short titles, the kind telling apart the
two actions of one item, and keep ids as small print."""

from __future__ import annotations

import pytest
from markupsafe import escape

from gapassess.db.responses import save_response
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.web.results.roadmap_view import action_label, anchor
from tests import results_data
from tests.test_web_results_roadmap import _card, _edit


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = results_data.answered_assessment(db, org)
    db.commit()
    return a


def _roadmap_page(client, assessment) -> str:
    return client.get(f"/assessments/{assessment.id}/roadmap").get_data(as_text=True)


def test_after_links_name_the_kind(client, db, login_as, assessment):
    login_as("viewer")
    roadmap = results_data.score(db, assessment).roadmap
    by_id = {a.id: a for a in roadmap.actions}
    waiting = [a for a in roadmap.actions if any(d in by_id for d in a.depends_on)]
    assert waiting, "the demo answers should give at least one action that waits for another"
    page = _roadmap_page(client, assessment)
    for action in waiting[:5]:
        after = _card(page, action.id).split('<p class="depends">After:', 1)[1].split("</p>")[0]
        for dep_id in action.depends_on:
            dep = by_id[dep_id]
            link = f'<a href="#{anchor(dep_id)}">{escape(f"{dep.title} ({dep.kind})")}</a>'
            assert link in after


def test_both_actions_of_an_item_share_its_title_and_differ_by_kind(db, assessment):
    roadmap = results_data.score(db, assessment).roadmap
    by_item: dict[str, list] = {}
    for action in roadmap.actions:
        if action.item_id:
            by_item.setdefault(action.item_id, []).append(action)
    pair = next(actions for actions in by_item.values() if len(actions) == 2)
    title = get_questionnaire().item(pair[0].item_id).title
    assert {a.title for a in pair} == {title}
    assert sorted(action_label(a) for a in pair) == [f"{title} (conformity)", f"{title} (outcome)"]
    milestone = next(a for a in roadmap.actions if a.kind == "milestone")
    assert action_label(milestone) == milestone.title


def test_action_cards_are_headed_by_the_title(client, db, login_as, assessment):
    login_as("assessor")  # who also gets the edit form, labelled for this action
    action = results_data.first_action(db, assessment)
    card = _card(_roadmap_page(client, assessment), action.id)
    assert f"#{action.priority}</span> {escape(action.title)}</h3>" in card
    assert f"<p>{escape(action.description)}</p>" in card
    assert f'for {escape(action_label(action))}</span>' in card


def test_the_saved_message_names_the_kind(client, db, login_as, assessment):
    action = results_data.first_action(db, assessment, kind="outcome")
    login_as("assessor")
    response = _edit(client, assessment.id, action.id, owner="Quality lead")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Saved: {escape(action.title)} (outcome)." in page
    again = _edit(client, assessment.id, action.id, owner="Quality lead")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert f"Nothing changed: {escape(action.title)} (outcome)." in page


def test_an_edit_kept_aside_is_named_by_title_with_the_id_in_small_print(
    client, db, login_as, assessment
):
    action = results_data.first_action(db, assessment)
    login_as("assessor")
    _edit(client, assessment.id, action.id, owner="Keeps this")
    save_response(db, assessment, action.item_id, {"compliance": 4}, user=None)
    db.commit()
    page = _roadmap_page(client, assessment)
    stale = page[page.index("stale-heading"):]
    label = escape(f"{action.title} ({action.kind})")
    assert f"<strong>{label}</strong>: planned, owner Keeps this" in stale
    assert f'<span class="tags">{action.id}</span>' in stale


def test_clause_drill_down_names_items_by_title_with_the_id_in_small_print(
    client, db, login_as, assessment
):
    login_as("viewer")
    questionnaire = get_questionnaire()
    items = questionnaire.items_by_clause()["5"]
    page = client.get(f"/assessments/{assessment.id}/results/clauses/5").get_data(as_text=True)
    for item in items:
        assert f"</span> <strong>{escape(item.title)}</strong>" in page
        assert f'<span class="tags">{item.id} · {item.change}' in page
