"""Links that go out by email point to the configured address of the installation
(GAPASSESS_BASE_URL), never to the host a request names: a forged Host header cannot turn
a reset or invitation email into a link to someone else's site."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def mail_link(endpoint: str, **values: Any) -> str:
    return current_app.config["MAILER"].base_url + url_for(endpoint, **values)
