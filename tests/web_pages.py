"""Test data and helpers for the organisation and questionnaire page tests.

The fixtures that use them live in ``tests/web_bank.py`` (load it with
``pytest_plugins = ("tests.web_bank",)``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests import factories

BANK_ID = "webtest"


def _level(level: int, label: str, description: str) -> dict:
    return {"level": level, "label": label, "description": description}


def _item(item_id: str, clause: str, change: str, tags: list[str], **extra) -> dict:
    topic = item_id.split("-", 1)[1].replace("-", " ")
    item = {
        "id": item_id,
        "clause": clause,
        "title": f"{topic[:1].upper()}{topic[1:]} in practice",
        "change": change,
        "tags": tags,
        "question": f"How well is {topic} handled?",
        "guidance": f"Look at how {topic} works in daily practice.",
        "conformity_evidence": f"Records showing {topic} is defined and followed.",
        "outcome_practice": f"Results of {topic} are measured and acted on.",
        "compliance_only_signs": f"Paperwork about {topic} that nobody uses.",
        "conformity_action": f"Define and record {topic}.",
        "outcome_action": f"Measure the effect of {topic}.",
        "effort": "S",
    }
    item.update(extra)
    return item


BANK = {
    "id": BANK_ID,
    "version": "1.0",
    "title": "Web test bank",
    "description": "A few items for testing the questionnaire pages.",
    "scales": {
        "compliance": {
            "title": "Compliance (structure)",
            "levels": [
                _level(0, "Absent", "Nothing in place."),
                _level(1, "Informal", "Done by habit."),
                _level(2, "Defined", "Written down."),
                _level(3, "Implemented", "Applied everywhere."),
                _level(4, "Assured", "Checked and corrected."),
            ],
        },
        "outcome": {
            "title": "Outcome (performance)",
            "levels": [
                _level(0, "Not measured", "Nobody knows."),
                _level(1, "Activity only", "Activity counted."),
                _level(2, "Outcomes measured", "Results trended."),
                _level(3, "Integrated", "Used in decisions."),
                _level(4, "Learning loop", "Improved from results."),
            ],
        },
    },
    "items": [
        _item(
            "4.1-context-issues",
            "4.1",
            "expanded",
            ["context", "climate"],
            scale_wording={"compliance": {2: "Issues are listed once a year in a register."}},
        ),
        _item(
            "4.2-party-needs",
            "4.2",
            "new",
            ["interested-parties"],
            not_applicable_allowed=True,
            not_applicable_guidance="Only when no outside party has needs that matter here.",
        ),
        _item("4.4-process-map", "4.4", "unchanged", ["process-approach"]),
        _item("5.1.1-leadership-culture", "5.1.1", "new", ["leadership", "culture"]),
        _item("10.2-nonconformity-handling", "10.2", "unchanged", ["nonconformity"]),
    ],
}
ITEM = "4.1-context-issues"
NA_ITEM = "4.2-party-needs"
HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class _FormReader(HTMLParser):
    """Collects what a browser would submit from one form (no submit buttons)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        # a field with form="..." belongs to that form, wherever it stands
        owner = a.get("form")
        if (self.inside if owner is None else owner == self.form_id) is False \
                or "name" not in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        if tag == "form":
            self.inside = False


def browser_form(html: str, form_id: str = "clause-form") -> dict[str, str]:
    """The fields a browser would post from the form ``form_id`` of ``html``."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return dict(reader.fields)


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_of(client, url: str = "/login") -> str:
    match = CSRF_INPUT.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def csrf_login(client, email: str) -> str:
    """Log in through the protected form; returns the session's CSRF token."""
    token = csrf_token_of(client)
    response = client.post(
        "/login", data={"email": email, "password": factories.PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_token_of(client, "/")
