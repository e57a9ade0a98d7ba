"""The SMTP adapter: settings checked with messages naming the variable, and messages
handed to a real SMTP server (aiosmtpd) with and without a login."""

from __future__ import annotations

import pytest
from aiosmtpd.smtp import AuthResult

from gapassess.mail import Mailer, MailError, MailSettingsError, mailer_from

pytest_plugins = ("tests.mail_server",)

GOOD = {"GAPASSESS_SMTP_HOST": "mail.example.org", "GAPASSESS_MAIL_SENDER": "qa@example.org",
        "GAPASSESS_BASE_URL": "https://qa.example.org"}


def test_no_host_means_no_mailer():
    assert mailer_from({}) is None


def test_defaults_and_ports():
    assert mailer_from(GOOD) == Mailer(host="mail.example.org", port=587, tls="starttls",
                                       sender="qa@example.org",
                                       base_url="https://qa.example.org")
    assert mailer_from({**GOOD, "GAPASSESS_SMTP_TLS": "ssl"}).port == 465
    assert mailer_from({**GOOD, "GAPASSESS_SMTP_TLS": "none",
                        "GAPASSESS_SMTP_PORT": "2525"}).port == 2525


def test_the_password_is_not_shown_in_the_mailer_repr():
    mailer = mailer_from({**GOOD, "GAPASSESS_SMTP_USER": "qa",
                          "GAPASSESS_SMTP_PASSWORD": "s3cret-value"})
    assert "s3cret-value" not in repr(mailer)


@pytest.mark.parametrize(("change", "named"), [
    ({"GAPASSESS_SMTP_TLS": "maybe"}, "GAPASSESS_SMTP_TLS"),
    ({"GAPASSESS_SMTP_PORT": "99999"}, "GAPASSESS_SMTP_PORT"),
    ({"GAPASSESS_SMTP_PORT": "abc"}, "GAPASSESS_SMTP_PORT"),
    ({"GAPASSESS_MAIL_SENDER": ""}, "GAPASSESS_MAIL_SENDER"),
    ({"GAPASSESS_BASE_URL": ""}, "GAPASSESS_BASE_URL"),
    ({"GAPASSESS_BASE_URL": "qa.example.org"}, "GAPASSESS_BASE_URL"),
])
def test_bad_settings_are_named(change, named):
    with pytest.raises(MailSettingsError, match=named):
        mailer_from({**GOOD, **change})


def test_the_app_refuses_to_start_with_bad_mail_settings(monkeypatch, tmp_path):
    from gapassess.web.config import Config, ConfigError

    for name, value in {**GOOD, "GAPASSESS_BASE_URL": ""}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match="GAPASSESS_BASE_URL"):
        Config(tmp_path)


class _Authenticator:
    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"qa" and auth_data.password == b"right-password"
        return AuthResult(success=ok)


@pytest.fixture
def auth_server(start_smtp):
    return start_smtp(authenticator=_Authenticator(), auth_require_tls=False)


def test_login_and_delivery(auth_server):
    collector, port = auth_server
    mailer = Mailer(host="127.0.0.1", port=port, tls="none", sender="qa@example.org",
                    user="qa", password="right-password")
    mailer.send("someone@example.org", "Line one\r\nBcc: evil@example.org", "Body text")
    [message] = collector.messages
    assert message["Subject"] == "Line one Bcc: evil@example.org", "one header line"
    assert message["Bcc"] is None and collector.recipients == [["someone@example.org"]]
    assert message.get_content().strip() == "Body text"


def test_no_server_is_a_mail_error(free_port):
    mailer = Mailer(host="127.0.0.1", port=free_port, tls="none", sender="qa@example.org")
    with pytest.raises(MailError, match="did not take the message"):
        mailer.send("someone@example.org", "Hello", "Body")
