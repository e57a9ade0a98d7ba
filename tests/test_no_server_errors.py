"""Nothing a user sends gives a 500: generated values go to every form and JSON endpoint.

``FUZZ`` names, for each POST route of the app (and each GET route that reads query
parameters), who sends the request and the fields the route reads. Hypothesis fills the
fields with hostile values (control characters, NUL, right-to-left overrides, 10k+
characters, huge and negative numbers, impossible dates, several values for one name,
missing fields) and sends them, or a raw body in a wrong content type, JSON that nests,
repeats keys or holds a lone surrogate. Every answer must be below 500; an exception the
app lets through fails the test with the example that caused it.

A route added without an entry fails ``test_every_post_route_is_fuzzed``.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapassess.db import invitations, workshops
from gapassess.db.models import Assessment
from gapassess.domain.answers import ANSWER_FIELDS
from gapassess.mail import Mailer
from tests import factories, results_data
from tests.route_world import app_routes, build_world, join_as_participant, route_url

ADMIN, ANONYMOUS, PARTICIPANT = "admin", "anonymous", "participant"

# Text every field gets now and then: the values that broke or could break something.
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x01\x07\x1b[31m", "\r\n", "\t", "\u202eevil\u202c",
    "\u200f\u061c", "\ufeff", "\ufffe\uffff", "\U0010ffff", "\U0001f600", "e\u0301",
    "x" * 10_001, "9" * 5_000, "-1", "-0", "0", "1", "4", "5", "00000000000000000001",
    "99999999999999999999", "-99999999999999999999", "1e309", "nan", "inf", "1.5", "²",
    "٣", "0001-01-01", "9999-12-31", "2026-02-30", "10000-01-01", "2026-13-01", "on",
    "off", "true", "null", "[]", "{}", "%00", "../../etc/passwd", "<script>x</script>",
    "' OR 1=1 --", "admin@example.com", "a@b", "@", "final", "draft",
]
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
# The values that reach past a form's checks into the database or int(): every field of
# every route gets each of them once (test_each_field_takes_the_worst_values).
WORST = ["a\x00b", "x" * 10_001, "9" * 5_000, "²", "\u202eevil", "2026-02-30", "-1"]
scalar = st.one_of(
    st.sampled_from(WORST),
    st.sampled_from(HOSTILE),
    text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def _values(hints: tuple[str, ...]) -> st.SearchStrategy:
    """One field's value: a likely one, a hostile one, or several (a name sent twice)."""
    one = st.one_of(st.sampled_from(hints), scalar) if hints else scalar
    return st.one_of(one, one, st.lists(one, min_size=2, max_size=3))


@dataclass(frozen=True)
class Fuzz:
    who: str  # ADMIN, ANONYMOUS or PARTICIPANT (the participant's cookie)
    fields: tuple[str, ...] = ()
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    query: tuple[str, ...] = ()  # query parameters the view reads
    json: bool = False  # reads a JSON body (besides, or instead of, a form)
    file: str | None = None  # the name of a file field
    fresh: bool = False  # signs out or uses up what it names: set up again each example
    background_mail: bool = False  # sends mail from a thread: record it, do not build it
    url: dict[str, str] = field(default_factory=dict)  # URL arguments: world keys to use


ORG_FIELDS = (
    "name", "sector", "size", "sites", "certification_status", "certification_body",
    "certificate_expiry", "next_audit_date", "target_audit_date", "cb_transition_end",
    "cb_all_audits_date", "capacity_days_per_month", "scoring_model", "country",
    "shutdown_periods",
)
ORG_HINTS = {
    "name": ("Acme",), "sites": ("1", "100000", "100001"),
    "certification_status": ("certified-2015", "not-certified"),
    "capacity_days_per_month": ("0.5", "8", "10000", "1e400"),
    "certificate_expiry": ("2027-01-01",), "cb_transition_end": ("2028-09-15",),
    "cb_all_audits_date": ("2027-09-15", "2029-01-01"),
    "country": ("DE", "GB", "XX"),
    "shutdown_periods": ("2027-08-02 to 2027-08-13 Summer", "2027-08-02:2027-08-01",
                         "2027-12-24 to 2028-01-01\n2100-12-30 to 2100-12-31 x"),
}
BRAND_FIELDS = ("primary_colour", "accent_colour", "remove_logo", "remove_template")
BRAND_HINTS = {"primary_colour": ("#1F3A5F", "abc", "#FFFFFF", "#12345G"),
               "accent_colour": ("#005a8c", ""), "remove_logo": ("y",),
               "remove_template": ("y",)}
