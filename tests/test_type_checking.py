"""The mypy configuration does what pyproject.toml says: strict on the domain, default elsewhere.

mypy has no per-module ``strict``: written in an override it switches the strict flags on
for every module. So the domain override lists the flags, and this test checks them
against the ones ``mypy --strict`` sets, for the domain and for the rest of the package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_main = pytest.importorskip("mypy.main")
mypy_options = pytest.importorskip("mypy.options")

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _options(config: Path, *args: str):
    return mypy_main.process_options(["--config-file", str(config), *args],
                                     require_targets=False)[1]


@pytest.fixture(scope="module")
def modes(tmp_path_factory):
    empty = tmp_path_factory.mktemp("mypy") / "empty.ini"
    empty.write_text("[mypy]\n")
    default = _options(empty)
    strict = _options(empty, "--strict")
    ours = _options(PYPROJECT)
    flags = sorted(f for f in mypy_options.PER_MODULE_OPTIONS
                   if getattr(default, f) != getattr(strict, f))
    return default, strict, ours, flags


def test_strict_sets_per_module_flags(modes):
    *_, flags = modes
    assert "disallow_untyped_defs" in flags and "warn_return_any" in flags


@pytest.mark.parametrize("module", ["gapassess.domain", "gapassess.domain.report.builder",
                                    "gapassess.domain.engine.roadmap"])
def test_domain_modules_are_checked_strictly(modes, module):
    _, strict, ours, flags = modes
    options = ours.clone_for_module(module)
    assert {f: getattr(options, f) for f in flags} == {f: getattr(strict, f) for f in flags}
    assert ours.warn_redundant_casts  # the one strict flag that is global only


@pytest.mark.parametrize("module", ["gapassess.paths", "gapassess.web.results.views",
                                    "gapassess.db.models", "gapassess.cli.report_cmd",
                                    "gapassess.domainless"])
def test_other_modules_use_the_default_mode(modes, module):
    default, _, ours, flags = modes
    options = ours.clone_for_module(module)
    assert {f: getattr(options, f) for f in flags} == {f: getattr(default, f) for f in flags}


def test_one_invocation_checks_the_whole_package(modes):
    *_, ours, _ = modes
    assert ours.files == ["gapassess"]
    assert not ours.ignore_missing_imports  # only named untyped libraries are ignored


def test_the_test_command_runs_mypy_after_ruff_and_before_pytest():
    tasks = (PYPROJECT.parent / "tasks.py").read_text(encoding="utf-8")
    body = tasks[tasks.index("def test(argv"):]
    body = body[: body.index("\ndef ", 1)]
    steps = [body.index(f'"{tool}"') for tool in ("ruff", "mypy", "pytest")]
    assert steps == sorted(steps)
    readme = (PYPROJECT.parent / "README.md").read_text(encoding="utf-8")
    assert "`mypy`" in readme[readme.index("`test` creates"):]
