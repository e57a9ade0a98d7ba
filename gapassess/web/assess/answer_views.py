"""The questionnaire: a page per top clause, a form post without JavaScript, JSON autosave."""

from __future__ import annotations

from datetime import date

from flask import (
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from gapassess.db import assignments
from gapassess.domain import review
from gapassess.domain.evidence import ALLOWED, mb_limit
from gapassess.i18n import _, ngettext
from gapassess.web.access import assessment_access, has_role
from gapassess.web.assess import bp
from gapassess.web.assess.autosave import autosave, confirm_item, invalid
from gapassess.web.assess.clause_page import build_clause_page
from gapassess.web.assess.form_save import confirm_from_form, save_clause_form
from gapassess.web.assess.review_views import assign_form
from gapassess.web.database import get_session
from gapassess.web.json_body import BadJsonBody, json_object
from gapassess.web.services import evidence as evidence_service
from gapassess.web.services.banks import bank_for, version_notice
from gapassess.web.services.error_pages import error_page


@bp.errorhandler(CSRFError)
def csrf_refused(exc: CSRFError):
    if request.is_json:
        message = _(
            "Not saved: the page's security token is missing or out of date; reload the page."
        )
        return jsonify(error="csrf", message=message), 400
    return error_page(exc)


def _clause_or_404(questionnaire, clause: str):
    items = questionnaire.items_by_clause().get(clause)
    if items is None:
        abort(404)
    return items


VIEWS = ("full", "compact")  # i18n: not shown
VIEW_KEY = "answer_view"  # i18n: not shown


def answer_view() -> str:
    """How this browser answers: "full" (one card per item, every description shown) or
    "compact" (one row per item, for the desk). A ``?view=`` link switches and is
    remembered for the session."""
    asked = request.args.get("view")
    if asked in VIEWS:
        session[VIEW_KEY] = asked
    chosen = session.get(VIEW_KEY)
    return chosen if chosen in VIEWS else "full"


def _render(questionnaire, clause: str, outcome=None, status: int = 200):
    assessment = g.assessment
    db = get_session()
    page = build_clause_page(
        db, assessment, questionnaire, clause, outcome,
        actor=review.Actor(current_user.id, g.role), status_filter=request.args.get("status", ""))
    editable = assessment.status == "draft" and has_role("assessor")
    managing = assessment.status == "draft" and g.role in review.MANAGER_ROLES
    people = assignments.assignable_people(db, assessment.organisation_id) if managing else []
    html = render_template(
        "assess/clause.html",
        assessment=assessment,
        org=g.org,
        questionnaire=questionnaire,
        page=page,
        editable=editable,
        notice=version_notice(assessment, questionnaire),
        clause_titles=questionnaire.clause_titles,
        mode=answer_view(),
        can_confirm_all=editable and has_role("consultant"),
        today=date.today().isoformat(),
        evidence_limit=mb_limit(evidence_service.limits().max_bytes),
        evidence_accept=",".join("." + ext for ext in ALLOWED),
        assign_form=assign_form(clause, page.all_items, people, blank=True) if managing else None,
        review_statuses=review.STATUSES,
    )
    return html, status


@bp.route("/assessments/<int:assessment_id>/clauses/<clause>", methods=["GET"])
@assessment_access("viewer")
def clause(assessment_id: int, clause: str):
    questionnaire = bank_for(g.assessment)
    _clause_or_404(questionnaire, clause)
    return _render(questionnaire, clause)


@bp.route("/assessments/<int:assessment_id>/clauses/<clause>", methods=["POST"])
@assessment_access("assessor")
def save_clause(assessment_id: int, clause: str):
    assessment = g.assessment
    questionnaire = bank_for(assessment)
    items = _clause_or_404(questionnaire, clause)
    here = url_for("assess.clause", assessment_id=assessment.id, clause=clause)
    if assessment.read_only:
        flash(_("Nothing saved: this assessment is final. A consultant can reopen it."), "error")
        return redirect(here)
    confirm_one = request.form.get("confirm", "")
    confirm_all = bool(request.form.get("confirm_all"))
    if confirm_all and not has_role("consultant"):
        abort(403)
    outcome = save_clause_form(
        get_session(), assessment, questionnaire, items, request.form, current_user
    )
    saved = len(outcome.saved)
    if saved:
        flash(ngettext("Saved %(num)d answer in clause %(clause)s.",
                       "Saved %(num)d answers in clause %(clause)s.", saved, clause=clause),
              "success")
    confirmed: list[str] = []
    if confirm_one or confirm_all:
        wanted = [i.id for i in items] if confirm_all else [confirm_one]
        confirmed = confirm_from_form(get_session(), assessment, questionnaire, items, wanted,
                                      request.form, outcome, current_user)
        _flash_confirmed(items, confirmed, confirm_all, clause)
    if outcome.clean:
        kept = request.form.get("keep")
        if kept:
            name = next((i.title for i in items if i.id == kept), kept)
            flash(_("Kept the other person's answer for \u201c%(item)s\u201d.", item=name), "info")
        elif not saved and not (confirm_one or confirm_all):
            flash(_("No changes to save."), "info")
        if confirm_one in confirmed:
            return redirect(here + "#item-" + confirm_one)
        return redirect(here)
    if outcome.rejected:
        # TRANSLATORS: English says "answer(s)" for one and for many alike.
        flash(ngettext("%(num)d answer(s) not saved: see the messages at the items below.",
                       "%(num)d answer(s) not saved: see the messages at the items below.",
                       len(outcome.rejected)), "error")
    if outcome.conflicts:
        flash(ngettext("%(num)d answer(s) not saved because someone else changed them "
                       "meanwhile: choose which version to keep at each item below.",
                       "%(num)d answer(s) not saved because someone else changed them "
                       "meanwhile: choose which version to keep at each item below.",
                       len(outcome.conflicts)), "error")
    return _render(questionnaire, clause, outcome, 409 if outcome.conflicts else 400)


def _flash_confirmed(items, confirmed: list[str], confirm_all: bool, clause: str) -> None:
    if confirm_all:
        if confirmed:
            flash(ngettext("Confirmed %(num)d carried answer in clause %(clause)s as it is.",
                           "Confirmed %(num)d carried answers in clause %(clause)s as they "
                           "are.", len(confirmed), clause=clause), "success")
        else:
            flash(_("No carried answer in clause %(clause)s was waiting to be confirmed.",
                    clause=clause), "info")
    elif confirmed:
        name = next((i.title for i in items if i.id == confirmed[0]), confirmed[0])
        flash(_("Confirmed the carried answer for \u201c%(item)s\u201d as it is.", item=name),
              "success")


@bp.route("/assessments/<int:assessment_id>/items/<item_id>/confirm", methods=["POST"])
@assessment_access("assessor")
def confirm(assessment_id: int, item_id: str):
    """Confirm one carried answer as it is (JSON, from the page script; the page without
    script confirms through the clause form's "Confirm as is" button)."""
    return _item_json(item_id, _("Send a JSON object with 'version'."), confirm_item)


@bp.route("/assessments/<int:assessment_id>/items/<item_id>/answer", methods=["POST"])
@assessment_access("assessor")
def save_item(assessment_id: int, item_id: str):
    return _item_json(item_id, _("Send a JSON object with 'version' and 'values'."), autosave)


def _item_json(item_id: str, expected: str, handle):
    """One item's JSON endpoint: the item of the assessment's bank (404 when it has none),
    the request's JSON object (``expected`` says what to send), then ``handle``."""
    questionnaire = bank_for(g.assessment)
    try:
        item = questionnaire.item(item_id)
    except KeyError:
        message = _("There is no item %(item)s.", item=item_id)
        return jsonify(error="not-found", message=message), 404
    try:
        payload = json_object(expected)
    except BadJsonBody as exc:
        status, body = invalid("", str(exc))
        return jsonify(body), status
    status, body = handle(get_session(), g.assessment, questionnaire, item, payload,
                          current_user)
    return jsonify(body), status