PASSWORDS = (factories.PASSWORD, "a-new-password-here")
SCENARIO_FIELDS = tuple(f"scenarios-{n}-{name}" for n in (0, 1, 2, 3) for name in (
    "label", "capacity", "target_date", "outcome_after_audit"))
ITEM_FIELDS = tuple(f"{{item}}:{name}" for name in ANSWER_FIELDS) + tuple(
    f"{{item}}:yours:{name}" for name in ANSWER_FIELDS) + (
    "{item}:version", "{item}:yours_version", "{item}:fingerprint", "overwrite", "keep",
    "confirm", "confirm_all")

IMPORT_COLUMNS = ("clause", "status", "outcome", "evidence", "notes", "owner")

FUZZ: dict[tuple[str, str], Fuzz] = {
    ("auth.login", "GET"): Fuzz(ANONYMOUS, query=("next",)),
    ("auth.login", "POST"): Fuzz(ANONYMOUS, ("email", "password"), {
        "email": ("admin@example.com",), "password": (factories.PASSWORD,),
        "next": ("/", "/orgs/new", "//evil.example", "/\\evil")},
        query=("next",), fresh=True),
    ("auth.logout", "POST"): Fuzz(ADMIN, ("submit",), fresh=True),
    ("auth.change_password", "POST"): Fuzz(ADMIN, ("current", "password", "confirm"), {
        "current": (factories.PASSWORD,), "password": PASSWORDS, "confirm": PASSWORDS},
        fresh=True),
    ("auth.end_sessions", "POST"): Fuzz(ADMIN, ("submit",), fresh=True),
    ("auth.forgot", "POST"): Fuzz(ANONYMOUS, ("email",), {
        "email": ("viewer@acme.example", " VIEWER@acme.example ")}, background_mail=True),
    ("auth.reset", "POST"): Fuzz(ANONYMOUS, ("password", "confirm"), {
        "password": PASSWORDS, "confirm": PASSWORDS}),
    ("orgs.create", "POST"): Fuzz(ADMIN, ORG_FIELDS, ORG_HINTS),
    ("orgs.edit", "POST"): Fuzz(ADMIN, ORG_FIELDS, ORG_HINTS),
    ("orgs.brand", "POST"): Fuzz(ADMIN, BRAND_FIELDS, BRAND_HINTS, file="logo"),
    ("orgs.firm_brand", "POST"): Fuzz(ADMIN, BRAND_FIELDS, BRAND_HINTS, file="template"),
    ("orgs.invite", "POST"): Fuzz(ADMIN, ("email", "role"), {
        "email": ("someone@acme.example", "viewer@acme.example"),
        "role": ("viewer", "assessor", "consultant")}),
    ("orgs.revoke", "POST"): Fuzz(ADMIN, ("submit",)),
    ("orgs.change_role", "POST"): Fuzz(ADMIN, ("role",), {
        "role": ("viewer", "assessor", "consultant")}),
    ("orgs.remove", "POST"): Fuzz(ADMIN, ("submit",)),
    ("orgs.accept", "POST"): Fuzz(ANONYMOUS, ("name", "password", "confirm", "submit"), {
        "name": ("New Person",), "password": PASSWORDS, "confirm": PASSWORDS}),
    ("orgs.join", "POST"): Fuzz(ADMIN, ("submit",), url={"invitation_id": "_admin_invitation"}),
    ("assess.new", "POST"): Fuzz(ADMIN, ("questionnaire", "title", "scope", "baseline",
                                         "start", "source", "version"), {
        "questionnaire": ("iso9001-2026",), "title": ("A title",),
        "baseline": ("none", "{assessment_id}", "0"), "start": ("blank", "earlier"),
        "source": ("{assessment_id}", "0"), "version": ("", "2.0", "1.0")}),
    ("assess.save_clause", "POST"): Fuzz(ADMIN, ITEM_FIELDS, {
        "{item}:version": ("0", "1"), "{item}:yours_version": ("0", "1"),
        "{item}:compliance": ("0", "4"), "{item}:outcome": ("0", "4"),
        "{item}:not_applicable": ("on",), "overwrite": ("{item}",), "keep": ("{item}",),
        "confirm": ("{item}",), "confirm_all": ("1",)}),
    ("assess.save_item", "POST"): Fuzz(ADMIN, json=True),
    ("assess.confirm", "POST"): Fuzz(ADMIN, ("version",), {"version": ("0", "1")}, json=True),
    ("assess.items", "GET"): Fuzz(ADMIN, query=("show",), hints={
        "show": ("changed", "to-confirm", "new-or-expanded", "disputed", "stale-evidence")}),
    ("assess.assessor", "POST"): Fuzz(ADMIN, ("assessor_name", "assessor_firm"), {
        "assessor_name": ("Jane Doe", "x" * 201), "assessor_firm": ("Doe & Partners",)}),
    ("assess.set_status", "POST"): Fuzz(ADMIN, ("status", "override_reason"), {
        "status": ("final", "draft"), "override_reason": ("The board meets on Friday.", "")}),
    ("assess.clause", "GET"): Fuzz(ADMIN, query=("status", "view"), hints={
        "status": ("assigned", "open", "accepted"), "view": ("full", "compact")}),
    ("assess.assign", "POST"): Fuzz(ADMIN, ("item", "assignee", "due"), {
        "item": ("*", "{item}"), "assignee": ("{assessor}", ""),
        "due": ("2027-01-31", "")}),
    ("assess.review_item", "POST"): Fuzz(ADMIN, ("action", "comment", "version"), {
        "action": ("accept", "return", "submit"), "comment": ("Add the register.",),
        "version": ("1", "0", "")}),
    ("assess.carry", "GET"): Fuzz(ADMIN, query=("kind", "version", "title"), hints={
        "kind": ("copy", "move"), "version": ("2.0", "1.0", ""), "title": ("Next year",)}),
    ("assess.carry", "POST"): Fuzz(ADMIN, ("kind", "version", "title"), {
        "kind": ("copy", "move"), "version": ("2.0", "1.0", ""), "title": ("Next year",)}),
    ("assess.discard", "POST"): Fuzz(ADMIN, ("submit",)),
    ("assess.evidence_upload", "POST"): Fuzz(ADMIN, ("evidence_date", "expires_on"), {
        "evidence_date": ("2026-11-01", ""), "expires_on": ("", "2027-01-01", "2025-01-01")},
        file="file"),
    ("assess.evidence_delete", "POST"): Fuzz(ADMIN),
    ("results.edit_action", "POST"): Fuzz(ADMIN, ("action_id", "owner", "due", "status",
                                                  "notes"), {
        "action_id": ("{action_id}",), "status": ("planned", "done"),
        "due": ("2027-01-01",)}),
    ("results.report", "GET"): Fuzz(ADMIN, query=("appendix",),
                                    hints={"appendix": ("1", "0", "yes")}),
    ("results.dossier", "GET"): Fuzz(ADMIN, query=("appendix",),
                                     hints={"appendix": ("1", "0")}),
    ("results.save_scenarios", "POST"): Fuzz(ADMIN, SCENARIO_FIELDS, {
        "scenarios-0-capacity": ("12", "0.5", "10000"), "scenarios-1-target_date": (
            "2028-03-31",), "scenarios-0-outcome_after_audit": ("y",)}),
    ("results.upload", "POST"): Fuzz(ADMIN, file="workbook"),
    ("assess.import_upload", "POST"): Fuzz(ADMIN, ("sheet",), {"sheet": ("Gap analysis",)},
                                           file="sheet_file"),
    ("assess.import_columns", "POST"): Fuzz(ADMIN, IMPORT_COLUMNS, {
        name: ("0", "1", "2", "", "99") for name in IMPORT_COLUMNS}),
    ("assess.import_values", "POST"): Fuzz(ADMIN, ("value-0", "value-1", "value-2"), {
        "value-0": ("0", "4", "skip", ""), "value-1": ("3",), "value-2": ("skip",)}),
    ("assess.import_preview", "POST"): Fuzz(ADMIN, ("title",), {"title": ("From 2015",)}),
    ("workshop.index", "POST"): Fuzz(ADMIN, ("title", "items", "pacing", "show_names"), {
        "items": ("{item}", "4.1-context-issues", "10.2.1-nonconformity-reaction"),
        "pacing": ("facilitator", "self"), "show_names": ("y",)}),
    ("workshop.agenda", "POST"): Fuzz(ADMIN, (
        "clauses", "subclauses", "change_kinds", "statuses", "picked", "items", "move_up",
        "move_down", "remove"), {
        "clauses": ("4", "10"), "subclauses": ("5.1.1", "9.3"),
        "change_kinds": ("new", "unchanged"), "statuses": ("unanswered", "disputed"),
        "picked": ("{item}",), "items": ("{item}", "4.1-context-issues"),
        "move_up": ("{item}",), "move_down": ("{item}",), "remove": ("{item}",)}),
    ("workshop.console", "GET"): Fuzz(ADMIN, query=("item",), hints={"item": ("{item}",)}),
    ("workshop.go_to", "POST"): Fuzz(ADMIN, ("index",)),
    ("workshop.reveal", "POST"): Fuzz(ADMIN, ("value",), {"value": ("on", "off")}),
    ("workshop.names", "POST"): Fuzz(ADMIN, ("value",), {"value": ("on", "off")}),
    ("workshop.remove", "POST"): Fuzz(ADMIN),
    ("workshop.close", "POST"): Fuzz(ADMIN),
    ("workshop.consensus", "POST"): Fuzz(ADMIN, ("item_id", "version", "compliance", "outcome",
                                                "notes"), {
        "item_id": ("{item}",), "version": ("0", "1", ""), "compliance": ("0", "4", ""),
        "outcome": ("0", "4", "")}),
    ("workshop.find", "GET"): Fuzz(ANONYMOUS, query=("code",)),
    ("workshop.room", "GET"): Fuzz(PARTICIPANT, query=("i",), url={"code": "_self_code"}),
    ("workshop.join", "POST"): Fuzz(ANONYMOUS, ("name",), {"name": ("Phone two",)}),
    ("workshop.vote", "POST"): Fuzz(PARTICIPANT, ("item_id", "compliance", "outcome",
                                                  "submission_id"), {
        "item_id": ("{item}",), "compliance": ("0", "4", ""), "outcome": ("0", "4", ""),
        "submission_id": ("s1", "s2")}, json=True),
}


