"""A real SMTP server for the tests (aiosmtpd on a free local port) and the fixtures that
point the app at it.

``mailbox`` starts the server, sets the app's mailer and base URL, and collects every
message the app hands over; ``mailbox.wait(n)`` waits for mail sent in the background.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from gapassess.mail import Mailer

BASE_URL = "https://gapassess.example.org"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class Mailbox:
    def __init__(self, collector: _Collector, mailer: Mailer) -> None:
        self._collector = collector
        self.mailer = mailer

    @property
    def base_url(self) -> str:
        """Where the links in the app's mail point (its mailer's setting)."""
        return self.mailer.base_url

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self._collector.messages)

    @property
    def recipients(self) -> list[list[str]]:
        return list(self._collector.recipients)

    def wait(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """At least ``count`` messages (mail sent in the background arrives a bit later)."""
        deadline = time.monotonic() + timeout
        with self._collector.arrived:
            while len(self._collector.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} messages, got {len(self._collector.messages)}")
                self._collector.arrived.wait(left)
        return self.messages

    def settle(self, seconds: float = 0.5) -> list[EmailMessage]:
        """Every message after a pause (to show that nothing else was sent)."""
        time.sleep(seconds)
        return self.messages

    @staticmethod
    def body(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


@pytest.fixture
def start_smtp():
    """Start another SMTP server with these aiosmtpd Controller options (a login, say);
    gives its collector (``messages``, ``recipients``) and port."""
    started: list[Controller] = []

    def start(**options):
        collector = _Collector()
        port = _free_port()
        controller = Controller(collector, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return collector, port

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def free_port():
    return _free_port()


@pytest.fixture(scope="session")
def smtp_server():
    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    yield collector, port
    controller.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    collector, port = smtp_server
    with collector.arrived:
        collector.messages.clear()
        collector.recipients.clear()
    mailer = Mailer(host="127.0.0.1", port=port, tls="none", sender="gapassess@example.org",
                    base_url=BASE_URL)
    app.config.update(MAILER=mailer)
    return Mailbox(collector, mailer)
