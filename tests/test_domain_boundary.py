"""The domain stays framework-free: importing all of it loads neither Flask nor SQLAlchemy."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import gapassess.domain

ROOT = Path(__file__).resolve().parent.parent


def test_domain_imports_neither_flask_nor_sqlalchemy():
    modules = [
        info.name
        for info in pkgutil.walk_packages(gapassess.domain.__path__, "gapassess.domain.")
    ]
    assert len(modules) > 20  # the walk really found the domain
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
