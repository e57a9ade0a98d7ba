"""The consultant's side: open a workshop, run it from the console, show the projector."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from gapassess.db import responses, workshop_votes, workshops
from gapassess.db.models import Workshop
from gapassess.domain.agenda import select_items
from gapassess.domain.answers import AnswerInvalid, answer_of, parse_values
from gapassess.domain.workshop import item_spread
from gapassess.i18n import _
from gapassess.web.access import assessment_access
from gapassess.web.database import get_session
from gapassess.web.form_numbers import version_number
from gapassess.web.services.item_states import item_states
from gapassess.web.services.scoring_models import model_for
from gapassess.web.services.workshop_spread import disagreement_threshold
from gapassess.web.workshop import agenda as agenda_pages
from gapassess.web.workshop import bp, live
from gapassess.web.workshop.forms import (
    ActionForm,
    AgendaEditForm,
    AgendaSelectionForm,
    ConsensusForm,
    GoToForm,
    OpenWorkshopForm,
    ToggleForm,
    problems,
)
from gapassess.web.workshop.items import item_view, questionnaire

BASE = "/assessments/<int:assessment_id>/workshops"
ONE = BASE + "/<int:workshop_id>"


def _workshop(assessment_id: int, workshop_id: int) -> Workshop:
    workshop = get_session().get(Workshop, workshop_id)
    if workshop is None or workshop.assessment_id != assessment_id:
        abort(404)
    return workshop


def _back(workshop: Workshop):
    return redirect(url_for("workshop.console", assessment_id=workshop.assessment_id,
                            workshop_id=workshop.id))


def _not_final() -> None:
    if g.assessment.read_only:
        raise workshops.WorkshopError(
            _("This assessment is final: reopen it before recording workshop answers.")
        )


def join_link(workshop: Workshop) -> str:
    return url_for("workshop.short_link", code=workshop.code, _external=True)


@bp.route(BASE, methods=["GET", "POST"])
@assessment_access("consultant")
def index(assessment_id: int):
    """The workshops of the assessment and step 1 of opening one (GET); opening the
    workshop on the agenda of step 2 (POST)."""
    session = get_session()
    bank = questionnaire(g.assessment)
    if bank is None:
        return _no_bank()
    if request.method == "GET":
        return _selection_page(bank, AgendaSelectionForm(formdata=None))
    form = OpenWorkshopForm()
    form.items.bank_ids = bank.item_ids
    if form.validate_on_submit():
        try:
            _not_final()
            workshop = workshops.open_workshop(
                session, g.assessment, form.items.data, user=current_user,
                pacing=form.pacing.data, title=form.title.data or "",
                show_names=form.show_names.data, groups=form.groups.data or [],
            )
        except workshops.WorkshopError as exc:
            flash(str(exc), "error")
        else:
            session.commit()
            code = workshops.format_code(workshop.code)
            flash(_("Workshop open. Join code %(code)s.", code=code), "success")
            return _back(workshop)
    return _agenda_page(bank, _known(form.items.data, bank), open_form=form)


@bp.route(BASE + "/agenda", methods=["POST"])
@assessment_access("consultant")
def agenda(assessment_id: int):
    """Step 1's selection becomes the agenda; on the agenda, Move up, Move down and Remove
    change it. Both show step 2, the agenda; a refused selection shows step 1 again."""
    bank = questionnaire(g.assessment)
    if bank is None:
        return _no_bank()
    if any(name in request.form for name in agenda_pages.EDITS):
        return _edit_agenda(bank)
    form = AgendaSelectionForm()
    states = _prepare_selection(form, bank)
    if form.validate_on_submit():
        selection = agenda_pages.selection_of(form)
        if selection.empty:
            form.form_errors.append(_("Choose at least one clause, sub-clause, change kind, "
                                      "status or item."))
        else:
            item_ids = select_items(bank.items, selection, states)
            if item_ids:
                return _agenda_page(bank, item_ids)
            form.form_errors.append(_("No item matches this selection: widen it, or pick "
                                      "items one by one."))
    return _selection_page(bank, form, states)


def _edit_agenda(bank):
    form = AgendaEditForm()
    form.items.bank_ids = bank.item_ids
    edit = form.edit()
    if not form.validate_on_submit() or edit is None:
        return _agenda_page(bank, _known(form.items.data, bank), edit_form=form)
    name, item_id = edit
    before = form.items.data
    if item_id not in before:
        form[name].errors = [_("%(field)s: “%(value)s” is not on the agenda.",
                               field=form.items.label.text, value=item_id[:60])]
        return _agenda_page(bank, before, edit_form=form)
    after = agenda_pages.EDITS[name](before, item_id)
    focus = agenda_pages.focus_after(name, item_id, before, after)
    return _agenda_page(bank, after, focus=focus)


def _known(item_ids, bank) -> list[str]:
    """The ids of a refused agenda that can still be shown: known ones, each once."""
    return list(dict.fromkeys(i for i in item_ids or () if i in bank.item_ids))


def _prepare_selection(form, bank):
    states = item_states(get_session(), g.assessment, bank)
    agenda_pages.set_choices(form, bank, states, disagreement_threshold(g.assessment))
    return states


def _listing():
    return workshops.workshops_for(get_session(), g.assessment.id)


def _no_bank():
    flash(_("The question bank of this assessment cannot be read; fix it before a workshop."),
          "error")
    return render_template("workshop/index.html", form=None, workshops=_listing())


def _selection_page(bank, form, states=None):
    if states is None:
        states = _prepare_selection(form, bank)
    return render_template("workshop/index.html", form=form, workshops=_listing(),
                           groups=agenda_pages.selection_groups(form, bank),
                           problems=problems(form))


def _agenda_page(bank, item_ids: list[str], *, open_form=None, edit_form=None, focus=""):
    """Step 2: the agenda, its Move and Remove buttons, then the opening form."""
    open_form = open_form or OpenWorkshopForm(formdata=None)
    edit_form = edit_form or AgendaEditForm(formdata=None)
    return render_template(
        "workshop/agenda.html", open_form=open_form, edit_form=edit_form,
        rows=agenda_pages.agenda_rows(bank, item_ids), focus=focus,
        problems=problems(edit_form, open_form),
    )


@bp.route(ONE)
@assessment_access("consultant")
def console(assessment_id: int, workshop_id: int):
    session = get_session()
    workshop = _workshop(assessment_id, workshop_id)
    bank = questionnaire(g.assessment)
    item_id = request.args.get("item") or workshops.current_item_id(workshop)
    if item_id not in workshop.item_ids:
        abort(404)
    votes = workshop_votes.item_votes(session, workshop, item_id)
    spread = item_spread([(c, o) for _voter, c, o in votes], disagreement_threshold(g.assessment))
    by_group = model_for(g.assessment.organisation).group_spreads(
        workshop_votes.group_votes(session, [workshop.id], item_id).get(item_id, []))
    existing = responses.get_response(session, assessment_id, item_id)
    form = ConsensusForm(
        item_id=item_id,
        version=existing.version if existing else "",
        compliance=_level_value(spread.compliance.prefill, existing, "compliance"),
        outcome=_level_value(spread.outcome.prefill, existing, "outcome"),
        notes=existing.notes if existing else "",
    )
    return render_template(
        "workshop/console.html", workshop=workshop, form=form, item=item_view(bank, item_id),
        spread=spread, state=live.facilitator_state(session, workshop), action=ActionForm(),
        by_group=by_group, group_counts=workshops.group_counts(workshop),
        join_url=join_link(workshop), consensus=workshop_votes.consensus_for(session, workshop),
        following=item_id == workshops.current_item_id(workshop),
    )


def _level_value(prefill, existing, axis: str) -> str:
    if prefill is not None:
        return str(prefill)
    value = getattr(existing, axis) if existing else None
    return "" if value is None else str(value)


@bp.route(ONE + "/projector")
@assessment_access("consultant")
def projector(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    state = live.facilitator_state(get_session(), workshop)
    return render_template("workshop/projector.html", workshop=workshop, state=state,
                           join_url=join_link(workshop))


@bp.route(ONE + "/state")
@assessment_access("consultant")
def state(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    return live.json_state(live.facilitator_state(get_session(), workshop))


@bp.route(ONE + "/qr.svg")
@assessment_access("consultant")
def qr_code(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    image = qrcode.make(join_link(workshop), image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=20, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})


def _run(workshop: Workshop, change, done: str | None = None):
    """Apply ``change`` when the form is valid; report problems; back to the console."""
    session = get_session()
    try:
        change()
    except workshops.WorkshopError as exc:
        session.rollback()
        flash(str(exc), "error")
    else:
        session.commit()
        if done:
            flash(done, "success")
    return _back(workshop)


@bp.route(ONE + "/go", methods=["POST"])
@assessment_access("consultant")
def go_to(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    form = GoToForm()
    if not form.validate_on_submit():
        abort(400)
    return _run(workshop, lambda: workshops.go_to(get_session(), workshop, form.index.data))


@bp.route(ONE + "/reveal", methods=["POST"])
@assessment_access("consultant")
def reveal(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    show = form.value.data == "on"
    return _run(workshop, lambda: workshops.set_revealed(get_session(), workshop, show))


@bp.route(ONE + "/names", methods=["POST"])
@assessment_access("consultant")
def names(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    show = form.value.data == "on"
    return _run(workshop, lambda: workshops.set_show_names(get_session(), workshop, show,
                                                           user=current_user),
                _("Names will be shown in results.") if show else _("Results will not show names."))


@bp.route(ONE + "/participants/<int:participant_id>/remove", methods=["POST"])
@assessment_access("consultant")
def remove(assessment_id: int, workshop_id: int, participant_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run(workshop, lambda: workshops.remove_participant(
        get_session(), workshop, participant_id, user=current_user),
        _("Participant removed; their votes no longer count."))


@bp.route(ONE + "/close", methods=["POST"])
@assessment_access("consultant")
def close(assessment_id: int, workshop_id: int):
    workshop = _workshop(assessment_id, workshop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _run(workshop, lambda: workshops.close_workshop(get_session(), workshop,
                                                           user=current_user),
                _("Workshop closed. Every vote is kept; no new votes are accepted."))


@bp.route(ONE + "/consensus", methods=["POST"])
@assessment_access("consultant")
def consensus(assessment_id: int, workshop_id: int):
    session = get_session()
    workshop = _workshop(assessment_id, workshop_id)
    form = ConsensusForm()
    if not form.validate_on_submit():
        abort(400)
    item_id = form.item_id.data
    try:
        _not_final()
        agreed = answer_of(item_id, parse_values({
            "compliance": form.compliance.data, "outcome": form.outcome.data,
            "notes": form.notes.data,
        }))
        workshop_votes.record_consensus(
            session, workshop, item_id, compliance=agreed.compliance,
            outcome=agreed.outcome, notes=agreed.notes, user=current_user,
            expected_version=version_number(form.version.data),
        )
    except responses.EditConflict as exc:
        session.rollback()
        flash(_("Not saved: %(problem)s. Check the answer below and save again.", problem=exc),
              "error")
    except AnswerInvalid as exc:
        session.rollback()
        flash(_("Not saved: %(field)s: %(problem)s", field=form[exc.field].label.text,
                problem=exc.message), "error")
    except workshops.WorkshopError as exc:
        session.rollback()
        flash(_("Not saved: %(problem)s", problem=exc), "error")
    else:
        session.commit()
        title = item_view(questionnaire(workshop.assessment), item_id)["title"]
        flash(_("Consensus for “%(item)s” saved to the assessment.", item=title), "success")
    return redirect(url_for("workshop.console", assessment_id=assessment_id,
                            workshop_id=workshop.id, item=item_id))
