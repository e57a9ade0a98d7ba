"""A plain non-editable install, run outside the repository, finds every data folder."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with only the built wheel of gapassess installed in it.

    The project's dependencies are taken from the test environment through a .pth line
    (installing pandas and matplotlib again would only measure the network); gapassess
    itself comes from the wheel, never from the source tree.
    """
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(work / "dist"), str(ROOT)],
        check=True,
    )
    (wheel,) = (work / "dist").glob("gapassess-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip()
    Path(site, "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True)
    outside = work / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAPASSESS_")}
    env["GAPASSESS_INSTANCE_PATH"] = str(work / "instance")
    return env_dir, outside, env


def _run(installed, *args):
    env_dir, outside, env = installed
    return subprocess.run(
        [env_dir / "bin" / "gapassess", *args], cwd=outside, env=env, capture_output=True,
        text=True,
    )


def test_package_comes_from_the_wheel(installed):
    env_dir, outside, env = installed
    out = subprocess.check_output(
        [env_dir / "bin" / "python", "-c",
         "import gapassess.paths as p; print(p.__file__); print(p.questionnaires_dir())"],
        cwd=outside, env=env, text=True,
    ).splitlines()
    assert out[0].startswith(str(env_dir))
    assert out[1].startswith(str(env_dir)) and out[1].endswith("_data/questionnaires")


def test_help_runs(installed):
    result = _run(installed, "--help")
    assert result.returncode == 0, result.stderr
    assert "questionnaire" in result.stdout and "serve" in result.stdout


def test_shipped_question_banks_validate(installed):
    result = _run(installed, "questionnaire", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "iso9001-2026" in result.stdout
    assert "valid: upgrade iso9001-2026 1.0 -> 2.0 (75 items)" in result.stdout


def test_templates_and_scoring_model_are_packaged(installed):
    env_dir, outside, env = installed
    out = subprocess.check_output(
        [env_dir / "bin" / "python", "-c",
         "from gapassess.paths import scoring_dir, templates_dir\n"
         "print((templates_dir() / 'web' / 'base.html').is_file())\n"
         "print(any(scoring_dir().glob('*.yaml')))"],
        cwd=outside, env=env, text=True,
    ).split()
    assert out == ["True", "True"]


def test_translation_catalogues_are_packaged(installed):
    env_dir, outside, env = installed
    out = subprocess.check_output(
        [env_dir / "bin" / "python", "-c",
         "from gapassess import i18n\n"
         "d = i18n.translations_dir()\n"
         "print(d.is_relative_to(__import__('sys').prefix))\n"
         "print((d / 'messages.pot').is_file(), (d / 'en/LC_MESSAGES/messages.mo').is_file())\n"
         "print(i18n.gettext('Skip to content'))\n"
         "from gapassess.web.translation import script_messages\n"
         "print('Saved %(time)s' in script_messages())"],
        cwd=outside, env=env, text=True,
    ).splitlines()
    assert out == ["True", "True True", "Skip to content", "True"]
