"""The structure of the standard a bank follows: clause numbers and titles, and tags.

A bank declares it as data (``structure.yaml`` in a folder bank, ``structure:`` in a
single-file bank; see docs/questionnaire-format.md). Clause numbers are dotted numbers;
every clause below the top level lies under a listed parent ("6.1.2" under "6.1" under
"6"). The top-level clauses are those without a parent; items attach to the others.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from gapassess.domain.questionnaire.numbering import (
    CLAUSE_NUMBER_RE,
    clause_key,
    parent_clause,
    subclause,
)
from gapassess.domain.questionnaire.text_fields import Text, stringify_number, suggest
from gapassess.i18n import _

TAG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: (field, position in the field's list or None, message): one problem of an item.
Problem = tuple[str, int | None, str]


def _clause_number(value: str) -> str:
    if not CLAUSE_NUMBER_RE.match(value):
        raise ValueError(
            _("'%(value)s' is not a clause number; use digits separated by dots, e.g. "
              "'6.1.2'", value=value)
        )
    return value


def _tag_name(value: str) -> str:
    if not TAG_RE.match(value):
        raise ValueError(_("'%(value)s' is not a valid tag; use lowercase words joined by "
                           "hyphens", value=value))
    return value


def _stringify_keys(value: Any) -> Any:
    """Unquoted YAML keys such as ``4:`` arrive as numbers; clause numbers are text."""
    if isinstance(value, dict):
        return {stringify_number(key): title for key, title in value.items()}
    return value


def _clause_tree(clauses: dict[str, str]) -> dict[str, str]:
    """At least one clause; every clause's parent listed; kept in clause order."""
    if not clauses:
        raise ValueError(_("must list at least one clause"))
    for number in clauses:
        parent = parent_clause(number)
        if parent is not None and parent not in clauses:
            raise ValueError(
                _("clause '%(clause)s' lies under '%(parent)s', which is not listed; list "
                  "every clause down from its top-level clause", clause=number, parent=parent)
            )
    return dict(sorted(clauses.items(), key=lambda pair: clause_key(pair[0])))


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        duplicate = next(v for v in values if values.count(v) > 1)
        raise ValueError(_("'%(value)s' is listed more than once", value=duplicate))
    return values


ClauseNumber = Annotated[str, BeforeValidator(stringify_number), AfterValidator(_clause_number)]
ClauseTitles = Annotated[
    dict[ClauseNumber, Text], BeforeValidator(_stringify_keys), AfterValidator(_clause_tree)
]
TagName = Annotated[str, AfterValidator(_tag_name)]


class PreviousEdition(BaseModel):
    """The edition a bank's items say they come from (``source_clauses``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    clauses: Annotated[list[ClauseNumber], AfterValidator(_unique)]
    #: Numbers of the previous edition that are not clauses of this one, with a hint.
    moved: Annotated[dict[ClauseNumber, Text], BeforeValidator(_stringify_keys)] = Field(
        default_factory=dict
    )


class Structure(BaseModel):
    """Clause numbers and titles of one standard, the tag vocabulary, the previous edition."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    standard: Text
    clauses: ClauseTitles
    tags: Annotated[list[TagName], AfterValidator(_unique)] = Field(default_factory=list)
    previous_edition: PreviousEdition | None = None

    _tops: tuple[str, ...] = PrivateAttr(default=())
    _item_clauses: frozenset[str] = PrivateAttr(default=frozenset())

    def model_post_init(self, __context: Any) -> None:
        self._tops = tuple(n for n in self.clauses if parent_clause(n) is None)
        self._item_clauses = frozenset(n for n in self.clauses if parent_clause(n) is not None)

    @property
    def top_clauses(self) -> tuple[str, ...]:
        """The top-level clauses in clause order."""
        return self._tops

    @property
    def item_clauses(self) -> frozenset[str]:
        """The clauses an item may be attached to: every listed clause below the top level."""
        return self._item_clauses

    def title(self, number: str) -> str:
        """The clause's title ("" for a number the standard does not list)."""
        return self.clauses.get(number, "")

    def subclauses_of(self, top: str) -> tuple[str, ...]:
        """The second-level clauses under a top-level clause, in clause order."""
        return tuple(
            n for n in self.clauses if parent_clause(n) == top and subclause(n) == n
        )

    def item_problems(self, clause: Any, sources: Any, tags: Any) -> list[Problem]:
        """What is wrong with an item's ``clause``, ``source_clauses`` and ``tags`` here.

        Values of the wrong type are left to the item's own checks.
        """
        problems: list[Problem] = []
        if isinstance(clause, str):
            message = self._clause_problem(clause)
            if message:
                problems.append(("clause", None, message))
        for index, source in _texts(sources):
            message = self._source_problem(source)
            if message:
                problems.append(("source_clauses", index, message))
        for index, tag in _texts(tags):
            if tag not in self.tags:
                problems.append(("tags", index, self._tag_problem(tag)))
        return problems

    def _clause_problem(self, value: str) -> str:
        if value in self._item_clauses:
            return ""
        if value in self._tops:
            return _("'%(value)s' is a top-level clause; attach the item to a clause under "
                     "it (e.g. %(example)s)", value=value,
                     example=next((n for n in self.subclauses_of(value)), value + ".1"))
        previous = self.previous_edition
        hint = f" ({previous.moved[value]})" if previous and value in previous.moved else ""
        hint = hint or suggest(value, self._item_clauses)
        # TRANSLATORS: hint is empty, or where the clause went, or " (did you mean ...?)".
        return _("'%(value)s' is not a clause of %(standard)s%(hint)s", value=value,
                 standard=self.standard, hint=hint)

    def _source_problem(self, value: str) -> str:
        previous = self.previous_edition
        if previous is None:
            return _("'%(value)s': the bank's structure names no previous edition, so items "
                     "cannot list source clauses", value=value)
        if value in previous.clauses:
            return ""
        return _("'%(value)s' is not a clause of %(standard)s%(hint)s", value=value,
                 standard=previous.name, hint=suggest(value, previous.clauses))

    def _tag_problem(self, value: str) -> str:
        if not self.tags:
            return _("unknown tag '%(value)s'; the bank's structure declares no tags",
                     value=value)
        # TRANSLATORS: hint is empty or " (did you mean ...?)".
        return _("unknown tag '%(value)s'%(hint)s; see the tag list in the bank's structure",
                 value=value, hint=suggest(value, self.tags))


def _texts(values: Any) -> list[tuple[int, str]]:
    if not isinstance(values, list):
        return []
    return [(index, value) for index, value in enumerate(values) if isinstance(value, str)]



class Edition(BaseModel):
    """One edition of a standard as a mapping file declares it: its name and clauses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    clauses: ClauseTitles

    @property
    def item_clauses(self) -> frozenset[str]:
        """The clauses below the top level: the ones a mapping entry may name."""
        return frozenset(n for n in self.clauses if parent_clause(n) is not None)
