"""The README is the truth: it must name every command and every environment variable."""

import re
from pathlib import Path

from gapassess.cli import main
from tests.test_cli_db import _all_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    leaves = [path for path in _all_commands(main) if path != ("user",)]
    missing = [" ".join(p) for p in leaves if f"gapassess {' '.join(p)}" not in README]
    assert missing == []


def test_every_environment_variable_is_documented():
    used = set()
    for path in [*ROOT.joinpath("gapassess").rglob("*.py"), ROOT / "tasks.py"]:
        used |= set(re.findall(r"GAPASSESS_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    undocumented = sorted(name for name in used if f"`{name}`" not in README)
    assert undocumented == []


def test_quick_start_commands_exist():
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 tasks.py run" in README and "python3 tasks.py test" in README
    assert ci.strip().splitlines()[-1] == "python3 tasks.py test"
    assert '"run": run' in tasks and '"test": test' in tasks
