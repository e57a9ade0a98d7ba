"""The results page: indices, classification in words, charts as PNG, clause drill-down."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import escape

from gapassess.db.responses import save_response
from gapassess.domain.charts import CHARTS, chart_alt_text
from tests import factories, results_data

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def assessment(db, org_with_people):
    org, _, _ = org_with_people
    a = results_data.answered_assessment(db, org)
    db.commit()
    return a


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_indices_and_classification_match_the_engine(client, db, login_as, assessment):
    login_as("viewer")
    result = results_data.score(db, assessment)
    page = _page(client, f"/assessments/{assessment.id}/results")
    overall = result.overall
    for key, label in [("conformity_readiness", "Conformity readiness"),
                       ("transition_readiness", "Transition readiness"),
                       ("outcome_maturity", "Outcome maturity"),
                       ("compliance_only_share", "Compliance-only share"),
                       ("completion", "Completion")]:
        value = getattr(overall, key)
        assert value is not None
        block = page[page.index(f">{label}</h3>"):]
        assert re.search(r'class="index-value">([^<]+)<', block).group(1) == f"{value:.0f}%"
    name = result.model.class_name(overall.classification)
    assert f"Overall: {name}" in page
    description = result.model.classification_descriptions[overall.classification].strip()
    assert str(escape(description)) in page
    scores = (f"compliance {overall.compliance_score:.0f} and outcome "
              f"{overall.outcome_score:.0f} out of 100")
    assert scores in page
    for key, count in overall.class_counts.items():
        chip = f'class-chip class-{key}"><span class="count">{count}</span>'
        assert chip in page


def test_every_clause_row_links_to_its_drill_down(client, db, login_as, assessment):
    login_as("viewer")
    result = results_data.score(db, assessment)
    page = _page(client, f"/assessments/{assessment.id}/results")
    tops = [c for c in result.clauses if c.level == "clause"]
    assert len(tops) == 7
    for c in tops:
        assert f'/assessments/{assessment.id}/results/clauses/{c.clause}"' in page


def test_charts_are_png_with_the_reports_alt_text(client, db, login_as, assessment):
    login_as("viewer")
    result = results_data.score(db, assessment)
    page = _page(client, f"/assessments/{assessment.id}/results")
    images = re.findall(r'<img src="([^"]+)"\s+alt="([^"]*)"', page)
    assert len(images) == 4
    for src, alt in images:
        kind = re.search(r"/charts/(\w+)\.png", src).group(1)
        assert kind in CHARTS
        assert html.unescape(alt) == chart_alt_text(kind, result)
        response = client.get(html.unescape(src))
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.data.startswith(PNG)
        again = client.get(html.unescape(src), headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_chart_changes_when_an_answer_changes(client, db, login_as, assessment):
    login_as("assessor")
    url = f"/assessments/{assessment.id}/results/charts/item_map.png"
    before = client.get(url)
    item_id = results_data.item_ids()[0]
    save_response(db, assessment, item_id, {"compliance": 4, "outcome": 4}, user=None)
    db.commit()
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]


def test_unknown_chart_and_clause_answer_404(client, login_as, assessment):
    login_as("viewer")
    assert client.get(f"/assessments/{assessment.id}/results/charts/pie.png").status_code == 404
    assert client.get(f"/assessments/{assessment.id}/results/clauses/11").status_code == 404
    assert client.get(f"/assessments/{assessment.id}/results/clauses/6.1").status_code == 404


def test_clause_drill_down_lists_sub_clauses_and_items(client, db, login_as, assessment):
    login_as("viewer")
    result = results_data.score(db, assessment)
    page = _page(client, f"/assessments/{assessment.id}/results/clauses/6")
    items = [r for r in result.items if r.clause.split(".")[0] == "6"]
    subs = [c for c in result.clauses if c.level == "subclause" and c.clause.startswith("6.")]
    assert items and subs
    for sub in subs:
        assert f">{sub.clause} {escape(sub.title)}</h2>" in page
    rows = re.findall(r"<tr>\s*<th scope=\"row\" data-label=\"Item\">(.*?)</tr>", page, re.S)
    assert len(rows) == len(items)
    questionnaire = factories_questionnaire()
    for item in items:
        row = next(r for r in rows if str(escape(questionnaire.item(item.item_id).question)) in r)
        assert f'data-label="Compliance">{item.compliance}:' in row
        assert f'data-label="Outcome">{item.outcome}:' in row
        if item.classification:
            assert result.model.class_name(item.classification) in row


def factories_questionnaire():
    from gapassess.domain.questionnaire import get_questionnaire

    return get_questionnaire()


def test_empty_assessment_shows_an_empty_state(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    empty = factories.gen_assessment(db, org, title="Fresh start")
    db.commit()
    login_as("assessor")
    page = _page(client, f"/assessments/{empty.id}/results")
    assert "No answers yet" in page
    assert "<img" not in page
    assert "not yet rated" in page
    roadmap = _page(client, f"/assessments/{empty.id}/roadmap")
    assert "Roadmap" in roadmap


def test_baseline_change_is_shown_per_index(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    baseline = factories.gen_assessment(db, org, title="Last year")
    for item_id in results_data.item_ids():
        factories.gen_response(db, baseline, item_id, compliance=1, outcome=1)
    current = results_data.answered_assessment(db, org, baseline_id=baseline.id)
    db.commit()
    login_as("viewer")
    page = _page(client, f"/assessments/{current.id}/results")
    before = results_data.score(db, baseline).overall
    now = results_data.score(db, current).overall
    assert "Last year" in page
    delta = round(now.conformity_readiness - before.conformity_readiness)
    assert delta > 0
    block = page[page.index(">Conformity readiness</h3>"):]
    expected = f"up {delta} point{'s' if delta != 1 else ''} since the baseline"
    assert expected in block[: block.index("</article>")]


def test_hostile_names_are_escaped(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    org.name = '<script>alert("org")</script>'
    a = results_data.answered_assessment(db, org, count=10, title="<img src=x onerror=alert(1)>")
    db.commit()
    login_as("viewer")
    for url in (f"/assessments/{a.id}/results", f"/assessments/{a.id}/roadmap",
                f"/assessments/{a.id}/results/clauses/4"):
        page = _page(client, url)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_missing_question_bank_gives_a_clear_page(client, db, login_as, org_with_people):
    org, _, _ = org_with_people
    a = factories.gen_assessment(db, org, questionnaire_id="no-such-bank")
    db.commit()
    login_as("viewer")
    for path in ("/results", "/roadmap", "/results/charts/gantt.png", "/report.docx"):
        response = client.get(f"/assessments/{a.id}{path}")
        assert response.status_code == 503
        assert "no-such-bank" in response.get_data(as_text=True)
