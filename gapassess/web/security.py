"""CSRF, login manager, rate limiting and security headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect
from limits.errors import ConfigurationError

from gapassess.db import login_sessions, rate_limits
from gapassess.db.models import User
from gapassess.i18n import _, lazy_gettext, ngettext
from gapassess.web.config import ENV_RATE_LIMITS, REQUEST_MAX_BYTES, ConfigError
from gapassess.web.database import get_engine

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("Please log in to continue.")
# Flask-Login flashes str(message) in the request's language (the session stores plain text).
login_manager.localize_callback = str
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


#: Pages whose address carries a secret token (reset and invitation links).
TOKEN_PAGES = frozenset({"auth.reset", "orgs.accept"})  # i18n: not shown

#: The key of the browser's session row, in Flask's signed session cookie.
SESSION_KEY = "gapassess_session"  # i18n: not shown


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The signed-in account, only while its session row on the server lives."""
    from gapassess.web.database import get_session

    if not user_id.isdigit() or len(user_id) > 19:
        return None
    return login_sessions.user_of(get_session(), int(user_id), session.get(SESSION_KEY))


def sign_in(user: User) -> None:
    """Start a session for ``user`` in this browser; the caller commits."""
    from gapassess.web.database import get_session

    db = get_session()
    login_sessions.end_session(db, session.get(SESSION_KEY))  # this browser's previous one
    key = login_sessions.open_session(
        db, user, hours=current_app.config["SESSION_HOURS"],
        browser=request.user_agent.string)
    session.clear()  # nothing from before the sign-in carries over (session fixation)
    login_user(user)
    session[SESSION_KEY] = key


def sign_out() -> None:
    """End this browser's session, on the server too; the caller commits."""
    from gapassess.web.database import get_session

    login_sessions.end_session(get_session(), session.get(SESSION_KEY))
    logout_user()
    session.pop(SESSION_KEY, None)


def current_session_key() -> object:
    return session.get(SESSION_KEY)


#: The one route whose requests may be as large as MAX_CONTENT_LENGTH (an evidence file).
EVIDENCE_UPLOAD = "assess.evidence_upload"  # i18n: not shown (an endpoint)


def request_limit() -> None:
    """Hold every route but the evidence upload to REQUEST_MAX_BYTES (or a smaller
    MAX_CONTENT_LENGTH): the app-wide limit is raised only to fit the largest evidence
    file. Runs before CSRF protection reads the form."""
    if request.endpoint != EVIDENCE_UPLOAD:
        ceiling = current_app.config.get("MAX_CONTENT_LENGTH")
        request.max_content_length = min(ceiling or REQUEST_MAX_BYTES, REQUEST_MAX_BYTES)


def init_app(app: Flask) -> None:
    app.before_request(request_limit)  # before csrf.protect parses a form
    csrf.init_app(app)
    login_manager.init_app(app)
    if app.config["RATELIMIT_STORAGE_URI"].startswith(f"{rate_limits.SCHEME}://"):
        # Counters in the database of the app serving the request, so every worker process
        # counts the same window (the limiter is shared by every app of the process).
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {
            **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}),
            "engine": get_engine,
        }
    try:
        limiter.init_app(app)
    except ConfigurationError as exc:  # an unknown scheme, or its client library missing
        raise ConfigError(_("%(setting)s cannot be used: %(problem)s",
                            setting=ENV_RATE_LIMITS, problem=exc)) from None
    app.register_error_handler(429, _too_many_attempts)
    app.register_error_handler(413, _too_large)
    app.after_request(_security_headers)


def _too_many_attempts(exc):
    """The login or join limit was reached: say so, and for how long, instead of a bare 429."""
    item = getattr(getattr(exc, "limit", None), "limit", None)
    unit = item.GRANULARITY.name if item is not None else "minute"
    multiples = item.multiples if item is not None else 1
    wait = _WAITS.get(unit, _WAITS["minute"])(multiples)
    return render_template("main/too_many.html", wait=wait), 429


def _too_large(exc):
    """A request over MAX_CONTENT_LENGTH: a plain page naming the limit, not Werkzeug's."""
    from gapassess.web.services import evidence as evidence_service

    evidence = request.endpoint == EVIDENCE_UPLOAD
    # on the evidence upload the limit that matters is the one per evidence file
    limit = evidence_service.limits().max_bytes if evidence else \
        (request.max_content_length or 0)
    return render_template("main/too_large.html", limit=f"{limit / 1024 / 1024:g}",
                           evidence=evidence), 413


# How long to wait, by the granularity of the limit (Flask-Limiter's names), in the
# sentence "Wait <wait> and try again."
_WAITS = {
    "second": lambda n: ngettext("a second", "%(num)d seconds", n),
    "minute": lambda n: ngettext("a minute", "%(num)d minutes", n),
    "hour": lambda n: ngettext("an hour", "%(num)d hours", n),
    "day": lambda n: ngettext("a day", "%(num)d days", n),
    "month": lambda n: ngettext("a month", "%(num)d months", n),
    "year": lambda n: ngettext("a year", "%(num)d years", n),
}


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if (current_user.is_authenticated and request.endpoint != "static") \
            or request.endpoint in TOKEN_PAGES:
        # a signed-in page (or download), or a page whose address holds a secret, is never
        # kept by the browser or a proxy
        headers.setdefault("Cache-Control", "no-store")
    return response
