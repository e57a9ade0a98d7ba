"""What the file-based commands share: reading a questionnaire, a scoring model and an
answers file named on the command line, and failing with exit status 2 and messages that
name the input when one cannot be used (never a traceback)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from gapassess.i18n import LazyString, _, lazy_gettext, ngettext

EXIT_BAD_INPUT = 2


class DateParam(click.DateTime):
    """A YYYY-MM-DD option that keeps to the one rule for dates (gapassess.domain.dates):
    a day outside the range is a usage error naming the option, never a traceback later."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from gapassess.domain.dates import DateRangeError, check_date

        converted = super().convert(value, param, ctx)
        name = _("The date")
        try:
            check_date(converted.date(), name)
        except DateRangeError as exc:
            self.fail(exc.message, param, ctx)
        return converted


DATE = DateParam()


class LazyHelpOption(click.Option):
    """An option whose help (a lazy_gettext text) is translated when shown: click itself
    would turn it into text once, when the command is defined."""

    def __init__(self, param_decls: Sequence[str] | None = None, *,
                 help: str | LazyString | None = None, **kwargs: Any) -> None:
        super().__init__(param_decls, help=str(help) if help is not None else None, **kwargs)
        self._lazy_help = help if isinstance(help, LazyString) else None

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self._lazy_help is not None:
            self.help = str(self._lazy_help)  # in the language of the moment
        return super().get_help_record(ctx)


def option(*param_decls: str, **attrs: Any) -> Any:
    """``click.option`` whose ``help`` may be a lazy_gettext text."""
    attrs.setdefault("cls", LazyHelpOption)
    return click.option(*param_decls, **attrs)


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def day(value: datetime | None) -> date | None:
    return value.date() if value else None


def questionnaire_option(qid: str | None):
    """The bank named by id (default iso9001-2026; ``ID@VERSION`` for a version other than
    the newest) or by the path of a bank file or folder."""
    from gapassess.domain.questionnaire import (
        QuestionnaireError,
        get_questionnaire,
        load_questionnaire,
    )

    try:
        if qid and Path(qid).exists():
            return load_questionnaire(Path(qid))
        name, _at, version = (qid or "").partition("@")
        return get_questionnaire(name or None, version or None)
    except QuestionnaireError as exc:
        fail([str(issue) for issue in exc.issues]
             + [_("error: the questionnaire cannot be loaded")])
    except KeyError as exc:
        fail([_("error: %(problem)s", problem=exc.args[0])])


def model_option(path: Path | None, organisation_model: str = ""):
    """The scoring model at ``path``; without one, the organisation's model file (by name,
    from the installation's model folders) or the installation's (GAPASSESS_SCORING_MODEL,
    else the shipped default). A model that cannot be used stops the command."""
    from gapassess.domain.scoring_model import ScoringModelError, load_scoring_model
    from gapassess.domain.scoring_model_files import ModelSettings

    try:
        if path:
            return load_scoring_model(path)
        return ModelSettings.from_environment().load(organisation_model or None)
    except ScoringModelError as exc:
        fail([*exc.problems, _("error: the scoring model cannot be used")])


def answers_file(path: Path, questionnaire, consequence: str):
    """Every answer in ``path``, or every problem with its row number and ``consequence``."""
    from gapassess.domain.answers_file import AnswersError, read_answers

    try:
        return read_answers(path, questionnaire)
    except AnswersError as exc:
        # TRANSLATORS: consequence says what was not done ("nothing scored").
        fail([*exc.problems, ngettext("%(num)d problem in %(path)s: %(consequence)s",
                                      "%(num)d problems in %(path)s: %(consequence)s",
                                      exc.count, path=path, consequence=consequence)])


def reports_dir() -> Path:
    """Where reports land when no output file is named."""
    return Path(os.environ.get("GAPASSESS_REPORTS_DIR") or Path.cwd() / "reports")


def certification_options(command):
    """The options that describe the organisation's certificate (score and report)."""
    for decorator in (
        option("--certificate-expiry", type=DATE, default=None,
               help=lazy_gettext("Expiry of the current certificate, YYYY-MM-DD.")),
        option("--next-audit", type=DATE, default=None,
               help=lazy_gettext("Next scheduled surveillance or recertification audit, "
                                 "YYYY-MM-DD: the default target date.")),
        option("--not-certified", is_flag=True,
               help=lazy_gettext("The organisation has no certificate yet: plan an initial "
                                 "certification (foundations first, no transition).")),
    ):
        command = decorator(command)
    return command


def certification(not_certified: bool, next_audit: datetime | None,
                  certificate_expiry: datetime | None):
    """The Certification the options describe; None when none of them was given."""
    from gapassess.domain.transition import Certification

    if not (not_certified or next_audit or certificate_expiry):
        return None
    return Certification("not-certified" if not_certified else "certified",
                         day(certificate_expiry), day(next_audit))


#: The longest title an assessment may have (the database keeps 200 characters).
TITLE_CHARS = 200


def checked_title(value: str | None) -> str | None:
    """A --title as given, stripped (None: not given); a blank or too long one is refused
    as a bad --title (exit status 2), never cut short."""
    if value is None:
        return None
    if not value.strip() or len(value.strip()) > TITLE_CHARS:
        raise click.BadParameter(_("give a title of 1 to %(limit)d characters",
                                   limit=TITLE_CHARS), param_hint="--title")
    return value.strip()
