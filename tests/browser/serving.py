"""Serving the app for the browser tests: waitress in a thread on a free loopback port."""

from __future__ import annotations

import threading
from contextlib import contextmanager


@contextmanager
def served(app, threads: int = 4):
    """``app`` served by waitress in a thread on a free loopback port; yields the base URL."""
    from waitress import wasyncore
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Close every socket from the server's own loop thread: closing them from here
        # while that thread waits in select() makes it fail on a closed descriptor.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=5)
        app.extensions["gapassess.engine"].dispose()
