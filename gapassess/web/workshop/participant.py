"""The participant's side: join with a name from a phone, then vote; no account needed.

The token lives in an HttpOnly cookie whose path is the workshop's own URL prefix
(``/w/<code>/``), so the browser never sends it anywhere else, and the server accepts it
only for the workshop it was issued for.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from gapassess.db import workshop_votes, workshops
from gapassess.db.models import Participant, Workshop
from gapassess.domain.workshop_groups import role_label
from gapassess.i18n import _
from gapassess.web.database import get_session
from gapassess.web.form_choices import choice
from gapassess.web.json_body import BadJsonBody, json_object
from gapassess.web.security import limiter
from gapassess.web.workshop import bp, live
from gapassess.web.workshop.forms import JoinForm
from gapassess.web.workshop.items import item_view, questionnaire

COOKIE = "gapassess_participant"
COOKIE_HOURS = 12


def _join_limit() -> str:
    return current_app.config.get("WORKSHOP_JOIN_RATE_LIMIT", "120 per minute")  # i18n: not shown


def _code_limit() -> str:
    return current_app.config.get("WORKSHOP_CODE_RATE_LIMIT", "30 per minute")  # i18n: not shown


def _missed(response) -> bool:
    return response.status_code == 404


# Looking a code up (the short link, the workshop's page, joining, its state, voting)
# shares one limit per address,
# counting only codes that name no workshop: guessing is slowed, a room of phones behind
# one address moving between items is not. Past the limit every lookup waits.
_code_lookup = limiter.shared_limit(_code_limit, scope="workshop-code",  # i18n: not shown
                                    deduct_when=_missed)


def _workshop(code: str) -> Workshop:
    workshop = workshops.find_by_code(get_session(), code)
    if workshop is None or workshop.code != code:
        abort(404)
    return workshop


def _room(code: str) -> tuple[Workshop, Participant | None]:
    """The workshop (404 when there is none) and the participant this phone's token names."""
    workshop, participant = workshops.find_with_participant(
        get_session(), code, request.cookies.get(COOKIE)
    )
    if workshop is None or workshop.code != code:
        abort(404)
    return workshop, participant


def _refuse(status: int, message: str):
    return jsonify({"error": message}), status


@bp.route("/j", strict_slashes=False)
def find():
    """Type-the-code page; with ?code= it forwards to the workshop."""
    code = workshops.normalise_code(request.args.get("code", ""))
    if code:
        return redirect(url_for("workshop.short_link", code=code))
    return render_template("workshop/find.html")


@bp.route("/j/<code>")
@_code_lookup
def short_link(code: str):
    """The short link and QR target; forgiving about case, spaces and dashes."""
    workshop = workshops.find_by_code(get_session(), code)
    if workshop is None:
        return render_template("workshop/find.html", unknown=code), 404
    return redirect(url_for("workshop.room", code=workshop.code))


@bp.route("/w/<code>/")
@_code_lookup
def room(code: str):
    session = get_session()
    workshop, participant = _room(code)
    if not workshop.is_open:
        return render_template("workshop/closed.html", workshop=workshop)
    if participant is None:
        return render_template("workshop/join.html", workshop=workshop,
                               form=_join_form(workshop))
    if participant.removed_at is not None:
        return render_template("workshop/removed.html", workshop=workshop), 403
    index = workshop.current_index
    if workshop.pacing == "self":
        index = request.args.get("i", 0, type=int)
        index = max(0, min(index, len(workshop.item_ids) - 1))
    bank = questionnaire(workshop.assessment)
    item = item_view(bank, workshop.item_ids[index])
    own = workshop_votes.own_votes(session, participant)
    return render_template(
        "workshop/vote.html", workshop=workshop, participant=participant, item=item,
        who=workshops.label_of(session, participant),
        index=index, mine=own.get(item["item_id"], {}), submission_id=secrets.token_hex(16),
        done=len(own),
    )


def _join_form(workshop: Workshop) -> JoinForm:
    """The join form; its group choices are the workshop's groups, none chosen yet."""
    form = JoinForm()
    form.group.choices = [choice("", _("Choose your group"))] + [
        choice(kind, role_label(kind)) for kind in workshop.groups]
    return form


@bp.route("/w/<code>/join", methods=["POST"])
@limiter.limit(_join_limit)
@_code_lookup
def join(code: str):
    session = get_session()
    workshop = _workshop(code)
    form = _join_form(workshop)
    if not workshop.is_open:
        return render_template("workshop/closed.html", workshop=workshop), 409
    if not form.validate_on_submit():
        return render_template("workshop/join.html", workshop=workshop, form=form), 400
    try:
        _participant, token = workshops.join(session, workshop, form.name.data or "",
                                             form.group.data or None)
    except workshops.WorkshopError as exc:
        field = form.group if isinstance(exc, workshops.GroupNotOffered) else form.name
        field.errors = [str(exc)]
        return render_template("workshop/join.html", workshop=workshop, form=form), 400
    session.commit()
    response = make_response(redirect(url_for("workshop.room", code=workshop.code)))
    response.set_cookie(
        COOKIE, token, max_age=COOKIE_HOURS * 3600, path=f"/w/{workshop.code}/",
        httponly=True, samesite="Lax",  # i18n: not shown
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/w/<code>/state")
@_code_lookup
def participant_state(code: str):
    workshop, participant = _room(code)
    if participant is None:
        return _refuse(401, _("Join the workshop first."))
    if participant.removed_at is not None:
        return _refuse(403, str(workshops.ParticipantRemoved()))
    return live.json_state(live.participant_state(get_session(), workshop, participant))


@bp.route("/w/<code>/vote", methods=["POST"])
@_code_lookup
def vote(code: str):
    """Record a vote: JSON from the page's script, or the plain form without script."""
    workshop, participant = _room(code)
    as_json = request.is_json
    if participant is None:
        return _refuse(401, _("Join the workshop first."))
    data: Mapping[str, Any]
    if as_json:
        try:
            data = json_object(_("Send the vote as a JSON object."))
        except BadJsonBody as exc:
            return _refuse(400, str(exc))
    else:
        data = request.form
    try:
        result = workshop_votes.record_vote(
            get_session(), workshop, participant, str(data.get("item_id", "")),
            compliance=_level(data.get("compliance")), outcome=_level(data.get("outcome")),
            submission_id=str(data.get("submission_id", "")),
        )
    except workshops.WorkshopClosed as exc:
        return _refuse(409, str(exc))
    except workshops.ParticipantRemoved as exc:
        return _refuse(403, str(exc))
    except (workshops.WorkshopError, ValueError) as exc:
        return _refuse(400, str(exc))
    if not as_json:
        index = workshop.item_ids.index(result.item_id)
        target = url_for("workshop.room", code=workshop.code)
        return redirect(f"{target}?i={index + 1}" if workshop.pacing == "self" else target)
    return jsonify({"item_id": result.item_id, "compliance": result.compliance,
                    "outcome": result.outcome, "applied": result.applied})


def _level(value) -> int | None:
    """A level from JSON (int or null) or a form ("" for not rated)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("a level must be a whole number from 0 to 4")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("a level must be a whole number from 0 to 4") from None
