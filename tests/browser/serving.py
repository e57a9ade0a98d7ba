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


@contextmanager
def workshop_app(database_url, tmp_path, monkeypatch, item_ids, **assessment):
    """An app (CSRF on) whose database holds Acme Widgets, its consultant c@acme.example and
    an assessment (``assessment``: its fields) with a workshop open on ``item_ids``; yields
    (app, session, workshop) inside the app context, committed."""
    from gapassess.db import workshops
    from gapassess.web import create_app
    from gapassess.web.database import get_session
    from tests import factories

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        session = get_session()
        org = factories.gen_org(session, name="Acme Widgets")
        consultant = factories.gen_user(session, org, role="consultant", email="c@acme.example")
        opened = factories.gen_assessment(session, org, **assessment)
        workshop = workshops.open_workshop(session, opened, list(item_ids), user=consultant)
        session.commit()
        yield app, session, workshop
