"""Forgotten passwords: a single-use link, valid for an hour, sent to the account's address.

The request page gives the same answer, in the same time, whether or not an account uses
the address: the request makes a token and its link whatever the address, and looking for
the account, storing the token and sending the message happen in the background.
"""

from __future__ import annotations

import functools

from flask import Flask, current_app, flash, redirect, render_template, url_for

from gapassess import i18n
from gapassess.db import password_reset
from gapassess.db.accounts import AccountError
from gapassess.i18n import _
from gapassess.mail import Mailer, in_background
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
        token = password_reset.new_reset_token()
        in_background(functools.partial(
            _send_reset, current_app._get_current_object(),  # type: ignore[attr-defined]
            mailer, form.email.data, token, mail_link("auth.reset", reset_token=token),
            i18n.get_locale()))
        return render_template("auth/forgot.html", form=None, sent_to=form.email.data.strip())
    return render_template("auth/forgot.html", form=form)


def _send_reset(app: Flask, mailer: Mailer, email: str, token: str, link: str,
                locale: str) -> None:
    """In the background: store the token and mail the link if an account uses ``email``."""
    with app.app_context(), i18n.using_locale(locale):
        session = get_session()
        issued = password_reset.issue(session, email, token)
        session.commit()
        if issued is not None:
            user, _token = issued
            mailer.send(user.email, _("Reset your gapassess password"), render_template(
                "mail/password_reset.txt", user=user, link=link,
                hours=password_reset.RESET_HOURS))


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
