"""Members of an organisation: list, invite, change role, remove; pending invitations."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user

from gapassess.db import accounts, invitations
from gapassess.db import members as member_store
from gapassess.db.accounts import AccountError
from gapassess.db.models import INVITATION_DAYS, Invitation, utcnow
from gapassess.i18n import _
from gapassess.mail import MailError
from gapassess.web.access import has_role, org_access
from gapassess.web.database import get_session
from gapassess.web.mail_links import mail_link
from gapassess.web.orgs import bp
from gapassess.web.orgs.forms import ROLE_WORDS, ConfirmForm, InviteForm, RoleForm
from gapassess.web.security import limiter


def _render(invite_form: InviteForm | None = None, status: int = 200):
    session = get_session()
    return (
        render_template(
            "orgs/members.html",
            org=g.org,
            role=g.role,
            members=member_store.list_members(session, g.org.id),
            pending=invitations.pending_invitations(session, g.org.id)
            if has_role("consultant")
            else [],
            invite_form=invite_form or InviteForm(formdata=None),
            sends_mail=current_app.config.get("MAILER") is not None,
            now=utcnow(),
        ),
        status,
    )


def _back():
    return redirect(url_for("orgs.members", org_id=g.org.id))


@bp.route("/orgs/<int:org_id>/members")
@org_access("viewer")
def members(org_id: int):
    return _render()


@bp.route("/orgs/<int:org_id>/invitations", methods=["POST"])
@org_access("consultant")
@limiter.limit(lambda: current_app.config["INVITE_RATE_LIMIT"])
def invite(org_id: int):
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("The invitation was not created: check the fields below."), "error")
        return _render(form, status=400)
    session = get_session()
    mailer = current_app.config.get("MAILER")
    try:
        invitation, token = invitations.create_invitation(
            session, g.org, form.email.data, form.role.data, invited_by=current_user
        )
        if mailer is not None:
            _send_invitation(mailer, invitation, token)
    except (AccountError, MailError) as exc:
        session.rollback()
        form.email.errors = [str(exc)]
        flash(_("The invitation was not created: %(problem)s.", problem=exc), "error")
        return _render(form, status=400)
    session.commit()
    if mailer is not None:
        flash(_("An invitation to join as %(role)s was sent to %(email)s. It works for "
                "%(days)d days.", role=ROLE_WORDS.get(invitation.role, invitation.role),
                email=invitation.email, days=INVITATION_DAYS), "success")
    else:
        # The same words whether or not the address has an account: the page does not tell.
        flash(_("%(email)s is invited as %(role)s. With an account, they find the invitation "
                "on their home page for %(days)d days; without one, create it on the server "
                "with gapassess user create.",
                role=ROLE_WORDS.get(invitation.role, invitation.role),
                email=invitation.email, days=INVITATION_DAYS), "success")
    return _back()


def _send_invitation(mailer, invitation: Invitation, token: str) -> None:
    """The link goes to the invited address only: whoever opens it has that mailbox."""
    has_account = accounts.find_user(get_session(), invitation.email) is not None
    mailer.send(invitation.email, _("Join %(org)s on gapassess", org=invitation.organisation.name),
                render_template("mail/invitation.txt", invitation=invitation,
                                inviter=current_user, has_account=has_account,
                                role=ROLE_WORDS.get(invitation.role, invitation.role),
                                link=mail_link("orgs.accept", token=token)))


@bp.route("/orgs/<int:org_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@org_access("consultant")
def revoke(org_id: int, invitation_id: int):
    session = get_session()
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org_id or invitation.accepted_at:
        abort(404)
    if ConfirmForm().validate_on_submit():
        email = invitation.email
        invitations.revoke(session, invitation, user=current_user)
        session.commit()
        flash(_("Invitation for %(email)s withdrawn; its link no longer works.", email=email),
              "success")
    return _back()


def _membership_or_404(org_id: int, membership_id: int):
    membership = member_store.get_membership(get_session(), org_id, membership_id)
    if membership is None:
        abort(404)
    return membership


@bp.route("/orgs/<int:org_id>/members/<int:membership_id>/role", methods=["POST"])
@org_access("consultant")
def change_role(org_id: int, membership_id: int):
    membership = _membership_or_404(org_id, membership_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles listed."), "error")
        return _back()
    session = get_session()
    try:
        changed = member_store.change_role(session, membership, form.role.data, user=current_user)
    except AccountError as exc:
        session.rollback()
        flash(_("Role not changed: %(problem)s.", problem=exc), "error")
        return _back()
    session.commit()
    if changed:
        role = ROLE_WORDS.get(form.role.data, form.role.data)
        flash(_("%(name)s is now %(role)s.", name=membership.user.name, role=role), "success")
    else:
        flash(_("%(name)s already has that role.", name=membership.user.name), "info")
    if membership.user_id == current_user.id and form.role.data != "consultant":
        return redirect(url_for("orgs.profile", org_id=org_id))
    return _back()


@bp.route("/orgs/<int:org_id>/members/<int:membership_id>/remove", methods=["POST"])
@org_access("consultant")
def remove(org_id: int, membership_id: int):
    membership = _membership_or_404(org_id, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    name = membership.user.name
    myself = membership.user_id == current_user.id
    try:
        member_store.remove_member(session, membership, user=current_user)
    except AccountError as exc:
        session.rollback()
        flash(_("Not removed: %(problem)s.", problem=exc), "error")
        return _back()
    session.commit()
    flash(_("%(name)s no longer has access to %(org)s.", name=name, org=g.org.name), "success")
    if myself and not current_user.is_site_admin:
        return redirect(url_for("main.index"))
    return _back()
