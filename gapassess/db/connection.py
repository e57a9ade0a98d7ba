"""Engine and session factory for any SQLAlchemy URL, with SQLite tuned for concurrent use.

SQLite allows one writer at a time. WAL mode lets readers carry on beside it, and the busy
timeout makes a second writer wait instead of failing. But SQLite's busy handler waits by
sleeping and polling, with sleeps that grow to 100 ms: under load a writer can sleep long
after the lock came free, and an unlucky one can lose the race again and again. So within
one process the writers of an engine queue on a lock of their own instead, and across
processes (the server's workers, a command run beside them) on a lock file next to the
database, ``<database>-writers.lock`` (see ``WriterQueueConnection``). The busy timeout
stays as the safety net.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import weakref

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_S = 30
# Statements that make the sqlite3 module open a transaction and take SQLite's write lock.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Waiting for another process's writer: poll the lock file this often at most.
_FILE_POLL_S = 0.001

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: processes meet SQLite's busy timeout
    fcntl = None  # type: ignore[assignment]  # the module is absent there, not None-typed


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout (sqlite3's ``timeout`` sets it),
    enforced foreign keys and a writer queue per engine."""
    if url.startswith("sqlite"):
        writers_file = _writers_file(url)
        queue = {"writers": threading.Lock(), "writers_file": writers_file}
        connection_class = type(
            "QueuedSQLiteConnection", (WriterQueueConnection,), queue  # i18n: not shown
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
        if writers_file is not None:
            weakref.finalize(engine, writers_file.close)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _writers_file(url: str) -> WritersFile | None:
    """The lock file that writers of every process take turns on; None for an in-memory
    database or where file locks are not available."""
    database = make_url(url).database
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return WritersFile(f"{database}-writers.lock")


class WritersFile:
    """``<database>-writers.lock``, opened at the first write (an engine that only reads
    leaves no file behind). Only the holder of the engine's thread lock calls ``acquire``.

    flock needs no write permission, so the file is opened read-only: a file another user
    created (a command run as someone else) still serves. A process forked after the file
    was opened opens its own, since a shared descriptor would share the lock. Where the file
    cannot be opened at all, writers go on without it (SQLite's busy timeout remains) and
    say so once in the log.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None
        self.pid = 0
        self.unusable = False

    def _open(self) -> bool:
        if self.fd is not None and self.pid == os.getpid():
            return True
        if self.unusable:
            return False
        try:
            self.fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            self.unusable = True
            logging.getLogger(__name__).warning(
                "writers of other processes are not queued: cannot open %s (%s)",  # i18n: not shown
                self.path, exc,
            )
            return False
        self.pid = os.getpid()
        return True

    def acquire(self, timeout: float) -> bool:
        """Take the file, polling while another process holds it; False after ``timeout``
        or when the file cannot be used."""
        if not self._open() or self.fd is None:
            return False
        fd = self.fd
        deadline = time.monotonic() + timeout
        pause = _FILE_POLL_S / 8
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, _FILE_POLL_S)

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self.fd is not None and self.pid == os.getpid():
            os.close(self.fd)
        self.fd = None


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
    Within the process, writers wait on ``writers``; the one holding it then takes the lock
    file ``writers_file`` that other processes' writers take too (a process that dies lets
    go of it). A writer that waited the whole busy timeout for either goes ahead anyway and
    lets SQLite decide, so a leaked lock can slow writers down but never stop them.
    """

    writers: threading.Lock  # set per engine by make_engine
    writers_file: WritersFile | None  # likewise; None: no other process to queue with

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.holds_writers = False
        self.holds_file = False

    def cursor(self, factory=None):  # noqa: D102 - same contract as sqlite3's
        return super().cursor(factory or WriterQueueCursor)

    def before_statement(self, sql: str) -> None:
        if not self.holds_writers and not self.in_transaction and _is_write(sql):
            self.holds_writers = self.writers.acquire(timeout=BUSY_TIMEOUT_S)
            if self.holds_writers and self.writers_file is not None:
                self.holds_file = self.writers_file.acquire(BUSY_TIMEOUT_S)

    def after_statement(self) -> None:
        if not self.in_transaction:
            self.release_writers()

    def release_writers(self) -> None:
        if self.holds_file:
            self.holds_file = False
            if self.writers_file is not None:
                self.writers_file.release()
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
