"""Accepting an invitation: a new person creates an account; a logged-in invitee joins."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from gapassess.db import accounts, invitations
from gapassess.db.accounts import AccountError
from gapassess.db.invitations import InvitationProblem
from gapassess.db.models import Invitation
from gapassess.i18n import _
from gapassess.web.database import get_session
from gapassess.web.orgs import bp
from gapassess.web.orgs.forms import ROLE_WORDS, ConfirmForm, RegisterForm
from gapassess.web.security import sign_in


def _problem(message: str, status: int):
    return render_template("orgs/invite_problem.html", message=message), status


def _joined(invitation):
    org = invitation.organisation
    role = ROLE_WORDS.get(invitation.role, invitation.role)
    flash(_("Welcome to %(org)s. You joined as %(role)s.", org=org.name, role=role), "success")
    return redirect(url_for("orgs.profile", org_id=org.id))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token: str):
    session = get_session()
    found = invitations.find_invitation(session, token)
    try:
        invitation = invitations.usable(found)
    except InvitationProblem as exc:
        return _problem(str(exc), 404 if found is None else 410)

    if current_user.is_authenticated:
        if accounts.normalise_email(current_user.email) != invitation.email:
            return _problem(_(
                "This invitation is for %(invited)s, but you are logged in as %(user)s. "
                "Log out and open the link again.",
                invited=invitation.email, user=current_user.email,
            ), 403)
        form = ConfirmForm()
        if form.validate_on_submit():
            return _accept(session, invitation)
        return render_template("orgs/accept.html", invitation=invitation, join_form=form)

    if accounts.find_user(session, invitation.email) is not None:
        login_url = url_for("auth.login", next=request.path)
        return render_template("orgs/accept.html", invitation=invitation, login_url=login_url)

    if current_app.config.get("MAILER") is None:
        # Without email, nobody proved they hold the address: accounts come from the server.
        return render_template("orgs/accept.html", invitation=invitation, no_register=True)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = invitations.register_and_accept(
                session, invitation, name=form.name.data, password=form.password.data
            )
        except AccountError as exc:
            session.rollback()
            flash(_("Your account was not created: %(problem)s.", problem=exc), "error")
        else:
            sign_in(user)
            session.commit()
            return _joined(invitation)
    return render_template("orgs/accept.html", invitation=invitation, register_form=form)


@bp.route("/invitations/<int:invitation_id>/join", methods=["POST"])
@login_required
def join(invitation_id: int):
    """Accept an invitation to one's own address from the home page."""
    session = get_session()
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.email != accounts.normalise_email(current_user.email):
        abort(404)  # someone else's invitation is not shown to exist
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("main.index"))
    return _accept(session, invitation)


def _accept(session, invitation):
    """The logged-in invitee joins (the link's page or the home page)."""
    try:
        invitations.accept(session, invitation, current_user)
    except InvitationProblem as exc:
        session.rollback()
        return _problem(str(exc), 410)
    session.commit()
    return _joined(invitation)
