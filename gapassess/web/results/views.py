"""Results, clause drill-down, chart images and the editable roadmap of one assessment."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from gapassess.db import audit, roadmap_edits
from gapassess.db.carry import unconfirmed_ids
from gapassess.domain.carry import rests_on_carried
from gapassess.domain.charts import CHARTS, chart_alt_text
from gapassess.domain.wording.scenario_text import late_names
from gapassess.i18n import _
from gapassess.web.access import assessment_access, has_role
from gapassess.web.database import get_session
from gapassess.web.results import bp, clauses, headline, roadmap_view, scenarios_view
from gapassess.web.results.forms import ActionEditForm, edit_forms
from gapassess.web.results.scenarios_view import ScenariosForm
from gapassess.web.services import scoring
from gapassess.web.services.workshop_spread import perception_gaps_for, spreads_for

RESULT_CHARTS = ("clause_profile", "item_map", "readiness_by_change", "heatmap")


@bp.route("/assessments/<int:assessment_id>/results")
@assessment_access("viewer")
def overview(assessment_id: int):
    scored = scoring.score(g.assessment)
    result = scored.result
    baseline = g.assessment.baseline
    before = scoring.score(baseline).result.overall if baseline is not None else None
    charts = [(key, CHARTS[key], chart_alt_text(key, result)) for key in RESULT_CHARTS]
    return render_template(
        "results/overview.html",
        result=result,
        indices=headline.indices(result.overall, before,
                                 initial=not result.certification.certified),
        explanation=headline.explanation(result),
        class_counts=headline.class_counts(result),
        clauses=clauses.top_clauses(result),
        charts=charts,
        version=scored.fingerprint,
        baseline=baseline,
        can_edit=has_role("assessor"),
        perception_gaps=_perception_rows(scored.questionnaire),
        carried=rests_on_carried(result.items, unconfirmed_ids(get_session(), g.assessment.id)),
    )


def _perception_rows(bank) -> list[dict]:
    """The assessment's perception gaps with each item's clause and title, for the page."""
    rows = []
    for found in perception_gaps_for(get_session(), g.assessment, bank):
        try:
            item = bank.item(found.item_id)
        except KeyError:  # an item the bank no longer holds
            continue
        rows.append({"gap": found.gap, "clause": item.clause, "title": item.title,
                     "top_clause": item.top_clause})
    return rows


@bp.route("/assessments/<int:assessment_id>/results/clauses/<clause>")
@assessment_access("viewer")
def clause(assessment_id: int, clause: str):
    scored = scoring.score(g.assessment)
    try:
        rows = clauses.drill_down(scored.result, scored.questionnaire, clause)
        top = scored.result.clause(clause)
    except KeyError:
        abort(404)
    return render_template(
        "results/clause.html",
        top=top,
        rows=rows,
        result=scored.result,
        workshop_spreads=spreads_for(get_session(), g.assessment),
    )


@bp.route("/assessments/<int:assessment_id>/results/charts/<kind>.png")
@assessment_access("viewer")
def chart(assessment_id: int, kind: str):
    if kind not in CHARTS:
        abort(404)
    scored = scoring.score(g.assessment)
    etag = f"{kind}-{scored.fingerprint}"
    if etag in request.if_none_match:
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    response = Response(scoring.chart(kind, scored), mimetype="image/png")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/assessments/<int:assessment_id>/roadmap")
@assessment_access("viewer")
def roadmap(assessment_id: int):
    return _render_roadmap()


@bp.route("/assessments/<int:assessment_id>/roadmap", methods=["POST"])
@assessment_access("assessor")
def edit_action(assessment_id: int):
    form = ActionEditForm()
    scored = scoring.score(g.assessment)
    known = {a.id for a in scored.result.roadmap.actions}
    if form.action_id.data not in known:
        flash(_("That action is no longer in the roadmap; the page has been refreshed."), "error")
        return redirect(url_for(".roadmap", assessment_id=assessment_id))
    if not form.validate_on_submit():
        flash(_("The action was not saved: see the message next to the field."), "error")
        return _render_roadmap(failed=form, scored=scored), 400
    values = {
        "owner": (form.owner.data or "").strip(),
        "due": form.due.data,
        "status": form.status.data,
        "notes": (form.notes.data or "").strip(),
    }
    session = get_session()
    _edit, changed = roadmap_edits.save_edit(
        session, g.assessment, form.action_id.data, values, user=current_user
    )
    session.commit()
    label = roadmap_view.action_label(scored.result.roadmap.action(form.action_id.data))
    if changed:
        flash(_("Saved: %(action)s.", action=label), "success")
    else:
        flash(_("Nothing changed: %(action)s.", action=label), "success")
    anchor = roadmap_view.anchor(form.action_id.data)
    return redirect(url_for(".roadmap", assessment_id=assessment_id, _anchor=anchor))


@bp.route("/assessments/<int:assessment_id>/roadmap/scenarios", methods=["POST"])
@assessment_access("assessor")
def save_scenarios(assessment_id: int):
    form = ScenariosForm()
    if not form.validate_on_submit():
        flash(_("The scenarios were not saved: see the message next to the field."), "error")
        return _render_roadmap(failed_scenarios=form), 400
    session = get_session()
    event = audit.update_fields(
        session, g.assessment, {"scenarios": [s.to_dict() for s in form.chosen()]},
        ("scenarios",), entity_type="assessment", organisation_id=g.assessment.organisation_id,
        user=current_user)
    session.commit()
    flash(_("Scenarios saved.") if event is not None else _("No changes to save."), "success")
    return redirect(url_for(".roadmap", assessment_id=assessment_id, _anchor="scenarios"))


def _render_roadmap(failed: ActionEditForm | None = None, scored=None,
                    failed_scenarios: ScenariosForm | None = None):
    scored = scored or scoring.score(g.assessment)
    result = scored.result
    edits = roadmap_edits.edits_for(get_session(), g.assessment.id)
    view = roadmap_view.build(result.roadmap, edits, scored.questionnaire)
    can_edit = has_role("assessor")
    forms = edit_forms(view, failed) if can_edit else {}
    return render_template(
        "results/roadmap.html",
        view=view,
        roadmap=result.roadmap,
        result=result,
        forms=forms,
        failed=failed.action_id.data if failed is not None else None,
        can_edit=can_edit,
        gantt_alt=chart_alt_text("gantt", result),
        version=scored.fingerprint,
        scenarios=scenarios_view.comparison(scored, g.assessment.scenarios),
        late_names=late_names,
        scenarios_form=(scenarios_view.scenarios_form(g.assessment.scenarios, failed_scenarios)
                        if can_edit else None),
    )
