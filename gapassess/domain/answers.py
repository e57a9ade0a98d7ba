"""Answers: one rating per questionnaire item, and the one set of rules a valid answer meets.

Every way an answer comes in (answers files, the workbook upload, the web form, autosave,
the workshop consensus, the services) checks it here, so the same input gets the same
verdict everywhere. Problems are structured (field and message, plus row and column when
they come from a file); each entry point words them in its own place.

Answers carry no dates: there is no date rule to check.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from gapassess.domain.scale import is_level
from gapassess.i18n import _, ngettext

#: The answer fields, in the order they are shown, stored and written to files.
ANSWER_FIELDS: tuple[str, ...] = (
    "compliance",
    "outcome",
    "not_applicable",
    "justification",
    "evidence",
    "notes",
    "owner",
)
LEVEL_FIELDS: tuple[str, ...] = ("compliance", "outcome")
#: The free-text fields and the most characters each may hold.
TEXT_LIMITS: Mapping[str, int] = {
    "justification": 5000,
    "evidence": 10000,
    "notes": 10000,
    "owner": 200,
}
SINGLE_LINE_FIELDS: frozenset[str] = frozenset({"owner"})
#: Words for the not-applicable flag (case-insensitive; an HTML checkbox sends "on").
TRUE_WORDS: frozenset[str] = frozenset({"1", "true", "yes", "y", "on"})
FALSE_WORDS: frozenset[str] = frozenset({"", "0", "false", "no", "n", "off"})

AnswerValue = int | bool | str | None
# Unicode categories: line and paragraph separators, control characters.
_LINE_BREAKS = frozenset({"Zl", "Zp"})  # i18n: not shown
_CONTROL = "Cc"  # i18n: not shown


@dataclass(frozen=True)
class Answer:
    """The rating of one item. Levels are 0-4 or None (not rated on that axis)."""

    item_id: str
    compliance: int | None
    outcome: int | None
    not_applicable: bool = False
    justification: str = ""
    evidence: str = ""
    notes: str = ""
    owner: str = ""

    def values(self) -> dict[str, AnswerValue]:
        """The answer fields by name (everything but the item id)."""
        return {name: getattr(self, name) for name in ANSWER_FIELDS}

    @property
    def is_blank(self) -> bool:
        """Nothing rated, flagged or written."""
        return self.values() == EMPTY_VALUES


#: The values of an item nobody has answered.
EMPTY_VALUES: Mapping[str, AnswerValue] = MappingProxyType(Answer("", None, None).values())


def answer_of(item_id: str, values: Mapping[str, AnswerValue]) -> Answer:
    """An Answer from checked field values; missing fields are empty."""
    merged = {**EMPTY_VALUES, **values}
    return Answer(item_id, **merged)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AnswerProblem:
    """Why one field of an answer is refused; ``row``/``column`` when it comes from a file."""

    field: str
    message: str
    row: int | None = None
    column: str | None = None
    code: str = ""  # which rule across fields, for callers that word it their own way


#: Codes of the rules across fields (``AnswerProblem.code``): the web names the item by its
#: title where these messages, written for files, name it by its id.
NOT_IN_BANK = "not-in-bank"  # i18n: not shown (a code)
NOT_APPLICABLE_REFUSED = "not-applicable-refused"  # i18n: not shown (a code)
JUSTIFICATION_MISSING = "justification-missing"  # i18n: not shown (a code)


class AnswerInvalid(ValueError):
    """An answer breaks the rules; ``problems`` lists every problem (at least one)."""

    def __init__(self, problems: Iterable[AnswerProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(f"{first.field}: {first.message}")

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def fields(self) -> set[str]:
        return {problem.field for problem in self.problems}


class ItemRule(Protocol):
    """What the rules need to know of a questionnaire item."""

    @property
    def id(self) -> str: ...

    @property
    def not_applicable_allowed(self) -> bool: ...


class _Refused(Exception):
    pass


#: The most characters of a value a message quotes; longer values are cut short.
SHOWN_CHARS = 30


def cut(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` as a message shows it: at most ``limit`` characters, the rest cut to "…"."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shown(value: object) -> str:
    """A refused value as a message quotes it (long values cut short)."""
    try:
        text = value.strip() if isinstance(value, str) else repr(value)
    except ValueError:  # an int too long to print
        text = _("a very long number")
    text = cut(text)
    return f"'{text}'" if isinstance(value, str) else text


def parse_level(value: object) -> int | None:
    """A level from a JSON value, form text or spreadsheet cell; blank is None.

    Whole numbers 0-4 are levels, also as text (" 2 ") or as a whole float (2.0, "2,0").
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Refused(_not_a_level(repr(value)))
    if isinstance(value, int):
        if not is_level(value):
            raise _Refused(_("choose a level from 0 to 4: %(value)s is out of range",
                             value=_shown(value)))
        return value
    number: float
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise _Refused(_not_a_level(_shown(value))) from None
    else:
        raise _Refused(_not_a_level(_shown(value)))
    if not math.isfinite(number):
        raise _Refused(_not_a_level(_shown(value)))
    if not number.is_integer():
        raise _Refused(_("choose a level from 0 to 4: %(value)s is not a whole number",
                         value=_shown(value)))
    return parse_level(int(number))


def _not_a_level(shown: str) -> str:
    return _("choose a level from 0 to 4: %(value)s is not a level", value=shown)


