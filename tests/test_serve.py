"""`gapassess serve` runs the app under waitress on a real socket."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
GAPASSESS = Path(sys.executable).with_name("gapassess")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_an_uninitialised_database(tmp_path):
    env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(tmp_path)}
    env.pop("GAPASSESS_DATABASE_URL", None)
    result = subprocess.run([GAPASSESS, "serve"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "gapassess init" in result.stderr


def test_serve_answers_http(tmp_path):
    env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(tmp_path)}
    env.pop("GAPASSESS_DATABASE_URL", None)
    subprocess.run([GAPASSESS, "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([GAPASSESS, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
                    page = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "Log in" in page
        assert 'name="csrf_token"' in page
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/" in output
