"""Test databases: a fresh SQLite file per test, or a throwaway PostgreSQL database.

With ``GAPASSESS_TEST_DATABASE_URL`` set (a PostgreSQL URL), the session creates its own
database on that server, migrates it once, and empties every table between tests.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gapassess.db.connection import make_engine
from gapassess.db.migrate import upgrade
from gapassess.db.models import Base

ENV_TEST_DB = "GAPASSESS_TEST_DATABASE_URL"


def server_url() -> str | None:
    return os.environ.get(ENV_TEST_DB) or None


@contextmanager
def scratch_postgres(base_url: str) -> Iterator[str]:
    """Create an empty database next to ``base_url``'s and drop it afterwards."""
    url = make_url(base_url)
    name = f"gapassess_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def sqlite_template(directory: Path) -> Path:
    """A migrated SQLite file that tests copy instead of migrating each time."""
    path = directory / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / "gapassess.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def empty_tables(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
