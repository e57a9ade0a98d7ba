"""The transition dates are data with a status, and they decide the default target."""

from __future__ import annotations

from datetime import date

import pytest

from gapassess.domain.transition import (
    CERTIFICATION_BODY,
    Certification,
    TransitionError,
    default_target,
    load_transition_rules,
    transition_files,
    transition_rules_for,
)

START = date(2027, 1, 4)


@pytest.fixture(scope="module")
def rules():
    found = transition_rules_for("ISO 9001:2026")
    assert found is not None
    return found


def test_shipped_dates_are_expected_and_sourced(rules):
    assert (rules.from_edition, rules.to_edition) == ("ISO 9001:2015", "ISO 9001:2026")
    for when in (rules.published, rules.transition_end, rules.all_audits_new_edition):
        assert when.status == "expected" and not when.confirmed
        assert len(when.source) > 40 and "\n" not in when.source
    assert rules.published.date < rules.all_audits_new_edition.date < rules.transition_end.date


def test_only_known_standards_have_transition_rules():
    assert transition_rules_for("ISO 14001:2026") is None
    assert [p.name for p in transition_files()] == ["iso9001-2026.yaml"]


def test_certification_body_dates_replace_the_expected_ones(rules):
    own = rules.with_certification_body_dates(transition_end=date(2029, 6, 30))
    assert own.transition_end.date == date(2029, 6, 30)
    assert own.transition_end.confirmed and own.transition_end.source == CERTIFICATION_BODY
    assert own.all_audits_new_edition == rules.all_audits_new_edition
    assert rules.transition_end.status == "expected"  # the shipped rules are not changed


@pytest.mark.parametrize("certification, start, expected, basis", [
    (Certification("not-certified"), START, date(2028, 1, 4), "initial-certification"),
    (Certification(next_audit=date(2027, 6, 1)), START, date(2027, 6, 1), "next-audit"),
    # the next audit before the certificate's expiry wins over it
    (Certification(certificate_expiry=date(2028, 3, 1), next_audit=date(2027, 9, 1)), START,
     date(2027, 9, 1), "next-audit"),
    (Certification(certificate_expiry=date(2028, 3, 1)), START, date(2028, 3, 1),
     "certificate-expiry"),
    # an audit on the start day or after the end of the transition is not a target
    (Certification(next_audit=START, certificate_expiry=date(2030, 1, 1)), START,
     date(2029, 3, 30), "all-audits"),
    (Certification(next_audit=date(2029, 9, 30)), START, date(2029, 9, 30), "next-audit"),
    (Certification(), START, date(2029, 3, 30), "all-audits"),
    (Certification(), date(2029, 3, 30), date(2029, 9, 30), "transition-end"),
])
def test_default_target(rules, certification, start, expected, basis):
    target = default_target(rules, certification, start)
    assert (target.date, target.basis) == (expected, basis)


def test_certification_body_end_moves_the_cut_off(rules):
    own = rules.with_certification_body_dates(transition_end=date(2028, 12, 31))
    target = default_target(own, Certification(next_audit=date(2029, 2, 1)), START)
    # the all-audits date (2029-03-30) is after this body's end: the end is the limit
    assert (target.date, target.basis) == (date(2028, 12, 31), "all-audits")
    late = rules.with_certification_body_dates(all_audits_new_edition=date(2029, 12, 1))
    assert default_target(late, Certification(), START).date == rules.transition_end.date


def test_after_the_transition_an_old_certificate_has_lapsed(rules):
    target = default_target(rules, Certification(), date(2030, 1, 6))
    assert (target.date, target.basis) == (date(2031, 1, 6), "initial-certification")


def test_a_broken_transition_file_for_another_standard_is_skipped(tmp_path, monkeypatch):
    import gapassess.domain.transition as transition

    shipped = transition_files()
    broken = tmp_path / "broken.yaml"
    broken.write_text("transition: [\n", encoding="utf-8")
    monkeypatch.setattr(transition, "transition_files", lambda: [broken, *shipped])
    assert transition_rules_for("ISO 9001:2026") is not None
    with pytest.raises(TransitionError):
        transition_rules_for("ISO 45001:2030")  # not found, and the broken file may be it


@pytest.mark.parametrize("text, where, message", [
    ("transition: {}\n", ":1: field 'transition.id'", "Field required"),
    ("transition:\n  id: x\n  version: '1'\n  checked: 2026-12-01\n  from_edition: A\n"
     "  to_edition: B\ndates:\n  published: {date: 2026-09-30, status: maybe, source: s}\n",
     ":8: field 'dates.published.status'", "'expected' or 'confirmed'"),
    ("- a list\n", "", "expected a mapping"),
    ("transition: [\n", "", "not valid YAML"),
])
def test_broken_file_names_file_line_and_field(tmp_path, text, where, message):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TransitionError) as caught:
        load_transition_rules(path)
    found = [p for p in caught.value.problems if message in p]
    assert found, caught.value.problems
    assert found[0].startswith(f"{path}{where}")
