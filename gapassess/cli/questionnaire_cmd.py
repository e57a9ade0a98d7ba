"""`gapassess questionnaire validate|show`: check question banks and see what they hold."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from gapassess.cli.inputs import option
from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.questionnaire import Questionnaire, ValidationIssue
from gapassess.domain.questionnaire.registry import catalog, latest_versions, validate_report
from gapassess.i18n import _, lazy_gettext, ngettext


def _report(issues: list[ValidationIssue]) -> None:
    for issue in issues:
        click.echo(str(issue), err=True)
    count = len(issues)
    files = len({issue.file for issue in issues})
    # TRANSLATORS: files is "1 file" or "N files" (the message below).
    in_files = ngettext("%(num)d file", "%(num)d files", files)
    click.echo(ngettext("%(num)d problem in %(files)s", "%(num)d problems in %(files)s", count,
                        files=in_files), err=True)


@click.group("questionnaire", help=lazy_gettext(
    "Validate and inspect question banks and clause mappings."))
def questionnaire_group() -> None:
    pass


@questionnaire_group.command("validate", help=lazy_gettext(
    "Validate question banks, mapping files and upgrade files (files or folders).\n\n"
    "With no PATH, validates the shipped questionnaires, mappings and upgrades and every "
    "folder in GAPASSESS_QUESTIONNAIRES_PATH. Exits with status 1 when any problem is found."))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    report = validate_report(list(paths))
    for bank in report.banks:
        # TRANSLATORS: the English says "items" whatever the number.
        click.echo(ngettext("valid: question bank %(bank)s %(version)s (%(num)d items)",
                            "valid: question bank %(bank)s %(version)s (%(num)d items)",
                            len(bank.items), bank=bank.id, version=bank.version))
        click.echo(f"       {bank.source}")
    for mapping in report.mappings:
        entries = len(mapping.entries)
        # TRANSLATORS: the English says "entries" whatever the number.
        click.echo(ngettext("valid: mapping %(mapping)s %(version)s (%(num)d entries)",
                            "valid: mapping %(mapping)s %(version)s (%(num)d entries)",
                            entries, mapping=mapping.id, version=mapping.header.version))
    for upgrade in report.upgrades:
        # TRANSLATORS: the English says "items" whatever the number.
        click.echo(ngettext("valid: upgrade %(bank)s %(old)s -> %(new)s (%(num)d items)",
                            "valid: upgrade %(bank)s %(old)s -> %(new)s (%(num)d items)",
                            len(upgrade.links), bank=upgrade.questionnaire_id,
                            old=upgrade.from_version, new=upgrade.to_version))
        click.echo(f"       {upgrade.path}")
    if report.issues:
        _report(report.issues)
        raise SystemExit(1)
    click.echo(_("OK: no problems found"))


def _summary_row(bank: Questionnaire) -> dict:
    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "items": len(bank.items),
        "source": bank.source,
    }


def _print_summary(bank: Questionnaire) -> None:
    items = bank.items
    advisory = sum(item.advisory for item in items)
    optional = sum(item.not_applicable_allowed for item in items)
    click.echo(f"{bank.id} {bank.version}: {bank.title}")
    click.echo(_("source: %(source)s", source=bank.source or "-"))
    # TRANSLATORS: the English says "items" whatever the number.
    click.echo(ngettext("%(num)d items (%(advisory)d advisory, %(optional)d may be not "
                        "applicable)",
                        "%(num)d items (%(advisory)d advisory, %(optional)d may be not "
                        "applicable)", len(items), advisory=advisory, optional=optional))
    click.echo("\n" + _("Items per clause"))
    for top, group in bank.items_by_clause().items():
        click.echo(f"  {top:<8} {bank.clause_title(top):<66} {len(group):>3}")
        per_sub = Counter(item.subclause for item in group)
        for sub in sorted(per_sub, key=bank.clause_key):
            click.echo(f"    {sub:<6} {bank.clause_title(sub):<66} {per_sub[sub]:>3}")
    click.echo("\n" + _("By change kind"))
    changes: Counter[str] = Counter(item.change for item in items)
    for kind in CHANGE_KINDS:
        click.echo(f"  {kind:<12} {changes[kind]:>3}")
    click.echo("\n" + _("By tag"))
    tags = Counter(tag for item in items for tag in item.tags)
    for tag, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {tag:<24} {count:>3}")


@questionnaire_group.command("show", help=lazy_gettext(
    "Summarise question bank QID (items per clause, change kinds, tags).\n\n"
    "QID is a bank id (its newest version) or ID@VERSION. With no QID and several banks, "
    "lists them. --json prints the whole normalised bank "
    '({"id", "version", "title", "description", "scales", "structure", "items"}); with no '
    'QID and several banks, a JSON list of {"id", "version", "title", "items", "source"}.'))
@click.argument("qid", required=False)
@option("--json", "as_json", is_flag=True,
        help=lazy_gettext("Print the normalised questionnaire."))
def show_command(qid: str | None, as_json: bool) -> None:
    found = catalog()
    banks = found.banks
    for issue in found.issues:
        click.echo(_("warning: %(problem)s", problem=issue), err=True)
    if qid is None and len(banks) != 1:
        if not banks:
            raise click.ClickException(_("no valid question bank found"))
        if as_json:
            click.echo(json.dumps([_summary_row(b) for b in banks], indent=2))
            return
        for bank in banks:
            # TRANSLATORS: a number of items, right-aligned in 4 places.
            items = ngettext("%(num)4d items", "%(num)4d items", len(bank.items))
            click.echo(f"{bank.id:<20} {bank.version:<8} {items}  {bank.title}")
            click.echo(f"{'':<20} {bank.source}")
        return
    name, _at, version = (qid or banks[0].id).partition("@")
    chosen = [b for b in banks if b.id == name and version in ("", b.version)]
    if not chosen:
        available = ", ".join(f"{b.id}@{b.version}" for b in banks) or _("none")
        raise click.ClickException(_("unknown questionnaire '%(wanted)s' (available: "
                                     "%(available)s)", wanted=qid, available=available))
    bank = latest_versions(chosen)[0]
    if as_json:
        click.echo(json.dumps(bank.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_summary(bank)


def register(group: click.Group) -> None:
    """Add `questionnaire validate` and `questionnaire show` to the `gapassess` group."""
    group.add_command(questionnaire_group)
