"""The transition between two editions of a standard as data: its dates, how sure they are,
and the default target date of an organisation's plan.

The shipped facts are in ``questionnaires/transitions/*.yaml`` (docs/transition.md). Each date
has a status: *expected* until the accreditation bodies publish it, then *confirmed*; an
organisation may replace the dates with those its certification body gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from gapassess.domain.dates import check_date, check_optional
from gapassess.domain.file_cache import FileCache
from gapassess.domain.questionnaire.issues import ValidationIssue

# the scoring model's YAML line lookup: the same rule for every data file of the domain
from gapassess.domain.scoring_model import _line_of
from gapassess.i18n import _
from gapassess.paths import questionnaires_dir

Status = Literal["expected", "confirmed"]
CertificationStatus = Literal["certified", "not-certified"]
CERTIFICATION_STATUSES: tuple[CertificationStatus, ...] = ("certified", "not-certified")
TRANSITIONS_FOLDER = "transitions"
#: The source named for dates an organisation enters from its certification body.
CERTIFICATION_BODY = "certification-body"


class TransitionError(Exception):
    """A transition file cannot be used; ``issues`` name file, line and field."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        self.problems = [str(issue) for issue in issues]
        super().__init__("\n".join(self.problems))


def _in_range(value: date, info: ValidationInfo) -> date:
    """Dates in a transition file follow the rule for every date (gapassess.domain.dates)."""
    return check_date(value, str(info.field_name))


