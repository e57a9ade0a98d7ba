"""Configuration: a class with defaults, overridden by ``GAPASSESS_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from gapassess.db.evidence_store import ENV_CLAMD
from gapassess.db.evidence_store import ENV_STORE as ENV_EVIDENCE_STORE
from gapassess.domain.evidence import DEFAULT_MAX_MB, DEFAULT_QUOTA_MB, MB
from gapassess.domain.scoring_model_files import ENV_MODEL, ENV_MODELS_PATH
from gapassess.i18n import _
from gapassess.mail import MailSettingsError, mailer_from

#: How long a sign-in lasts unless GAPASSESS_SESSION_HOURS says otherwise (a working day).
DEFAULT_SESSION_HOURS = 12
MAX_SESSION_HOURS = 24 * 90

ENV_INSTANCE = "GAPASSESS_INSTANCE_PATH"
ENV_DATABASE = "GAPASSESS_DATABASE_URL"
ENV_SECRET = "GAPASSESS_SECRET_KEY"
ENV_SECURE_COOKIES = "GAPASSESS_SECURE_COOKIES"
ENV_REPORTS = "GAPASSESS_REPORTS_DIR"
ENV_RATE_LIMITS = "GAPASSESS_RATELIMIT_STORAGE_URI"
ENV_PROXIES = "GAPASSESS_PROXIES"
ENV_SESSION_HOURS = "GAPASSESS_SESSION_HOURS"
ENV_SCORING_MODEL = ENV_MODEL  # GAPASSESS_SCORING_MODEL
ENV_SCORING_MODELS_PATH = ENV_MODELS_PATH  # GAPASSESS_SCORING_MODELS_PATH
ENV_EVIDENCE_MAX_MB = "GAPASSESS_EVIDENCE_MAX_MB"
ENV_EVIDENCE_QUOTA_MB = "GAPASSESS_EVIDENCE_QUOTA_MB"
#: Room a request needs besides its file (the form's other fields and the multipart framing).
UPLOAD_OVERHEAD = 1024 * 1024
#: The most a request may carry on every route but the evidence upload (forms, answers
#: workbooks, logos, templates); gapassess.web.security holds the other routes to it.
REQUEST_MAX_BYTES = 16 * 1024 * 1024


def upload_request_bytes(max_bytes: int) -> int:
    """The largest request that carries a file of ``max_bytes`` with its form."""
    return max_bytes + UPLOAD_OVERHEAD


class ConfigError(ValueError):
    """A setting from the environment that cannot be used; the message names it."""


def instance_path() -> Path | None:
    """The instance folder set by the environment, or None for Flask's default."""
    value = os.environ.get(ENV_INSTANCE)
    return Path(value).expanduser().resolve() if value else None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults for a local install; every value can come from the environment."""

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"  # i18n: not shown (a cookie attribute)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"  # i18n: not shown
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    MAX_CONTENT_LENGTH = REQUEST_MAX_BYTES
    # Explicit: the limiter is one object for every app of the process (tests build many),
    # and an app that leaves this unset inherits the previous app's setting.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"  # i18n: not shown (a limit read by Flask-Limiter)
    # Invitations make the installation send mail to any address: a team's worth an hour.
    INVITE_RATE_LIMIT = "60 per hour"  # i18n: not shown

    def __init__(self, instance: Path) -> None:
        self.DATABASE_URL = os.environ.get(ENV_DATABASE) or f"sqlite:///{instance / 'gapassess.db'}"
        self.SECRET_KEY = os.environ.get(ENV_SECRET) or load_or_create_secret(instance)
        secure = _truthy(os.environ.get(ENV_SECURE_COOKIES))
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.REPORTS_DIR = os.environ.get(ENV_REPORTS) or str(Path.cwd() / "reports")
        # The login and join limits' counters: in the app's database unless set (redis://...).
        self.RATELIMIT_STORAGE_URI = os.environ.get(ENV_RATE_LIMITS) or "gapassess-db://"
        # Reverse proxies in front (nginx, a load balancer): their X-Forwarded-For, -Proto and
        # -Host are trusted, so rate limits count per visitor and HTTPS is seen as HTTPS.
        self.PROXIES = _whole_number(ENV_PROXIES, os.environ.get(ENV_PROXIES))
        # The installation's scoring model file ("" for the shipped scoring/default.yaml),
        # and extra folders of model files organisations may choose from (os.pathsep).
        self.SCORING_MODEL = os.environ.get(ENV_SCORING_MODEL) or ""
        self.SCORING_MODELS_PATH = os.environ.get(ENV_SCORING_MODELS_PATH) or ""
        # A sign-in ends this many hours after it began (the row on the server expires).
        hours = os.environ.get(ENV_SESSION_HOURS)
        self.SESSION_HOURS = _whole_number(ENV_SESSION_HOURS, hours) if hours else \
            DEFAULT_SESSION_HOURS
        if not 1 <= self.SESSION_HOURS <= MAX_SESSION_HOURS:
            raise ConfigError(_("%(name)s must be between 1 and %(most)d hours, not %(value)r",
                                name=ENV_SESSION_HOURS, most=MAX_SESSION_HOURS, value=hours))
        # Evidence files: the largest one file may be and what one organisation may keep
        # (MB), where they are kept ("" for the instance's evidence folder, or
        # s3://bucket/prefix), and clamd to scan them with (host:port or a socket path).
        self.EVIDENCE_MAX_MB = _megabytes(ENV_EVIDENCE_MAX_MB, DEFAULT_MAX_MB)
        self.EVIDENCE_QUOTA_MB = _megabytes(ENV_EVIDENCE_QUOTA_MB, DEFAULT_QUOTA_MB)
        self.EVIDENCE_STORE = os.environ.get(ENV_EVIDENCE_STORE, "").strip()
        self.CLAMD = os.environ.get(ENV_CLAMD, "").strip()
        # The evidence upload may carry the largest evidence file allowed; every other
        # route stays at REQUEST_MAX_BYTES (gapassess.web.security.request_limit).
        self.MAX_CONTENT_LENGTH = max(REQUEST_MAX_BYTES,
                                      upload_request_bytes(self.EVIDENCE_MAX_MB * MB))
        # Invitations and password resets go by email when an SMTP server is set.
        try:
            self.MAILER = mailer_from(os.environ)
        except MailSettingsError as exc:
            raise ConfigError(str(exc)) from None


def _whole_number(name: str, value: str | None) -> int:
    text = (value or "0").strip()
    if not text.isdigit():
        raise ConfigError(_("%(name)s must be a whole number (0 or more), not %(value)r",
                            name=name, value=value))
    return int(text)


def _megabytes(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    number = _whole_number(name, value)
    if number < 1:
        raise ConfigError(_("%(name)s must be at least 1 (MB), not %(value)r",
                            name=name, value=value))
    return number


def load_or_create_secret(instance: Path) -> str:
    """Read the instance's secret key, creating it (owner-readable only) on first use."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