def parse_flag(value: object) -> bool:
    """The not-applicable flag from a bool, a word (TRUE_WORDS, FALSE_WORDS) or 0/1."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        if word in ("1.0", "0.0"):  # a spreadsheet's number, exported as text
            return word == "1.0"
    # TRANSLATORS: the words yes, no, true, false, on, off are what the cell may hold: they
    # are read in English whatever the language, so keep them as they are.
    raise _Refused(_("%(value)s is not yes or no: use yes or no (or true/false, on/off, 1/0; "
                     "blank means no)", value=_shown(value)))


def nul_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored when it holds a NUL character (PostgreSQL cannot store
    one in text), else None: the one rule for answers and every form field."""
    if "\x00" not in text:
        return None
    return _("contains a NUL character (U+%(code)s), which cannot be stored", code="0000")


def parse_text(field: str, value: object) -> str:
    """Free text: line ends made LF, ends trimmed, no control characters, within the limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        # TRANSLATORS: said of an answer field, named before it ("notes: must be text").
        raise _Refused(_("must be text"))
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = "" if field in SINGLE_LINE_FIELDS else "\n\t"
    if field in SINGLE_LINE_FIELDS and any(
        char == "\n" or unicodedata.category(char) in _LINE_BREAKS for char in text
    ):
        # TRANSLATORS: said of an answer field, named before it.
        raise _Refused(_("must fit on one line"))
    for char in text:
        if char not in allowed and unicodedata.category(char) == _CONTROL:
            code = f"{ord(char):04X}"
            if (nul := nul_problem(char)) is not None:
                raise _Refused(nul)
            raise _Refused(_("contains a control character (U+%(code)s), which cannot be "
                             "stored", code=code))
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        # TRANSLATORS: said of an answer field, named before it ("notes: is 10001 ...").
        raise _Refused(ngettext("is %(num)d character long; the limit is %(limit)d",
                                "is %(num)d characters long; the limit is %(limit)d",
                                len(text), limit=limit))
    return text


def parse_value(field: str, value: object) -> AnswerValue:
    """One field's submitted value, checked and normalised; AnswerInvalid names the field."""
    try:
        if field in LEVEL_FIELDS:
            return parse_level(value)
        if field == "not_applicable":
            return parse_flag(value)
        if field in TEXT_LIMITS:
            return parse_text(field, value)
    except _Refused as refused:
        raise AnswerInvalid([AnswerProblem(field, str(refused))]) from None
    raise AnswerInvalid([AnswerProblem(field, _("is not an answer field"))])


def parse_values(raw: Mapping[str, object]) -> dict[str, AnswerValue]:
    """Check every submitted field on its own; AnswerInvalid lists every refused field."""
    values: dict[str, AnswerValue] = {}
    problems: list[AnswerProblem] = []
    for field in sorted(set(raw) - set(ANSWER_FIELDS)):
        problems.append(AnswerProblem(field, _("is not an answer field")))
    for field in ANSWER_FIELDS:
        if field in raw:
            try:
                values[field] = parse_value(field, raw[field])
            except AnswerInvalid as exc:
                problems.extend(exc.problems)
    if problems:
        raise AnswerInvalid(problems)
    return values


def answer_problems(answer: Answer, item: ItemRule | None) -> list[AnswerProblem]:
    """Rules across fields of a complete answer; ``item`` None: not an item of the bank."""
    problems: list[AnswerProblem] = []
    if answer.not_applicable:
        if item is None:
            problems.append(AnswerProblem(
                "not_applicable", _("item '%(item)s' is not in the question bank, so it "
                                    "cannot be marked not applicable", item=answer.item_id),
                code=NOT_IN_BANK))
        elif not item.not_applicable_allowed:
            problems.append(AnswerProblem(
                "not_applicable", _("item '%(item)s' cannot be marked not applicable: every "
                                    "organisation must meet it", item=answer.item_id),
                code=NOT_APPLICABLE_REFUSED))
        if not answer.justification.strip():
            problems.append(AnswerProblem(
                "justification", _("a not-applicable item needs a justification: say why the "
                                   "item does not apply"), code=JUSTIFICATION_MISSING))
    return problems


def check_answer(answer: Answer, item: ItemRule | None) -> None:
    """Raise AnswerInvalid when ``answer``, as it would be stored, breaks a rule across fields."""
    problems = answer_problems(answer, item)
    if problems:
        raise AnswerInvalid(problems)


def validate_answer(item_id: str, raw: Mapping[str, object], item: ItemRule | None) -> Answer:
    """The whole check of one answer from raw field values (missing fields are empty).

    Raises AnswerInvalid listing every problem: each field's own, then those across fields.
    """
    try:
        values = parse_values(raw)
    except AnswerInvalid as exc:
        field_problems = list(exc.problems)
        good = {f: v for f, v in _each_good(raw) if f not in exc.fields}
        cross = answer_problems(answer_of(item_id, good), item)
        raise AnswerInvalid(
            field_problems + [p for p in cross if p.field not in exc.fields]
        ) from None
    answer = answer_of(item_id, values)
    check_answer(answer, item)
    return answer


def _each_good(raw: Mapping[str, object]) -> Iterable[tuple[str, AnswerValue]]:
    for field in ANSWER_FIELDS:
        if field in raw:
            try:
                yield field, parse_value(field, raw[field])
            except AnswerInvalid:
                continue
