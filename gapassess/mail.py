"""Sending email (invitations, password reset links) over SMTP, behind one small adapter.

The settings come from the SMTP variables below; without ``GAPASSESS_SMTP_HOST``
there is no mailer and the pages that would send mail say what to do instead.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from gapassess.i18n import _

ENV_HOST = "GAPASSESS_SMTP_HOST"
ENV_PORT = "GAPASSESS_SMTP_PORT"
ENV_TLS = "GAPASSESS_SMTP_TLS"
ENV_USER = "GAPASSESS_SMTP_USER"
ENV_PASSWORD = "GAPASSESS_SMTP_PASSWORD"
ENV_SENDER = "GAPASSESS_MAIL_SENDER"
ENV_BASE_URL = "GAPASSESS_BASE_URL"

#: How the connection is protected, and the port each uses unless one is set.
TLS_PORTS: Mapping[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT_SECONDS = 20

log = logging.getLogger(__name__)


class MailError(Exception):
    """The message could not be handed to the mail server; the text says why."""


class MailSettingsError(ValueError):
    """The SMTP settings cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    tls: str
    sender: str
    #: Where people open gapassess ("https://qa.example.com"): links in mail start with it.
    base_url: str = ""
    user: str = ""
    password: str = field(default="", repr=False)

    def send(self, to: str, subject: str, body: str) -> None:
        """Hand one plain-text message to the server; MailError when that fails."""
        message = EmailMessage()
        message["From"] = self.sender  # i18n: not shown
        message["To"] = to  # i18n: not shown
        # one line, whatever an organisation's name holds (no header injection)
        message["Subject"] = " ".join(subject.split())  # i18n: not shown
        message["Message-ID"] = make_msgid(  # i18n: not shown
            domain=self.sender.rpartition("@")[2] or None)
        message.set_content(body)
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # the details (server, port, its answer) go to the log, not to the page
            log.warning("mail to %s not sent through %s:%d: %s",  # i18n: not shown
                        to, self.host, self.port, exc)
            raise MailError(_("the mail server did not take the message (the server log "
                              "says why)")) from None

    def _connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_SECONDS,
                                    context=ssl.create_default_context())
        smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        if self.tls == "starttls":
            try:
                smtp.starttls(context=ssl.create_default_context())
            except BaseException:
                smtp.close()
                raise
        return smtp


def mailer_from(env: Mapping[str, str]) -> Mailer | None:
    """The mailer the settings describe, or None when no SMTP host is set."""
    host = (env.get(ENV_HOST) or "").strip()
    if not host:
        return None
    tls = (env.get(ENV_TLS) or "starttls").strip().lower()
    if tls not in TLS_PORTS:
        raise MailSettingsError(_("%(name)s must be one of %(choices)s, not %(value)r",
                                  name=ENV_TLS, choices=", ".join(TLS_PORTS), value=tls))
    port_text = (env.get(ENV_PORT) or str(TLS_PORTS[tls])).strip()
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailSettingsError(_("%(name)s must be a port number (1-65535), not %(value)r",
                                  name=ENV_PORT, value=port_text))
    sender = (env.get(ENV_SENDER) or "").strip()
    if "@" not in sender:
        raise MailSettingsError(_("%(name)s is set, so %(sender)s must be set too: the "
                                  "address mail from gapassess comes from",
                                  name=ENV_HOST, sender=ENV_SENDER))
    base_url = (env.get(ENV_BASE_URL) or "").strip()
    if not base_url.startswith(("https://", "http://")):
        raise MailSettingsError(_("%(name)s is set, so %(base)s must be set too (for example "
                                  "https://gapassess.example.com): links in emails point to "
                                  "it, never to the address a request names",
                                  name=ENV_HOST, base=ENV_BASE_URL))
    return Mailer(host=host, port=int(port_text), tls=tls, sender=sender,
                  base_url=base_url.rstrip("/"), user=env.get(ENV_USER) or "",
                  password=env.get(ENV_PASSWORD) or "")


_background = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gapassess-mail")


def in_background(work: Callable[[], None]) -> Future[None]:
    """Run ``work`` without making the request wait, so a page answers in the same time
    whatever ``work`` finds or sends; a failure is logged, never raised."""
    def run() -> None:
        try:
            work()
        except Exception:  # a background job has nobody to tell but the log
            log.exception("background mail job failed")  # i18n: not shown

    return _background.submit(run)
