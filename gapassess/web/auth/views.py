from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from gapassess.db import accounts
from gapassess.i18n import _
from gapassess.web.auth import bp
from gapassess.web.auth.forms import LoginForm, LogoutForm
from gapassess.web.database import get_session
from gapassess.web.security import limiter, sign_in, sign_out


def _safe_next(target: str | None) -> str:
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = accounts.authenticate(session, form.email.data, form.password.data)
        if user is None:
            flash(_("That email and password do not match an account."), "error")
        else:
            sign_in(user)
            session.commit()
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        sign_out()
        get_session().commit()
        flash(_("You have logged out."), "success")
    return redirect(url_for("auth.login"))


from gapassess.web.auth import account_views, reset_views  # noqa: E402,F401
