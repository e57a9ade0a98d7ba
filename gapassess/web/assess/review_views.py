"""Assigning items, submitting them for review, accepting or returning them, "My items".

The rule is gapassess.domain.review's; these views only read the form, call
gapassess.db.assignments and say what happened.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from gapassess.db import assignments
from gapassess.domain.review import status_name
from gapassess.i18n import _, ngettext
from gapassess.web.access import assessment_access
from gapassess.web.assess import bp
from gapassess.web.assess.forms import ALL_ITEMS, AssignForm, ReviewForm
from gapassess.web.database import get_session
from gapassess.web.form_numbers import version_number
from gapassess.web.services.banks import BankUnavailable, bank_for


def _clause_url(assessment_id: int, clause: str, item_id: str | None = None) -> str:
    url = url_for("assess.clause", assessment_id=assessment_id, clause=clause)
    return f"{url}#item-{item_id}" if item_id else url


def assign_form(clause: str, items, people, blank: bool = False) -> AssignForm:
    """The assign form of a clause page (``blank``: not filled from the request)."""
    form = AssignForm(formdata=None) if blank else AssignForm()
    form.fill_choices(clause, items, people)
    return form


@bp.route("/assessments/<int:assessment_id>/clauses/<clause>/assign", methods=["POST"])
@assessment_access("consultant")
def assign(assessment_id: int, clause: str):
    assessment = g.assessment
    questionnaire = bank_for(assessment)
    items = questionnaire.items_by_clause().get(clause)
    if items is None:
        abort(404)
    session = get_session()
    here = _clause_url(assessment.id, clause)
    people = assignments.assignable_people(session, assessment.organisation_id)
    form = assign_form(clause, items, people)
    if not form.validate_on_submit():
        for name, errors in form.errors.items():
            label = form[name].label.text if name in form else name
            for error in errors:
                flash(_("Not assigned: %(field)s: %(error)s", field=label, error=error),
                      "error")
        return redirect(here)
    chosen = [i.id for i in items] if form.item.data == ALL_ITEMS else [form.item.data]
    assignee = next((u for u, _r in people if str(u.id) == form.assignee.data), None)
    try:
        outcome = assignments.assign_many(session, assessment, chosen, user=current_user,
                                          role=g.role, assignee=assignee, due=form.due.data)
    except assignments.ReviewRefused as refused:  # a final assessment
        flash(refused.message, "error")
        return redirect(here)
    session.commit()
    if outcome.assigned:
        if assignee is None:
            flash(ngettext("Removed the assignment of %(num)d item.",
                           "Removed the assignments of %(num)d items.",
                           len(outcome.assigned)), "success")
        else:
            flash(ngettext("Assigned %(num)d item to %(name)s.",
                           "Assigned %(num)d items to %(name)s.",
                           len(outcome.assigned), name=assignee.name), "success")
    for item_id, reason in outcome.refused.items():
        flash(_("Item %(item)s not changed: %(reason)s", item=item_id, reason=reason), "error")
    if not outcome.assigned and not outcome.refused:
        flash(_("No changes to save."), "info")
    return redirect(here)


@bp.route("/assessments/<int:assessment_id>/items/<item_id>/review", methods=["POST"])
@assessment_access("assessor")
def review_item(assessment_id: int, item_id: str):
    """Submit (the assignee), accept or return with a comment (a consultant reviewer)."""
    assessment = g.assessment
    questionnaire = bank_for(assessment)
    try:
        item = questionnaire.item(item_id)
    except KeyError:
        abort(404)
    here = _clause_url(assessment.id, item.top_clause, item.id)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Nothing changed: choose Submit, Accept or Return at item %(item)s.",
                item=item.id), "error")
        return redirect(here)
    session = get_session()
    try:
        row = assignments.act(
            session, assessment, item.id, form.action.data, user=current_user, role=g.role,
            comment=form.comment.data or "",
            expected_version=version_number(form.version.data),
        )
        session.commit()
    except assignments.ReviewRefused as refused:
        session.rollback()
        flash(_("Item %(item)s: %(reason)s", item=item.id, reason=refused.message), "error")
        return redirect(here)
    flash(_("Item %(item)s is now: %(status)s.", item=item.id,
            status=status_name(row.status).lower()), "success")
    return redirect(here)


@bp.route("/my-items")
@login_required
def my_items():
    """The items assigned to the logged-in person, across their organisations."""
    session = get_session()
    rows = []
    for mine in assignments.my_items(session, current_user):
        try:
            item = bank_for(mine.assessment).item(mine.assignment.item_id)
        except (KeyError, BankUnavailable):
            item = None
        rows.append((mine, item))
    return render_template("assess/my_items.html", rows=rows)