class _Date(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    status: Status
    source: str = Field(min_length=1)

    _date_in_range = field_validator("date")(_in_range)


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    checked: date
    from_edition: str = Field(min_length=1)
    to_edition: str = Field(min_length=1)

    _checked_in_range = field_validator("checked")(_in_range)


class _Dates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    published: _Date
    transition_end: _Date
    all_audits_new_edition: _Date


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    transition: _Header
    dates: _Dates
    initial_certification_months: int = Field(ge=1, le=60)


@dataclass(frozen=True)
class TransitionDate:
    """One date of the transition, with how sure it is and where it comes from."""

    date: date
    status: Status
    source: str

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


@dataclass(frozen=True)
class TransitionRules:
    """The dates of one transition (for example ISO 9001:2015 to ISO 9001:2026)."""

    id: str
    version: str
    checked: date
    from_edition: str
    to_edition: str
    published: TransitionDate
    transition_end: TransitionDate
    all_audits_new_edition: TransitionDate
    initial_certification_months: int
    source_file: str = ""

    def with_certification_body_dates(
        self, transition_end: date | None = None, all_audits_new_edition: date | None = None
    ) -> TransitionRules:
        """These rules with the dates an organisation's certification body gave it; those
        dates count as confirmed (for that organisation). DateRangeError for a date outside
        the range every date keeps to."""
        check_optional(transition_end, _("The certification body's end of transition"))
        check_optional(all_audits_new_edition,
                       _("The certification body's date for all audits on the new edition"))
        rules = self
        if transition_end is not None:
            rules = replace(rules, transition_end=TransitionDate(
                transition_end, "confirmed", CERTIFICATION_BODY))
        if all_audits_new_edition is not None:
            rules = replace(rules, all_audits_new_edition=TransitionDate(
                all_audits_new_edition, "confirmed", CERTIFICATION_BODY))
        return rules


@dataclass(frozen=True)
class Certification:
    """What an organisation's profile says about its certificate and its next audit."""

    status: CertificationStatus = "certified"
    certificate_expiry: date | None = None
    next_audit: date | None = None

    @property
    def certified(self) -> bool:
        return self.status == "certified"


TargetBasis = Literal["initial-certification", "no-transition", "next-audit",
                      "certificate-expiry", "all-audits", "transition-end"]
#: Months after the start a plan aims at when the standard has no transition dates.
NO_TRANSITION_MONTHS = 12


@dataclass(frozen=True)
class DefaultTarget:
    """The target date chosen when none was given, and what it rests on."""

    date: date
    basis: TargetBasis


def default_target(rules: TransitionRules | None, certification: Certification,
                   start: date) -> DefaultTarget:
    """The date a plan aims at when the organisation named none.

    Without transition dates (``rules`` None): NO_TRANSITION_MONTHS after the start.
    Without a certificate: ``initial_certification_months`` after the start. With one: the
    organisation's next scheduled audit, if it falls after the start and no later than the
    end of the transition; else the certificate's expiry (the recertification audit comes
    before it) on the same condition; else the date from which every audit is expected to
    use the new edition (never after the end); once that has passed, the end of the
    transition; once that has passed too, ``initial_certification_months`` after the start
    (the old certificate has lapsed).
    """
    from gapassess.domain.engine.schedule import add_months  # the engine imports this module

    if rules is None:
        basis: TargetBasis = "no-transition" if certification.certified \
            else "initial-certification"
        return DefaultTarget(add_months(start, NO_TRANSITION_MONTHS), basis)
    if not certification.certified:
        months = rules.initial_certification_months
        return DefaultTarget(add_months(start, months), "initial-certification")
    end = rules.transition_end.date
    if start >= end:  # the transition is over: an old certificate has lapsed
        months = rules.initial_certification_months
        return DefaultTarget(add_months(start, months), "initial-certification")
    scheduled: tuple[tuple[date | None, TargetBasis], ...] = (
        (certification.next_audit, "next-audit"),
        (certification.certificate_expiry, "certificate-expiry"),
    )
    for when, basis in scheduled:
        if when is not None and start < when <= end:
            return DefaultTarget(when, basis)
    # never after the end, even when a certification body's date says otherwise
    cut_off = min(rules.all_audits_new_edition.date, end)
    if start < cut_off:
        return DefaultTarget(cut_off, "all-audits")
    return DefaultTarget(end, "transition-end")


def _problems(path: Path, text: str, exc: ValidationError) -> list[ValidationIssue]:
    root = yaml.compose(text)
    return [
        ValidationIssue(str(path), None, ".".join(str(part) for part in err["loc"]) or None,
                        _line_of(root, list(err["loc"])), err["msg"])
        for err in exc.errors()
    ]


def _rules(data: _File, source: str) -> TransitionRules:
    head, dates = data.transition, data.dates

    def one(value: _Date) -> TransitionDate:
        return TransitionDate(value.date, value.status, " ".join(value.source.split()))

    return TransitionRules(
        id=head.id, version=head.version, checked=head.checked,
        from_edition=head.from_edition, to_edition=head.to_edition,
        published=one(dates.published), transition_end=one(dates.transition_end),
        all_audits_new_edition=one(dates.all_audits_new_edition),
        initial_certification_months=data.initial_certification_months, source_file=source,
    )


def _whole_file(path: Path, message: str) -> ValidationIssue:
    return ValidationIssue(str(path), None, None, None, message)


def is_transition_document(data: Any) -> bool:
    """Whether parsed YAML is a transition file (it has a top-level ``transition:``)."""
    return isinstance(data, dict) and "transition" in data


def check_transition(path: Path) -> tuple[TransitionRules | None, list[ValidationIssue]]:
    """The rules of a transition file and every problem found (the validator's view)."""
    try:
        return load_transition_rules(path), []
    except TransitionError as exc:
        return None, exc.issues


def load_transition_rules(path: Path | str) -> TransitionRules:
    """Read and check a transition file; TransitionError lists every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot be read (%(error)s)", error=exc)
        raise TransitionError([_whole_file(path, message)]) from None
    except yaml.YAMLError as exc:
        message = _("not valid YAML: %(error)s", error=exc)
        raise TransitionError([_whole_file(path, message)]) from None
    if not isinstance(data, dict):
        message = _("expected a mapping of settings at the top level")
        raise TransitionError([_whole_file(path, message)])
    try:
        return _rules(_File.model_validate(data), str(path))
    except ValidationError as exc:
        raise TransitionError(_problems(path, text, exc)) from None


_cache: FileCache[TransitionRules] = FileCache(load_transition_rules)


_listing: tuple[int, list[Path]] | None = None  # (folder mtime_ns, files): read when it changes


def transition_files() -> list[Path]:
    """The shipped transition files, listed again whenever the folder changes."""
    global _listing
    folder = questionnaires_dir() / TRANSITIONS_FOLDER
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return []
    listing = _listing
    if listing is None or listing[0] != stamp:
        listing = _listing = (stamp, sorted(folder.glob("*.yaml")))
    return list(listing[1])


def transition_rules_for(standard: str) -> TransitionRules | None:
    """The shipped transition into ``standard`` (e.g. "ISO 9001:2026"), None when there is
    none (a bank of another standard plans without transition dates).

    A broken file is skipped when another file holds the standard's transition; otherwise
    its TransitionError is raised (it may be the one asked for)."""
    broken: TransitionError | None = None
    for path in transition_files():
        try:
            rules = _cache.get(path)
        except TransitionError as exc:
            broken = broken or exc
            continue
        if rules.to_edition == standard:
            return rules
    if broken is not None:
        raise broken
    return None
