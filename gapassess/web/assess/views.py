"""Creating an assessment, its overview, finalising and reopening."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from gapassess.db import accounts, assignments, carry, evidence, responses
from gapassess.db.answer_store import responses_by_item, values_of
from gapassess.db.carry_preview import move_targets
from gapassess.domain.review import FinalCheck, final_check
from gapassess.i18n import _
from gapassess.web.access import assessment_access, org_access
from gapassess.web.assess import bp
from gapassess.web.assess.forms import (
    NO_BASELINE,
    START_EARLIER,
    STATUS_NAMES,
    AssessorForm,
    FinalForm,
    NewAssessmentForm,
)
from gapassess.web.assess.item_filter import recheck_counts
from gapassess.web.database import get_session
from gapassess.web.services.banks import available_banks, bank_for, version_notice
from gapassess.web.services.progress import clause_progress, review_counts


@bp.route("/orgs/<int:org_id>/assessments/new", methods=["GET", "POST"])
@org_access("assessor")
def new(org_id: int):
    session = get_session()
    banks = available_banks()
    earlier = accounts.visible_assessments(session, current_user, org_id)
    form = NewAssessmentForm()
    form.fill_choices(banks, earlier, _newer_versions(earlier))
    valid = bool(banks) and form.validate_on_submit()
    if valid and form.start.data == START_EARLIER:
        source = next((a for a in earlier if str(a.id) == form.source.data), None)
        if source is None:
            form.source.errors = [_("Choose the earlier assessment to start from.")]
        else:
            return redirect(url_for("assess.carry", assessment_id=source.id, kind="copy",
                                    version=form.version.data or source.questionnaire_version,
                                    title=form.title.data.strip()))
    elif valid:
        bank = next(b for b in banks if b.id == form.questionnaire.data)
        baseline = None if form.baseline.data == NO_BASELINE else int(form.baseline.data)
        assessment = responses.create_assessment(
            session,
            organisation_id=org_id,
            questionnaire_id=bank.id,
            questionnaire_version=bank.version,
            title=form.title.data.strip(),
            scope=(form.scope.data or "").strip(),
            baseline_id=baseline,
            user=current_user,
        )
        session.commit()
        first = next(iter(bank.items_by_clause()), "")
        flash(_("Assessment “%(title)s” created. Start with clause %(clause)s.",
                title=assessment.title, clause=first), "success")
        return redirect(url_for("assess.overview", assessment_id=assessment.id))
    return render_template("assess/new.html", form=form, org=g.org, banks=banks,
                           earlier=earlier)


def _newer_versions(earlier) -> list[str]:
    """The bank versions an upgrade file leads to from any of ``earlier``'s versions."""
    seen: dict[tuple[str, str], list[str]] = {}
    for assessment in earlier:
        key = (assessment.questionnaire_id, assessment.questionnaire_version)
        if key not in seen:
            seen[key] = move_targets(assessment)
    from gapassess.domain.questionnaire.registry import version_key

    return sorted({v for versions in seen.values() for v in versions}, key=version_key,
                  reverse=True)


@bp.route("/assessments/<int:assessment_id>")
@assessment_access("viewer")
def overview(assessment_id: int):
    assessment = g.assessment
    questionnaire = bank_for(assessment)
    stored = responses_by_item(get_session(), assessment.id)
    values = {item_id: values_of(row) for item_id, row in stored.items()}
    per_clause, overall = clause_progress(questionnaire, values)
    next_clause = next((c for c, p in per_clause.items() if p.done < p.total), None)
    statuses = assignments.status_by_item(get_session(), assessment.id)
    review_per_clause, review_overall = review_counts(questionnaire, statuses)
    final = _final_check(assessment, questionnaire, stored, statuses)
    return render_template(
        "assess/overview.html",
        assessment=assessment,
        org=g.org,
        questionnaire=questionnaire,
        per_clause=per_clause,
        overall=overall,
        next_clause=next_clause,
        titles=questionnaire.clause_titles,
        notice=version_notice(assessment, questionnaire),
        status_form=FinalForm(formdata=None),
        expired_evidence=len(evidence.expired_files(get_session(), assessment.id,
                                                    date.today())),
        review_per_clause=review_per_clause,
        review_overall=review_overall,
        final=final,
        open_per_clause=_open_per_clause(questionnaire, final),
        **_carry_facts(assessment),
        recheck=recheck_counts(get_session(), assessment, questionnaire, stored),
    )


