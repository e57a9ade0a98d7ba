"""The SQLite writer queue: writers of one engine take turns on a lock, readers never wait."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from gapassess.db import connection as engine_module
from gapassess.db.connection import make_engine


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def _lock(engine):
    with engine.connect() as conn:
        return type(conn.connection.dbapi_connection).writers


def test_a_write_holds_the_lock_until_commit_and_reads_do_not_take_it(sqlite_engine):
    lock = _lock(sqlite_engine)
    with sqlite_engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t")).scalar()
        assert not lock.locked()  # a read takes nothing
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert lock.locked()
        conn.commit()
        assert not lock.locked()
        conn.execute(text("UPDATE t SET n = 2"))
        assert lock.locked()
        conn.rollback()
        assert not lock.locked()
        conn.execute(text("DELETE FROM t"))
        assert lock.locked()
    assert not lock.locked()  # returning the connection to the pool rolls back and releases


def _second_waits_for_first(first_engine, second_engine) -> list[str]:
    """A write transaction held open 0.3 s on ``first_engine`` while ``second_engine``
    writes too; returns the order in which they got there."""
    order = []
    first_wrote = threading.Event()

    def first():
        with first_engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
            first_wrote.set()
            time.sleep(0.3)  # hold the write transaction open
            order.append("first commits")
            conn.commit()

    def second():
        first_wrote.wait()
        with second_engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (2)"))
            order.append("second wrote")
            conn.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return order


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path, monkeypatch):
    # SQLite's own busy timeout (50 ms) is shorter than the first writer's transaction, so
    # only the engine's queue can make the second writer wait instead of failing.
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.05)
    sqlite_engine = make_engine(f"sqlite:///{tmp_path / 'short.db'}")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 30)
    try:
        with sqlite_engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
        assert _second_waits_for_first(sqlite_engine, sqlite_engine) == [
            "first commits", "second wrote"]
        with sqlite_engine.connect() as conn:
            assert sorted(conn.execute(text("SELECT n FROM t")).scalars()) == [1, 2]
    finally:
        sqlite_engine.dispose()


def test_autocommit_writes_give_the_lock_back_at_once(sqlite_engine):
    lock = _lock(sqlite_engine)
    with sqlite_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("INSERT INTO t VALUES (3)"))
        assert not lock.locked()


def test_a_failed_write_releases_the_lock_on_rollback(sqlite_engine):
    lock = _lock(sqlite_engine)
    with sqlite_engine.connect() as conn:
        with pytest.raises(Exception, match="no such table"):
            conn.execute(text("INSERT INTO missing VALUES (1)"))
        conn.rollback()
        assert not lock.locked()


def test_a_leaked_lock_delays_writers_but_does_not_stop_them(sqlite_engine, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.2)
    lock = _lock(sqlite_engine)
    assert lock.acquire()  # somebody forgot to give it back
    try:
        began = time.perf_counter()
        with sqlite_engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (4)"))
            conn.commit()
        assert time.perf_counter() - began >= 0.2
    finally:
        lock.release()


def test_each_engine_has_its_own_queue(tmp_path):
    one = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    two = make_engine(f"sqlite:///{tmp_path / 'two.db'}")
    try:
        assert _lock(one) is not _lock(two)
    finally:
        one.dispose()
        two.dispose()


try:
    import fcntl
except ImportError:  # Windows: no lock file, processes meet SQLite's busy timeout
    fcntl = None
needs_fcntl = pytest.mark.skipif(fcntl is None, reason="lock files need fcntl (POSIX)")


def _file_is_locked(path) -> bool:
    with open(path, "w") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


@needs_fcntl
def test_a_write_holds_the_lock_file_other_processes_queue_on(sqlite_engine, tmp_path):
    lock_file = tmp_path / "queue.db-writers.lock"
    with sqlite_engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t")).scalar()
        assert not _file_is_locked(lock_file)  # reads take nothing
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert _file_is_locked(lock_file)
        conn.commit()
        assert not _file_is_locked(lock_file)


@needs_fcntl
def test_writers_of_two_engines_queue_on_the_lock_file(sqlite_engine, tmp_path, monkeypatch):
    """Two engines on one database stand for two processes (the server's workers). The
    second one's SQLite busy timeout is too short to outwait the first writer, so only the
    lock file can make it wait instead of failing with "database is locked"."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.05)
    other = make_engine(f"sqlite:///{tmp_path / 'queue.db'}")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 30)
    try:
        assert _second_waits_for_first(sqlite_engine, other) == ["first commits", "second wrote"]
    finally:
        other.dispose()


@needs_fcntl
def test_a_process_forked_after_opening_the_lock_file_opens_its_own(sqlite_engine, monkeypatch):
    with sqlite_engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
        writers_file = type(conn.connection.dbapi_connection).writers_file
    inherited = writers_file.fd
    monkeypatch.setattr(engine_module.os, "getpid", lambda: -1)  # now "in the child"
    with sqlite_engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (2)"))
    assert writers_file.fd != inherited


@needs_fcntl
def test_writers_go_on_when_the_lock_file_cannot_be_opened(tmp_path, caplog):
    (tmp_path / "odd.db-writers.lock").mkdir()  # something that cannot be opened as a file
    engine = make_engine(f"sqlite:///{tmp_path / 'odd.db'}")
    try:
        for n in (1, 2):
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE IF NOT EXISTS t (n INTEGER)"))
                conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
    finally:
        engine.dispose()
    warnings = [r for r in caplog.records if "are not queued" in r.getMessage()]
    assert len(warnings) == 1  # said once, not at every write


@needs_fcntl
def test_a_lock_file_held_elsewhere_delays_writers_but_does_not_stop_them(
    sqlite_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.2)
    with open(tmp_path / "queue.db-writers.lock", "w") as stuck:
        fcntl.flock(stuck, fcntl.LOCK_EX)  # a process that never lets go
        began = time.perf_counter()
        with sqlite_engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (5)"))
            conn.commit()
        assert time.perf_counter() - began >= 0.2
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t WHERE n = 5")).scalar() == 1


@needs_fcntl
def test_the_lock_file_appears_at_the_first_write_only(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'lazy.db'}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1")).scalar()
        assert not (tmp_path / "lazy.db-writers.lock").exists()
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert (tmp_path / "lazy.db-writers.lock").exists()
    finally:
        engine.dispose()
