"""Perception by role in workshops: groups on the open form and on joining, the spread per
group on the console and the results pages, and perception gaps."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from gapassess.db import workshops
from gapassess.db.models import Participant, Workshop
from gapassess.domain.workshop_groups import DEFAULT_GROUPS
from tests import factories
from tests.workshop_support import ITEMS, agenda_of, join, open_workshop, vote_json

GROUPS = ["top-management", "front-line", "quality-team"]


@pytest.fixture
def grouped(db, org_with_people):
    org, _, people = org_with_people
    return open_workshop(db, org, people["consultant"], groups=GROUPS)


def _url(workshop, tail=""):
    return f"/assessments/{workshop.assessment_id}/workshops/{workshop.id}{tail}"


def _room(client, db, workshop, leaders, floor, item=ITEMS[0]):
    """Top management voting ``leaders`` and the front line ``floor`` ((c, o) pairs)."""
    for group, pairs in (("top-management", leaders), ("front-line", floor)):
        for c, o in pairs:
            _, token = join(db, workshop, "", group)
            vote_json(client, workshop, token, item_id=item, compliance=c, outcome=o)


def _group_rows(html):
    table = re.search(r'<div class="ws-groups">.*?</table>', html, re.S)
    return re.findall(r'<th scope="row">([^<]+)</th>', table.group(0)) if table else []


def test_the_open_form_offers_groups_with_the_four_usual_ones_ticked(client, login_as, db,
                                                                     org_with_people):
    org, _, _ = org_with_people
    assessment = factories.gen_assessment(db, org)
    db.commit()
    login_as("consultant")
    base = f"/assessments/{assessment.id}/workshops"
    # The groups are asked on the agenda page (step 2), with the opening form.
    page = client.post(base + "/agenda", data={"clauses": ["4"]}).get_data(as_text=True)
    items = agenda_of(page)
    assert items
    boxes = re.findall(r'<input[^>]*name="groups"[^>]*>', page)
    ticked = [re.search(r'value="([^"]+)"', b).group(1) for b in boxes if "checked" in b]
    assert ticked == list(DEFAULT_GROUPS) and len(boxes) == 5
    client.post(base, data={"items": items, "pacing": "facilitator",
                            "groups": ["quality-team", "top-management"]})
    client.post(base, data={"items": items, "pacing": "facilitator"})
    rows = db.scalars(select(Workshop).where(Workshop.assessment_id == assessment.id)
                      .order_by(Workshop.id)).all()
    assert [w.groups for w in rows] == [["top-management", "quality-team"], []]
    bad = client.post(base, data={"items": items, "pacing": "facilitator", "groups": ["ceo"]})
    assert bad.status_code == 200 and "not a valid choice" in bad.get_data(as_text=True)


def test_joining_asks_for_one_of_the_workshops_groups(client, db, grouped):
    page = client.get(f"/w/{grouped.code}/").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]*)"', page)
    assert options == ["", *GROUPS]
    for data in ({"name": "Ann"}, {"name": "Ann", "group": "process-owners"}):
        refused = client.post(f"/w/{grouped.code}/join", data=data)
        assert refused.status_code == 400
        assert "Choose your group from the list." in refused.get_data(as_text=True)
    assert client.post(f"/w/{grouped.code}/join",
                       data={"group": "front-line"}).status_code == 302
    joined = db.scalars(select(Participant).where(Participant.workshop_id == grouped.id)).all()
    assert [(p.name, p.group) for p in joined] == [("", "front-line")]


def test_a_workshop_without_groups_asks_for_none(client, db, org_with_people):
    org, _, people = org_with_people
    workshop = open_workshop(db, org, people["consultant"])
    page = client.get(f"/w/{workshop.code}/").get_data(as_text=True)
    assert 'name="group"' not in page
    assert client.post(f"/w/{workshop.code}/join",
                       data={"name": "Bo", "group": "front-line"}).status_code == 302
    assert db.scalar(select(Participant.group).where(Participant.workshop_id == workshop.id)) \
        is None


def test_the_database_refuses_a_group_the_workshop_does_not_offer(db, grouped):
    with pytest.raises(workshops.WorkshopError):
        workshops.join(db, grouped, "Ann", "other-staff")
    with pytest.raises(workshops.WorkshopError):
        workshops.open_workshop(db, grouped.assessment, ITEMS, user=None, groups=["ceo"])


def test_console_shows_the_spread_per_group_and_the_perception_gap(client, login_as, db,
                                                                   grouped):
    _room(client, db, grouped, leaders=[(4, 2), (4, 2), (3, 2)], floor=[(1, 2), (2, 2), (2, 1)])
    login_as("consultant")
    html = client.get(_url(grouped)).get_data(as_text=True)
    assert _group_rows(html) == ["Top management", "Front line"]
    assert "Perception gap" in html
    assert "Compliance: top management's median 4, the front line's 2." in html
    assert "Outcome: top management" not in html
    assert "Top management 3 · Front line 3 · Quality team 0" in html


def test_a_lone_vote_withholds_the_gap_and_the_console_says_why(client, login_as, db, grouped):
    _room(client, db, grouped, leaders=[(4, 4), (4, 4), (4, 4)], floor=[(0, 0), (0, 0), (1, 1)])
    _, token = join(db, grouped, "", "quality-team")
    vote_json(client, grouped, token, item_id=ITEMS[0], compliance=2, outcome=2)
    login_as("consultant")
    html = client.get(_url(grouped)).get_data(as_text=True)
    assert "Front line" not in _group_rows(html)  # merged with the lone quality manager
    assert "Perception gap" not in html
    assert ("Compliance: no perception gap can be checked, because comparing top management "
            "with the front line would reveal the votes of a group of fewer than 3.") in html


def test_two_leaders_in_two_workshops_are_not_four_people(client, login_as, db, grouped,
                                                          org_with_people):
    """The same two managers rating the item again in a second workshop: the results take
    one room per item (the latest), so they are still two people, never shown apart."""
    org, _, people = org_with_people
    _room(client, db, grouped, leaders=[(4, 4), (4, 4)], floor=[(0, 0), (0, 0), (0, 0)])
    again = open_workshop(db, org, people["consultant"], groups=GROUPS,
                          assessment=grouped.assessment)
    _room(client, db, again, leaders=[(4, 4), (4, 4)], floor=[(1, 1), (1, 1), (1, 1)])
    login_as("consultant")
    results = client.get(f"/assessments/{grouped.assessment_id}/results").get_data(as_text=True)
    assert "Perception gaps" not in results
    clause = ITEMS[0].split(".")[0]
    page = client.get(f"/assessments/{grouped.assessment_id}/results/clauses/{clause}")
    assert "Top management" not in _group_rows(page.get_data(as_text=True))


def test_two_leaders_are_never_shown_apart_nor_flagged(client, login_as, db, grouped):
    _room(client, db, grouped, leaders=[(4, 4), (4, 4)], floor=[(0, 0), (0, 0), (0, 0)])
    login_as("consultant")
    html = client.get(_url(grouped)).get_data(as_text=True)
    assert _group_rows(html) == [] and "Perception gap" not in html
    assert "The spread per group appears once" in html
    results = client.get(f"/assessments/{grouped.assessment_id}/results").get_data(as_text=True)
    assert "Perception gaps" not in results


def test_results_list_the_perception_gaps_and_show_the_spread_per_group(client, login_as, db,
                                                                        grouped):
    _room(client, db, grouped, leaders=[(3, 4), (3, 4), (3, 3)], floor=[(3, 1), (2, 1), (3, 2)],
          item=ITEMS[2])
    login_as("viewer")
    overview = client.get(f"/assessments/{grouped.assessment_id}/results")
    html = overview.get_data(as_text=True)
    assert overview.status_code == 200 and "Perception gaps" in html
    section = html.split('id="perception-heading"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", section)
    assert cells == ["Outcome", "4", "1"] and "/results/clauses/5" in section
    clause = client.get(f"/assessments/{grouped.assessment_id}/results/clauses/5")
    page = clause.get_data(as_text=True)
    assert _group_rows(page) == ["Top management", "Front line"]
    assert "Outcome: top management's median 4, the front line's 1." in page


def test_the_downloaded_report_lists_the_gap(client, login_as, db, grouped):
    import io

    from docx import Document

    _room(client, db, grouped, leaders=[(3, 4), (3, 4), (3, 3)], floor=[(3, 1), (2, 1), (3, 2)],
          item=ITEMS[2])
    login_as("viewer")
    response = client.get(f"/assessments/{grouped.assessment_id}/report.docx")
    document = Document(io.BytesIO(response.data))
    assert "Perception gaps" in [p.text for p in document.paragraphs
                                 if p.style.name == "Heading 1"]
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Front line median")
    assert [c.text for c in table.rows[1].cells][1:] == ["Outcome", "4", "1"]
