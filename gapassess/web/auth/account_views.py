"""The account page: who you are, where you are signed in, a new password, log out
everywhere."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from gapassess.db import accounts, login_sessions
from gapassess.db.accounts import AccountError
from gapassess.i18n import _, ngettext
from gapassess.web.auth import bp
from gapassess.web.auth.forms import EndSessionsForm, PasswordChangeForm
from gapassess.web.database import get_session
from gapassess.web.security import current_session_key, sign_out


def _render(password_form: PasswordChangeForm | None = None, status: int = 200):
    this = login_sessions.key_hash(current_session_key())
    return render_template(
        "auth/account.html",
        sessions=login_sessions.active_sessions(get_session(), current_user),
        this_key_hash=this,
        password_form=password_form or PasswordChangeForm(formdata=None),
        end_form=EndSessionsForm(formdata=None),
    ), status


@bp.route("/account")
@login_required
def account():
    return _render()


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    session = get_session()
    if not form.validate_on_submit():
        flash(_("The password was not changed: check the fields below."), "error")
        return _render(form, 400)
    if accounts.authenticate(session, current_user.email, form.current.data) is None:
        form.current.errors = [_("That is not your current password.")]
        flash(_("The password was not changed: check the fields below."), "error")
        return _render(form, 400)
    try:
        accounts.set_password(session, current_user, form.password.data,
                              keep_session=current_session_key())
    except AccountError as exc:
        session.rollback()
        form.password.errors = [str(exc)]
        return _render(form, 400)
    session.commit()
    flash(_("Your password was changed. Every other session of your account has ended: "
            "log in there again with the new password."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    if not EndSessionsForm().validate_on_submit():
        return redirect(url_for("auth.account"))
    session = get_session()
    ended = login_sessions.end_sessions(session, current_user)
    sign_out()
    session.commit()
    flash(ngettext("You have logged out everywhere (%(num)d session ended).",
                   "You have logged out everywhere (%(num)d sessions ended).", ended), "success")
    return redirect(url_for("auth.login"))
