"""One table of good and bad answers, run through every way an answer comes in.

The same input gets the same verdict everywhere: accepted (and stored or read as the same
values), or refused naming the same field. Entry points: a CSV answers file, an XLSX answers
file, the workbook upload page, the clause page's form post, the autosave JSON, the
workshop consensus and the saving service. An entry point that cannot carry a field (the
consensus has only the levels and notes; a real XLSX cell cannot hold control characters)
is not given the cases that need it.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gapassess.db import responses
from gapassess.domain.answers_file import AnswersError, read_answers
from tests.web_pages import ITEM, NA_ITEM
from tests.workshop_support import open_workshop

pytest_plugins = ("tests.web_bank",)

FIELDS = ("compliance", "outcome", "not_applicable", "justification", "evidence", "notes", "owner")
LABELS = {"Compliance": "compliance", "Outcome": "outcome", "Notes": "notes"}
WHY = "No outside party has needs that matter here"


@dataclass(frozen=True)
class Case:
    id: str
    values: dict[str, object]
    refused: str | None = None  # the field the refusal names; None: accepted
    expect: dict[str, object] = field(default_factory=dict)  # stored values when accepted
    item: str = ITEM


def good(case_id, values, item=ITEM, **expect):
    return Case(case_id, values, None, expect or dict(values), item)


def bad(case_id, values, refused, item=ITEM):
    return Case(case_id, values, refused, {}, item)


CASES = [
    good("levels-whole-numbers", {"compliance": 4, "outcome": 0}),
    good("level-as-text-2", {"compliance": "2"}, compliance=2),
    good("level-as-text-with-spaces", {"outcome": " 3 "}, outcome=3),
    good("level-2.0-as-from-a-sheet", {"compliance": 2.0}, compliance=2),
    bad("level-5-out-of-range", {"compliance": 5}, "compliance"),
    bad("level-minus-1", {"outcome": -1}, "outcome"),
    bad("level-2.5-not-whole", {"outcome": 2.5}, "outcome"),
    bad("level-x-not-a-number", {"compliance": "x"}, "compliance"),
    bad("level-bool-true", {"compliance": True}, "compliance"),
    good("evidence-10000-chars", {"compliance": 1, "evidence": "e" * 10000}),
    bad("evidence-10001-chars", {"compliance": 1, "evidence": "e" * 10001}, "evidence"),
    bad("notes-10001-chars", {"compliance": 1, "notes": "n" * 10001}, "notes"),
    good("owner-200-chars", {"compliance": 1, "owner": "o" * 200}),
    bad("owner-201-chars", {"compliance": 1, "owner": "o" * 201}, "owner"),
    bad("owner-two-lines", {"compliance": 1, "owner": "Ann\nBob"}, "owner"),
    bad("owner-with-tab", {"compliance": 1, "owner": "Ann\tBob"}, "owner"),
    good("owner-trimmed", {"compliance": 1, "owner": "  Ann  "}, compliance=1, owner="Ann"),
    good("notes-crlf-made-lf-tab-kept", {"compliance": 1, "notes": "one\r\ntwo\tthree\rfour"},
         compliance=1, notes="one\ntwo\tthree\nfour"),
    bad("evidence-NUL", {"compliance": 1, "evidence": "a\x00b"}, "evidence"),
    bad("notes-U+0001", {"compliance": 1, "notes": "a\x01b"}, "notes"),
    bad("evidence-U+007F-delete", {"compliance": 1, "evidence": "a\x7fb"}, "evidence"),
    *[
        good(f"not-applicable-{word}", {"not_applicable": word, "justification": WHY},
             NA_ITEM, not_applicable=True, justification=WHY)
        for word in ("on", "yes", "true", "1", "Y", "TRUE")
    ],
    good("not-applicable-bool-true", {"not_applicable": True, "justification": WHY},
         NA_ITEM, not_applicable=True, justification=WHY),
    *[
        good(f"not-applicable-{word}-means-no", {"compliance": 2, "not_applicable": word},
             NA_ITEM, compliance=2, not_applicable=False)
        for word in ("off", "no", "0")
    ],
    bad("not-applicable-maybe", {"compliance": 2, "not_applicable": "maybe"}, "not_applicable",
        NA_ITEM),
    bad("not-applicable-without-justification", {"not_applicable": "yes"}, "justification",
        NA_ITEM),
    bad("not-applicable-blank-justification", {"not_applicable": "on", "justification": "  "},
        "justification", NA_ITEM),
    bad("justification-5001-chars", {"not_applicable": "yes", "justification": "j" * 5001},
        "justification", NA_ITEM),
    bad("not-applicable-on-item-that-does-not-allow-it",
        {"not_applicable": "yes", "justification": WHY}, "not_applicable"),
]


def _text(value: object) -> str:
    """A value as a form or a CSV cell carries it."""
    return "" if value is None else str(value)


def _row(case: Case) -> list[object]:
    return [case.item, *(case.values.get(name) for name in FIELDS)]


def _csv_bytes(case: Case) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["item_id", *FIELDS])
    writer.writerow([_text(cell) for cell in _row(case)])
    return buffer.getvalue().encode("utf-8")


def _named_columns(problems: list[str]) -> set[str]:
    return {m for p in problems for m in re.findall(r"column '(\w+)'", p)}


@dataclass
class Verdict:
    stored: dict[str, object] | None  # the answer's values when accepted
    named: set[str]  # the fields a refusal names


def _read_file(path, bank) -> Verdict:
    try:
        answers = read_answers(path, bank)
    except AnswersError as exc:
        return Verdict(None, _named_columns(exc.problems))
    (answer,) = answers
    return Verdict({name: getattr(answer, name) for name in FIELDS}, set())


def _stored(db, assessment, item_id) -> dict[str, object] | None:
    db.expire_all()
    row = responses.get_response(db, assessment.id, item_id)
    return None if row is None else {name: getattr(row, name) for name in FIELDS}


def via_csv(ctx, case: Case) -> Verdict:
    path = ctx.tmp_path / "answers.csv"
    path.write_bytes(_csv_bytes(case))
    return _read_file(path, ctx.bank)


def via_xlsx(ctx, case: Case) -> Verdict:
    workbook = Workbook()
    workbook.active.append(["item_id", *FIELDS])
    workbook.active.append(_row(case))
    path = ctx.tmp_path / "answers.xlsx"
    workbook.save(path)
    return _read_file(path, ctx.bank)


def via_upload(ctx, case: Case) -> Verdict:
    ctx.login_as("consultant")
    response = ctx.client.post(
        f"/assessments/{ctx.assessment.id}/workbook/upload",
        data={"workbook": (io.BytesIO(_csv_bytes(case)), "answers.csv")},
        content_type="multipart/form-data",
    )
    if response.status_code == 302:
        return Verdict(_stored(ctx.db, ctx.assessment, case.item), set())
    assert response.status_code == 400, response.status_code
    problems = html.unescape(response.get_data(as_text=True)).splitlines()
    return Verdict(_stored(ctx.db, ctx.assessment, case.item), _named_columns(problems))


def via_form(ctx, case: Case) -> Verdict:
    ctx.login_as("assessor")
    data = {f"{case.item}:version": "0", f"{case.item}:fingerprint": ""}
    data.update({f"{case.item}:{name}": _text(value) for name, value in case.values.items()})
    response = ctx.client.post(f"/assessments/{ctx.assessment.id}/clauses/4", data=data)
    assert response.status_code in (302, 400), response.status_code
    page = response.get_data(as_text=True)
    named = set(re.findall(rf'id="f-{re.escape(case.item)}-(\w+)-error"', page))
    return Verdict(_stored(ctx.db, ctx.assessment, case.item), named)


def via_autosave(ctx, case: Case) -> Verdict:
    ctx.login_as("assessor")
    response = ctx.client.post(
        f"/assessments/{ctx.assessment.id}/items/{case.item}/answer",
        json={"version": 0, "values": case.values},
    )
    assert response.status_code in (200, 400), response.status_code
    named = {response.get_json()["field"]} if response.status_code == 400 else set()
    return Verdict(_stored(ctx.db, ctx.assessment, case.item), named)


def via_consensus(ctx, case: Case) -> Verdict:
    consultant = ctx.login_as("consultant")
    workshop = open_workshop(ctx.db, None, consultant, assessment=ctx.assessment,
                             items=[ITEM, NA_ITEM])
    data = {"item_id": case.item, "version": "", "compliance": "", "outcome": "", "notes": ""}
    data.update({name: _text(value) for name, value in case.values.items()})
    url = f"/assessments/{ctx.assessment.id}/workshops/{workshop.id}"
    response = ctx.client.post(url + "/consensus", data=data)
    assert response.status_code == 302, response.status_code
    page = html.unescape(ctx.client.get(response.headers["Location"]).get_data(as_text=True))
    named = {LABELS.get(label, label) for label in re.findall(r"Not saved: (\w+):", page)}
    return Verdict(_stored(ctx.db, ctx.assessment, case.item), named)


def via_service(ctx, case: Case) -> Verdict:
    try:
        response = responses.save_response(
            ctx.db, ctx.assessment, case.item, dict(case.values), user=None
        )
    except ValueError as exc:
        ctx.db.rollback()
        named = set(getattr(exc, "fields", ())) or {str(exc).split(":")[0]}
        return Verdict(_stored(ctx.db, ctx.assessment, case.item), named)
    ctx.db.commit()
    return Verdict({name: getattr(response, name) for name in FIELDS}, set())


def _xlsx_can_hold(case: Case) -> bool:
    return not any(isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v)
                   for v in case.values.values())


def _consensus_can_hold(case: Case) -> bool:
    return set(case.values) <= {"compliance", "outcome", "notes"}


ENTRIES: dict[str, tuple[Callable[..., Verdict], Callable[[Case], bool]]] = {
    "csv-file": (via_csv, lambda case: True),
    "xlsx-file": (via_xlsx, _xlsx_can_hold),
    "workbook-upload": (via_upload, lambda case: True),
    "web-form": (via_form, lambda case: True),
    "autosave-json": (via_autosave, lambda case: True),
    "workshop-consensus": (via_consensus, _consensus_can_hold),
    "service": (via_service, lambda case: True),
}
PAIRS = [
    pytest.param(entry, case, id=f"{entry}:{case.id}")
    for case in CASES
    for entry, (_, can_hold) in ENTRIES.items()
    if can_hold(case)
]


@dataclass
class Context:
    tmp_path: object
    bank: object
    db: object
    client: object
    login_as: Callable
    assessment: object


@pytest.mark.parametrize(("entry", "case"), PAIRS)
def test_same_verdict_at_every_entry_point(entry, case, tmp_path, bank, db, client, login_as,
                                           assessments):
    ctx = Context(tmp_path, bank, db, client, login_as, assessments[0])
    verdict = ENTRIES[entry][0](ctx, case)
    if case.refused is None:
        assert verdict.named == set(), f"refused, naming {verdict.named}"
        assert verdict.stored is not None, "accepted but nothing was stored"
        assert {k: verdict.stored[k] for k in case.expect} == case.expect
    else:
        assert case.refused in verdict.named, f"expected a refusal naming {case.refused!r}"
        assert verdict.stored is None, "refused, yet the answer was stored"
