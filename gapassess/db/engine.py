"""Engine and session factory for any SQLAlchemy URL, with SQLite tuned for concurrent use.

SQLite allows one writer at a time. WAL mode lets readers carry on beside it, and the busy
timeout makes a second writer wait instead of failing. But SQLite's busy handler waits by
sleeping and polling, with sleeps that grow to 100 ms: under load a writer can sleep long
after the lock came free, and an unlucky one can lose the race again and again. So within
one process the writers of an engine queue on a lock of their own instead (see
``WriterQueueConnection``). Other processes (a command run while the server runs) still
meet the busy timeout, which stays as the safety net.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_S = 30
# Statements that make the sqlite3 module open a transaction and take SQLite's write lock.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout (sqlite3's ``timeout`` sets it),
    enforced foreign keys and a writer queue per engine."""
    if url.startswith("sqlite"):
        connection_class = type(
            "QueuedSQLiteConnection", (WriterQueueConnection,), {"writers": threading.Lock()}
        )
        engine = create_engine(
            url,
            connect_args={
                "timeout": BUSY_TIMEOUT_S,
                "check_same_thread": False,
                "factory": connection_class,
            },
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class WriterQueueConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions take turns on ``writers``.

    The lock is taken just before the statement that opens a write transaction (the first
    INSERT, UPDATE, DELETE or REPLACE, where the sqlite3 module issues BEGIN) and given back
    as soon as the connection is no longer in a transaction: after commit or rollback,
    including the rollback when the connection returns to the pool. Reads never take it.
    A writer that waited the whole busy timeout goes ahead anyway and lets SQLite decide,
    so a leaked lock can slow writers down but never stop them.
    """

    writers: threading.Lock  # set per engine by make_engine

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.holds_writers = False

    def cursor(self, factory=None):  # noqa: D102 - same contract as sqlite3's
        return super().cursor(factory or WriterQueueCursor)

    def before_statement(self, sql: str) -> None:
        if not self.holds_writers and not self.in_transaction and _is_write(sql):
            self.holds_writers = self.writers.acquire(timeout=BUSY_TIMEOUT_S)

    def after_statement(self) -> None:
        if not self.in_transaction:
            self.release_writers()

    def release_writers(self) -> None:
        if self.holds_writers:
            self.holds_writers = False
            self.writers.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.after_statement()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.after_statement()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release_writers()


class WriterQueueCursor(sqlite3.Cursor):
    connection: WriterQueueConnection

    def execute(self, sql, parameters=()):
        self.connection.before_statement(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.after_statement()

    def executemany(self, sql, seq_of_parameters):
        self.connection.before_statement(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection.after_statement()


def _is_write(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(_WRITES)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
