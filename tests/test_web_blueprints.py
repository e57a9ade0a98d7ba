"""Blueprints do not import one another: what several need lives in gapassess.web.services."""

from __future__ import annotations

import ast
from pathlib import Path

import gapassess.web

WEB = Path(gapassess.web.__file__).parent


def _blueprint_packages(web: Path = WEB) -> set[str]:
    """Sub-packages of gapassess.web that define a Blueprint."""
    return {
        init.parent.name
        for init in web.glob("*/__init__.py")
        if "Blueprint(" in init.read_text(encoding="utf-8")
    }


def _imported(path: Path, web: Path) -> set[str]:
    """Every module ``path`` imports (absolute names; relative imports resolved)."""
    package = "gapassess.web." + ".".join(path.relative_to(web).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def crossings(web: Path = WEB) -> list[str]:
    """"<file> imports <module>" for each import of one blueprint package from another."""
    blueprints = _blueprint_packages(web)
    found = []
    for name in sorted(blueprints):
        for path in sorted((web / name).rglob("*.py")):
            for module in sorted(_imported(path, web)):
                parts = module.split(".")
                if parts[:2] == ["gapassess", "web"] and len(parts) > 2 \
                        and parts[2] in blueprints and parts[2] != name:
                    found.append(f"{path.relative_to(web).as_posix()} imports {module}")
    return found


def test_the_blueprints_are_found():
    assert _blueprint_packages() >= {"assess", "auth", "main", "orgs", "results", "workshop"}
    assert "services" not in _blueprint_packages()


def test_no_blueprint_imports_another():
    assert crossings() == []


def test_the_check_sees_imports_across_blueprints(tmp_path):
    """The check itself, on a small tree: absolute and relative imports of another
    blueprint are reported; the shared services and the blueprint's own modules are not."""
    web = tmp_path / "web"
    for name, body in {
        "results/__init__.py": "bp = Blueprint('results', __name__)\n",
        "workshop/__init__.py": "bp = Blueprint('workshop', __name__)\n",
        "services/__init__.py": "",
        "results/views.py": "from gapassess.web.workshop import live\n"
                            "from ..workshop.items import item_view\n"
                            "import gapassess.web.workshop.forms\n"
                            "from gapassess.web.services import scoring\n"
                            "from gapassess.web.results import bp\n",
    }.items():
        (web / name).parent.mkdir(parents=True, exist_ok=True)
        (web / name).write_text(body, encoding="utf-8")
    assert crossings(web) == [
        "results/views.py imports gapassess.web.workshop",
        "results/views.py imports gapassess.web.workshop.forms",
        "results/views.py imports gapassess.web.workshop.items",
        "results/views.py imports gapassess.web.workshop.items.item_view",
        "results/views.py imports gapassess.web.workshop.live",
    ]
