"""Creating an assessment, its overview, finalising and reopening."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from gapassess.db import accounts, carry, evidence, responses
from gapassess.db.answer_store import responses_by_item, values_of
from gapassess.db.carry_preview import move_targets
from gapassess.i18n import _
from gapassess.web.access import assessment_access, org_access
from gapassess.web.assess import bp
from gapassess.web.assess.forms import (
    NO_BASELINE,
    START_EARLIER,
    STATUS_NAMES,
    AssessorForm,
    NewAssessmentForm,
    StatusForm,
)
from gapassess.web.assess.item_filter import recheck_counts
from gapassess.web.database import get_session
from gapassess.web.services.banks import available_banks, bank_for, version_notice
from gapassess.web.services.progress import clause_progress


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
        status_form=StatusForm(),
        expired_evidence=len(evidence.expired_files(get_session(), assessment.id,
                                                    date.today())),
        **_carry_facts(assessment),
        recheck=recheck_counts(get_session(), assessment, questionnaire),
    )


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
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    assessment = g.assessment
    target = form.status.data
    if assessment.status == target:
        flash(_("The assessment is already %(status)s.",
                status=STATUS_NAMES.get(target, target)), "info")
    else:
        responses.update_assessment(
            get_session(), assessment, {"status": target}, user=current_user
        )
        get_session().commit()
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