def test_every_post_route_is_fuzzed(app):
    """Every POST route has an entry (a new route without one fails here); GET entries
    exist for routes that read query parameters."""
    routes = app_routes(app)
    posts = {key for key in routes if key[1] != "GET"}
    missing = sorted(posts - set(FUZZ))
    assert not missing, (
        f"routes without an entry in tests/test_no_server_errors.py FUZZ: {missing}; add "
        "each with who may send it and the fields it reads")
    gone = sorted(set(FUZZ) - routes)
    assert not gone, f"FUZZ names routes the app no longer has: {gone}"


# --- what goes over the wire ------------------------------------------------------------

JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(HOSTILE),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)
RAW_BODIES = [
    b"", b"null", b"[]", b"{}", b"1", b'"x"', b"{", b"\xff\xfe\x00", b'{"x": "\\ud800"}',
    b'{"version": 0, "values": {"notes": "\\ud800"}}',
    b'{"version": 0, "values": {"notes": "\\u0000"}}',
    b'{"version": 0, "values": {"compliance": 1, "compliance": "x"}}',
    b'{"version": 1e999, "values": {"compliance": 2}}',
    b'{"version": 0, "values": {"compliance": 1e999}}',
    b'{"item_id": "x", "item_id": null}', b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 5_000 + b"1" + b"}" * 5_000, b"a=%00&b=%ff%fe&c=%ED%A0%80&=&&==",
    b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n", "é".encode("latin-1"),
]
CONTENT_TYPES = [
    "application/json", "application/json; charset=latin-1", "application/x-json",
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
    "multipart/form-data; boundary=x", "application/octet-stream", "",
]


