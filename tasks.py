#!/usr/bin/env python3
"""The two quick-start commands: ``python3 tasks.py run`` and ``python3 tasks.py test``.

Standard library only, so it works on a fresh machine with Python 3.11 and git. Both
commands create ``.venv`` next to this file and install the project into it.

run   installs the app, creates the SQLite database in ./instance, loads the demo data on
      first start and serves the app on http://127.0.0.1:5000/ (GAPASSESS_PORT changes it).
test  installs the development dependencies (and, as root, the Debian packages the tests
      need: chromium, LibreOffice Writer and Calc, poppler), runs ruff, mypy (strict on
      gapassess.domain, default mode elsewhere; see pyproject.toml) and the whole test suite
      on SQLite, then again on PostgreSQL when GAPASSESS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
# Debian packages the tests use: a real Chromium for the browser tests, LibreOffice to
# prove generated documents and workbooks open, poppler to read rendered PDFs, fonts.
SYSTEM_PACKAGES = (
    "chromium",
    "libreoffice-writer-nogui",
    "libreoffice-calc-nogui",
    "poppler-utils",
    "fonts-dejavu-core",
)


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def sh(*args: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def ensure_venv(extras: str) -> None:
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    pyproject = ROOT / "pyproject.toml"
    if stamp.exists() and stamp.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    say("installing gapassess" + (f" with [{extras}]" if extras else ""))
    sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    sh(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.touch()


def package_installed(name: str) -> bool:
    if shutil.which("dpkg-query") is None:
        return False
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def ensure_system_packages() -> None:
    missing = [pkg for pkg in SYSTEM_PACKAGES if not package_installed(pkg)]
    if not missing:
        return
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        say(f"not installing {', '.join(missing)} (needs root and apt-get): "
            "browser and document-rendering tests will be skipped")
        return
    say(f"installing {', '.join(missing)} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh("apt-get", "update", "-qq", env=env)
    sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def postgres_answers(url: str) -> str | None:
    """None when the server answers, else the reason it does not."""
    probe = (
        "import sys, sqlalchemy as sa\n"
        "e = sa.create_engine(sys.argv[1], connect_args={'connect_timeout': 5})\n"
        "e.connect().close()\n"
    )
    result = subprocess.run(
        [str(PYTHON), "-c", probe, url], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else "no answer"


def run(argv: list[str]) -> None:
    ensure_venv("")
    env = dict(os.environ)
    env.setdefault("GAPASSESS_INSTANCE_PATH", str(ROOT / "instance"))
    port = env.get("GAPASSESS_PORT", "5000")
    gapassess = str(BIN / "gapassess")
    sh(gapassess, "init", env=env)
    sh(gapassess, "demo", "--if-empty", env=env)
    say(f"open http://127.0.0.1:{port}/ and log in as consultant@example.com / demo-password")
    sh(gapassess, "serve", "--host", "127.0.0.1", "--port", port, *argv, env=env)


def test(argv: list[str]) -> None:
    ensure_venv("dev")
    ensure_system_packages()
    say("ruff check")
    sh(BIN / "ruff", "check", "gapassess", "tests", "bench", "tasks.py")
    say("translation catalogues (.po -> .mo)")
    sh(PYTHON, "-m", "gapassess.i18n_catalogues", "compile")
    say("mypy (strict on gapassess.domain, default mode for the rest; see pyproject.toml)")
    sh(BIN / "mypy")
    env = dict(os.environ)
    pg_url = env.pop("GAPASSESS_TEST_DATABASE_URL", "")
    say("test suite on SQLite")
    status = sh(PYTHON, "-m", "pytest", *argv, env=env, check=False)
    if status != 0:
        sys.exit(status)
    if not pg_url:
        say("PostgreSQL pass not run: set GAPASSESS_TEST_DATABASE_URL to run it")
        return
    reason = postgres_answers(pg_url)
    if reason:
        say(f"PostgreSQL pass skipped: no server answers at {pg_url} ({reason})")
        return
    say("test suite on PostgreSQL (database tests; browser and document tests ran above)")
    env["GAPASSESS_TEST_DATABASE_URL"] = pg_url
    sys.exit(sh(PYTHON, "-m", "pytest", "-m", "not browser and not slow", *argv, env=env,
                check=False))


COMMANDS = {"run": run, "test": test}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
