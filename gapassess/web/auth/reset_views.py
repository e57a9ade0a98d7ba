"""Forgotten passwords: a single-use link, valid for an hour, sent to the account's address.

The request page gives the same answer, in the same time, whether or not an account uses
the address: the message is sent in the background and nothing on the page differs.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from gapassess.db import password_reset
from gapassess.db.accounts import AccountError
from gapassess.i18n import _
from gapassess.mail import send_later
from gapassess.web.auth import bp
from gapassess.web.auth.forms import ForgotForm, NewPasswordForm
from gapassess.web.database import get_session
from gapassess.web.mail_links import mail_link
from gapassess.web.security import limiter


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def forgot():
    mailer = current_app.config.get("MAILER")
    if mailer is None:
        return render_template("auth/forgot.html", form=None)
    form = ForgotForm()
    if form.validate_on_submit():
        session = get_session()
        issued = password_reset.issue(session, form.email.data)
        session.commit()
        if issued is not None:
            user, token = issued
            link = mail_link("auth.reset", reset_token=token)
            send_later(mailer, user.email, _("Reset your gapassess password"), render_template(
                "mail/password_reset.txt", user=user, link=link,
                hours=password_reset.RESET_HOURS))
        return render_template("auth/forgot.html", form=None, sent_to=form.email.data.strip())
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<reset_token>", methods=["GET", "POST"])
def reset(reset_token: str):
    session = get_session()
    row = password_reset.usable(session, reset_token)
    if row is None:
        return render_template("auth/reset.html", form=None), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset(session, row, form.password.data)
        except AccountError as exc:
            session.rollback()
            form.password.errors = [str(exc)]
        else:
            session.commit()
            flash(_("Your password was changed and every session of your account has ended. "
                    "Log in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, email=row.user.email)
