"""The terminal summary's cases the reference summaries (tests/reference/*/summary.txt) do not
show: a default target date, a plan without conformity work or milestones, an action without
a reason, clause labels at the width limit and unknown action kinds."""

from __future__ import annotations

import dataclasses
from datetime import date

from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.terminal_summary import _kind, summary_lines
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.i18n import using_locale
from tests.i18n_support import GERMAN_HEADER, with_catalogue
from tests.test_scoring_factories import answers_for, make_item, make_questionnaire, small_bank

START = date(2027, 1, 4)


def _result(compliance: int, outcome: int, model=None, **profile):
    bank = small_bank()
    return assess(bank, answers_for(bank, compliance, outcome), model or default_scoring_model(),
                  profile=OrgProfile(start_date=START, capacity=10, **profile))


def _line(lines: list[str], start: str) -> str:
    (found,) = [line for line in lines if line.startswith(start)]
    return found


def test_a_default_target_date_is_marked_in_the_plan_line():
    result = _result(0, 0)
    rm = result.roadmap
    assert rm.target_date_default
    assert _line(summary_lines(result), "Roadmap from") == (
        f"Roadmap from 2027-01-04 to target audit {rm.target_date.isoformat()} (default), "
        f"10 person-days a month, {rm.total_days:.0f} person-days of work")
    given = _result(0, 0, target_date=date(2029, 1, 31))
    assert _line(summary_lines(given), "Roadmap from") == (
        "Roadmap from 2027-01-04 to target audit 2029-01-31, 10 person-days a month, "
        f"{given.roadmap.total_days:.0f} person-days of work")


def test_a_plan_of_outcome_work_only_is_feasible_without_an_end_date():
    base = default_scoring_model()
    model = base.model_copy(update={"roadmap": base.roadmap.model_copy(
        update={"milestones": []})})
    result = _result(4, 0, model=model, target_date=date(2029, 1, 31))
    assert {a.kind for a in result.roadmap.actions} == {"outcome"}
    lines = summary_lines(result)
    assert lines[-1 - len(result.roadmap.notes)] == "Feasible: yes."
    assert not [line for line in lines if "Conformity work" in line]


def test_an_action_without_a_reason_shows_its_dates_only():
    result = _result(0, 0, target_date=date(2029, 1, 31))
    first = result.roadmap.actions[0]
    result.roadmap.actions[0] = dataclasses.replace(first, reasons=())
    lines = summary_lines(result)
    number = lines.index(f"    1. [conformity {first.clause}] {first.title}")
    assert lines[number + 1] == f"       {first.start.isoformat()} to {first.due.isoformat()}; "


def test_clause_labels_are_cut_beyond_52_characters():
    result = _result(2, 2, target_date=date(2029, 1, 31))
    top, sub = (next(c for c in result.clauses if c.level == level)
                for level in ("clause", "subclause"))
    top.title = "T" * (52 - len(f"{top.clause} "))  # exactly 52: shown whole
    sub.title = "S" * (53 - len(f"  {sub.clause} "))  # 53: cut to 49 and "..."
    lines = summary_lines(result)
    shown_top = f"{top.clause} {top.title}"
    assert len(shown_top) == 52
    assert any(line.startswith(shown_top + " ") for line in lines)
    cut = f"  {sub.clause} {sub.title}"[:49] + "..."
    (row,) = [line for line in lines if line.startswith(f"  {sub.clause} S")]
    assert row.startswith(cut + " ") and len(cut) == 52


def test_action_kinds_are_named_and_unknown_ones_shown_as_they_are():
    assert [_kind(k) for k in ("conformity", "outcome", "milestone", "other")] == [
        "conformity", "outcome", "milestone", "other"]


GERMAN_SUMMARY = GERMAN_HEADER + r'''
msgctxt "action kind"
msgid "conformity"
msgstr "Konformität"

msgctxt "action kind"
msgid "outcome"
msgstr "Ergebnis"

msgctxt "action kind"
msgid "milestone"
msgstr "Meilenstein"

msgid "%(answered)d of %(num)d applicable items answered"
msgid_plural "%(answered)d of %(num)d applicable items answered"
msgstr[0] "%(answered)d von %(num)d anwendbaren Punkt beantwortet"
msgstr[1] "%(answered)d von %(num)d anwendbaren Punkten beantwortet"

msgid "%(count)d %(class_name)s"
msgstr "%(class_name)s: %(count)d"
'''


def test_the_summary_asks_the_catalogue_with_its_context_and_number(tmp_path, monkeypatch):
    with_catalogue(tmp_path, monkeypatch, "de", GERMAN_SUMMARY)
    one = make_questionnaire([make_item("4.1-context")])
    single = assess(one, answers_for(one, 1, 1), default_scoring_model(),
                    profile=OrgProfile(start_date=START, target_date=date(2029, 1, 31)))
    many = _result(1, 1, target_date=date(2029, 1, 31))
    with using_locale("de"):
        assert [_kind(k) for k in ("conformity", "outcome", "milestone", "other")] == [
            "Konformität", "Ergebnis", "Meilenstein", "other"]
        single_lines, many_lines = summary_lines(single), summary_lines(many)
    assert "1 von 1 anwendbaren Punkt beantwortet" in _line(single_lines, "  Completion")
    assert "9 von 9 anwendbaren Punkten beantwortet" in _line(many_lines, "  Completion")
    assert _line(many_lines, "  Items: ") == (
        "  Items: gap: 8, informal: 0, compliance-only: 0, outcome-driven: 0")
    assert any(line.startswith("    1. [Konformität ") for line in many_lines)
    assert any(line.startswith("    1. [Konformität ") for line in single_lines)


def test_without_a_name_or_answers_the_summary_says_so():
    bank = small_bank()
    result = assess(bank, [], default_scoring_model(), profile=OrgProfile(start_date=START))
    lines = summary_lines(result)
    assert lines[0] == "Gap assessment"
    assert lines[3] == ("Overall: not enough answers to classify (compliance n/a, outcome n/a "
                        "out of 100)")
    named = assess(bank, [], default_scoring_model(), profile=OrgProfile(
        name="Acme", start_date=START))
    assert summary_lines(named, "Review")[0] == "Acme - Review"
    assert summary_lines(named)[0] == "Acme"
    assert summary_lines(result, "Review")[0] == "Review"


def test_without_a_catalogue_the_summary_shows_the_source_text():
    """A language without a catalogue shows the text as written in the code, plural included
    (the English catalogue would otherwise answer for it)."""
    result = _result(1, 1, target_date=date(2029, 1, 31))
    with using_locale("fr"):
        lines = summary_lines(result)
    assert _line(lines, "  Completion").endswith("  9 of 9 applicable items answered")
    assert lines == summary_lines(result)