def _json_text(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8")  # \ud800 stays an escape


def _autosave_body(names: tuple[str, ...]) -> st.SearchStrategy:
    answer = st.fixed_dictionaries({}, optional={
        name: st.one_of(JSON_VALUE, st.sampled_from(["0", "4", 2, 4, 5, -1, "", True]))
        for name in names})
    return st.fixed_dictionaries({}, optional={
        "version": st.one_of(st.sampled_from([0, 1, 2, -1, 10**20, True, "0", 1.0, None]),
                             JSON_VALUE),
        "values": st.one_of(answer, answer, JSON_VALUE),
    })


@st.composite
def requests(draw, entry: Fuzz, fill: dict) -> dict:
    """Keyword arguments for ``client.open``: data, content type and query string."""
    hints = {fill_in(name, fill): tuple(fill_in(h, fill) for h in values)
             for name, values in entry.hints.items()}
    names = tuple(fill_in(name, fill) for name in entry.fields)
    kwargs: dict = {}
    if entry.query:
        kwargs["query_string"] = draw(st.fixed_dictionaries({}, optional={
            name: _values(hints.get(name, ())) for name in entry.query}))
    kind = draw(st.sampled_from(
        ["form", "form", "form", "json", "raw"] if entry.json else ["form", "form", "raw"]))
    if kind == "raw":
        kwargs["data"] = draw(st.one_of(st.sampled_from(RAW_BODIES), st.binary(max_size=64)))
        kwargs["content_type"] = draw(st.sampled_from(CONTENT_TYPES))
    elif kind == "json":
        body = (_autosave_body(ANSWER_FIELDS) if not names else st.fixed_dictionaries(
            {}, optional={name: st.one_of(st.sampled_from(hints.get(name, ("",))), JSON_VALUE)
                          for name in names}))
        kwargs["data"] = _json_text(draw(st.one_of(body, body, body, JSON_VALUE)))
        kwargs["content_type"] = draw(st.sampled_from(
            ["application/json", "application/json", "application/json; charset=utf-16"]))
    else:
        # Mostly likely values, with a few fields hostile (so the rest passes the form's
        # checks and the hostile ones get as far as they can), some missing.
        hostile = draw(st.sets(st.sampled_from(names), max_size=3)) if names else set()
        missing = draw(st.sets(st.sampled_from(names), max_size=2)) if names else set()
        form = {name: draw(_values(()) if name in hostile
                           else st.sampled_from(hints.get(name, ("",))))
                for name in names if name not in missing}
        extra = draw(st.dictionaries(text, scalar, max_size=2))
        data = {**extra, **form}
        if entry.file:
            content = draw(st.one_of(
                st.binary(max_size=200), st.sampled_from([
                    b"item_id,compliance,outcome\n4.1.1,9,\x00\n",
                    b"item_id,compliance,outcome\n" + b"x" * 20_000 + b",1,1\n",
                    b"PK\x03\x04" + b"\x00" * 40,
                    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\xff" * 30,
                    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
                    b"%PDF-1.4\n%%EOF\n", b"MZ\x90\x00" + b"\x00" * 60,
                    "item_id,compliance\n\u202e4.1,1\n".encode()])))
            name = draw(st.sampled_from(
                ["answers.csv", "answers.xlsx", "a.xlsm", "a.txt", "", "..\\..\\x.csv",
                 "logo.png", "brand.docx", "evidence.pdf", "C:\\x\\..\\e.pdf",
                 "\u202excsv.xlsx", "a" * 300 + ".csv"]))
            data[entry.file] = draw(st.one_of(
                st.just((io.BytesIO(content), name)), scalar))
        kwargs["data"] = data
        if draw(st.booleans()):
            kwargs["content_type"] = "multipart/form-data"
    return kwargs


def fill_in(template: str, fill: dict) -> str:
    return template.format(**fill) if "{" in template else template


# --- who sends it -------------------------------------------------------------------------


@pytest.fixture
def fuzz_world(app, db, org_with_people):
    """The access matrix's world, plus an invitation to the site admin's own address and
    a self-paced workshop (whose room reads ``?i=``) with a joined participant."""
    org, _, people = org_with_people
    world = build_world(db, org_with_people)
    own, _token = invitations.create_invitation(
        db, org, people["admin"].email, "viewer", invited_by=people["consultant"])
    assessment = db.get(Assessment, world["assessment_id"])
    paced = workshops.open_workshop(db, assessment, world["_workshop_items"],
                                    user=people["consultant"], pacing="self")
    _participant, paced_token = workshops.join(db, paced, "Phone self")
    db.commit()
    world.update(_admin_invitation=own.id, _self_code=paced.code, _self_token=paced_token)
    world["_action_id"] = results_data.first_action(db, assessment).id
    app.config.update(
        MAILER=Mailer(host="127.0.0.1", port=1, tls="none", sender="gapassess@example.org",
                      base_url="https://gapassess.example.org"))
    return world


class RecordingMailer:
    """Takes mail sent from a background thread without building a message (the
    standard library's Message-ID uses the random module, which Hypothesis watches)."""

    base_url = "https://gapassess.example.org"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


def _sign_in(app, world: dict, who: str, url: str):
    """A new test client as ``who``."""
    client = app.test_client()
    if who == ADMIN:
        for password in PASSWORDS:  # auth.change_password may have changed it
            response = client.post("/login", data={"email": "admin@example.com",
                                                   "password": password})
            if response.status_code == 302:
                break
        assert response.status_code == 302, "the site admin cannot log in"
    elif who == PARTICIPANT:
        if world["_self_code"] in url:
            client.set_cookie("gapassess_participant", world["_self_token"],
                              path=f"/w/{world['_self_code']}/")
        else:
            join_as_participant(client, world)
    return client


def _describe(kwargs: dict) -> str:
    shown = repr({k: v for k, v in kwargs.items()})
    return shown if len(shown) < 600 else shown[:600] + "..."


def _fuzz(app, db, world, endpoint: str, method: str) -> None:
    entry = FUZZ[(endpoint, method)]
    overrides = {arg: world[key] for arg, key in entry.url.items()}
    url = route_url(app, endpoint, world, **overrides)
    fill = {"item": world["item_id"], "assessment_id": world["assessment_id"],
            "action_id": world["_action_id"], "assessor": world["_assessor_id"]}
    if entry.background_mail:
        app.config["MAILER"] = RecordingMailer()
    client = _sign_in(app, world, entry.who, url)

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def run(drawn):
        nonlocal client
        kwargs = drawn.draw(requests(entry, fill), label="request")
        if entry.fresh:
            client = _sign_in(app, world, entry.who, url)
        try:
            response = client.open(url, method=method, **kwargs)
        finally:
            db.rollback()  # the requests share the test's session: never leave it failed
        assert response.status_code < 500, (
            f"{method} {url} as {entry.who}: {response.status_code} for {_describe(kwargs)}")

    run()


@pytest.mark.parametrize(
    ("endpoint", "method"), [pytest.param(e, m, id=f"{e}-{m}") for e, m in sorted(FUZZ)])
def test_no_server_errors(app, db, fuzz_world, endpoint, method):
    if (endpoint, method) not in app_routes(app):
        pytest.skip(f"{endpoint} {method} is not in this app (see the coverage test)")
    _fuzz(app, db, fuzz_world, endpoint, method)


def _baseline(entry: Fuzz, fill: dict) -> dict[str, str]:
    """The likely value of each field (its first hint, else empty)."""
    return {fill_in(name, fill): fill_in(entry.hints.get(name, ("",))[0], fill)
            for name in entry.fields}


@pytest.mark.parametrize(
    ("endpoint", "method"),
    [pytest.param(e, m, id=f"{e}-{m}") for (e, m), entry in sorted(FUZZ.items())
     if entry.fields or entry.query])
def test_each_field_takes_the_worst_values(app, db, fuzz_world,
                                           endpoint, method):
    """Each field (and query parameter) in turn holds each of WORST, the others their
    likely value: what random examples reach only now and then, every run reaches."""
    if (endpoint, method) not in app_routes(app):
        pytest.skip(f"{endpoint} {method} is not in this app (see the coverage test)")
    entry = FUZZ[(endpoint, method)]
    world = fuzz_world
    url = route_url(app, endpoint, world, **{a: world[k] for a, k in entry.url.items()})
    fill = {"item": world["item_id"], "assessment_id": world["assessment_id"],
            "action_id": world["_action_id"], "assessor": world["_assessor_id"]}
    if entry.background_mail:
        app.config["MAILER"] = RecordingMailer()
    client = _sign_in(app, world, entry.who, url)
    baseline = _baseline(entry, fill)
    names = [("data", name) for name in baseline] + [("query", name) for name in entry.query]
    for place, name in names:
        for value in WORST:
            if entry.fresh:
                client = _sign_in(app, world, entry.who, url)
            data = {**baseline, name: value} if place == "data" else baseline
            query = {q: fill_in(entry.hints.get(q, ("",))[0], fill) for q in entry.query}
            if place == "query":
                query[name] = value
            kwargs = {"data": data, "query_string": query}
            try:
                response = client.open(url, method=method, **kwargs)
            finally:
                db.rollback()
            assert response.status_code < 500, (
                f"{method} {url} as {entry.who}, {name}={value[:20]!r}: "
                f"{response.status_code}")