def _final_check(assessment, questionnaire, stored, statuses, reason: str = "") -> FinalCheck:
    """The final rule (gapassess.domain.review.final_check) for this assessment."""
    skipped = [item_id for item_id, row in stored.items() if row.not_applicable]
    return final_check([item.id for item in questionnaire.items], skipped, statuses,
                       role=g.role, override_reason=reason)


def _open_per_clause(questionnaire, final: FinalCheck) -> dict[str, int]:
    """How many applicable items are not accepted yet, per top clause (clauses with none
    left out)."""
    waiting = set(final.open_items)
    counts: dict[str, int] = {}
    for item in questionnaire.items:
        if item.id in waiting:
            counts[item.top_clause] = counts.get(item.top_clause, 0) + 1
    return counts


def _carry_facts(assessment) -> dict:
    """What the overview says about copies and moves: where this assessment came from,
    the assessments started from it, and the newer bank versions it can move to."""
    started = carry.started_from(get_session(), assessment)
    moved_to = {a.questionnaire_version for a in started if a.origin_kind == "move"}
    return {
        "origin": assessment.origin,
        "started": started,
        "move_versions": [v for v in move_targets(assessment) if v not in moved_to],
    }


@bp.route("/assessments/<int:assessment_id>/status", methods=["POST"])
@assessment_access("consultant")
def set_status(assessment_id: int):
    form = FinalForm()
    if not form.validate_on_submit():
        if form.override_reason.errors:
            flash(_("Not finalised: %(field)s: %(error)s", field=form.override_reason.label.text,
                    error=" ".join(form.override_reason.errors)), "error")
            return redirect(url_for("assess.overview", assessment_id=g.assessment.id)
                            + "#status-h")
        abort(400)
    assessment = g.assessment
    session = get_session()
    target = form.status.data
    values: dict = {"status": target}
    if assessment.status == target:
        flash(_("The assessment is already %(status)s.",
                status=STATUS_NAMES.get(target, target)), "info")
        return redirect(url_for("assess.overview", assessment_id=assessment.id))
    if target == "final":
        stored = responses_by_item(session, assessment.id)
        statuses = assignments.status_by_item(session, assessment.id)
        check = _final_check(assessment, bank_for(assessment), stored, statuses,
                             form.override_reason.data or "")
        if not check.allowed:
            flash(_("Not finalised: %(reason)s", reason=check.refused), "error")
            return redirect(url_for("assess.overview", assessment_id=assessment.id)
                            + "#status-h")
        values["final_override_reason"] = check.override_reason
    else:
        values["final_override_reason"] = ""  # a new finalising decides afresh
    responses.update_assessment(session, assessment, values, user=current_user)
    session.commit()
    if target == "final":
        flash(_("Assessment finalised: answers are now read-only."), "success")
    else:
        flash(_("Assessment reopened: answers can be changed again."), "success")
    return redirect(url_for("assess.overview", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/assessor", methods=["GET", "POST"])
@assessment_access("consultant")
def assessor(assessment_id: int):
    """Who ran the assessment: the name and firm the report's cover gives."""
    assessment = g.assessment
    form = AssessorForm(obj=assessment)
    if form.validate_on_submit():
        session = get_session()
        event = responses.update_assessment(session, assessment, form.values(),
                                            user=current_user)
        session.commit()
        if event is None:
            flash(_("No changes to save."), "info")
        else:
            flash(_("Assessor saved: the report's cover names them."), "success")
        return redirect(url_for("assess.overview", assessment_id=assessment.id))
    status = 400 if form.is_submitted() else 200
    return render_template("assess/assessor.html", form=form, assessment=assessment,
                           org=g.org), status
