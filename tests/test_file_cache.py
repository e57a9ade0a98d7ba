"""One cache policy for banks and models: reused while the file is unchanged, read again
when it changes, never remembering a failure, bounded and safe under concurrent loads."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import yaml

from gapassess.domain.file_cache import FileCache
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import (
    ScoringModelError,
    cached_scoring_model,
    default_model_path,
)
from tests.web_pages import BANK, BANK_ID


def _model_file(tmp_path: Path, threshold: int, name: str = "mine.yaml") -> Path:
    data = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    data["workshop"]["disagreement_threshold"] = threshold
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _touch_later(path: Path) -> None:
    """Give the file a later modification time than it had, on any file system's clock."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


def test_an_unchanged_model_file_is_read_once(tmp_path):
    path = _model_file(tmp_path, 3)
    assert cached_scoring_model(path) is cached_scoring_model(path)


def test_an_edited_model_file_is_read_again(tmp_path):
    path = _model_file(tmp_path, 3)
    assert cached_scoring_model(path).workshop.disagreement_threshold == 3
    _model_file(tmp_path, 4)  # same size, same name: only the time tells
    _touch_later(path)
    assert cached_scoring_model(path).workshop.disagreement_threshold == 4


def test_a_model_broken_on_disk_fails_on_the_next_load(tmp_path):
    path = _model_file(tmp_path, 3)
    cached_scoring_model(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["workshop"]["disagreement_threshold"] = 9
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _touch_later(path)
    with pytest.raises(ScoringModelError, match="workshop.disagreement_threshold"):
        cached_scoring_model(path)  # not the model that loaded before


def test_an_edited_bank_file_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / f"{BANK_ID}.yaml"
    path.write_text(yaml.safe_dump(BANK, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(tmp_path))
    first = get_questionnaire(BANK_ID)
    assert get_questionnaire(BANK_ID) is first
    path.write_text(yaml.safe_dump({**BANK, "version": "1.1"}, sort_keys=False),
                    encoding="utf-8")
    _touch_later(path)
    assert get_questionnaire(BANK_ID).version == "1.1"


def test_failures_are_not_remembered(tmp_path):
    path = tmp_path / "value.txt"
    calls = []

    def load(p: Path) -> str:
        calls.append(p)
        text = p.read_text(encoding="utf-8")
        if text == "bad":
            raise ValueError("bad file")
        return text

    cache: FileCache[str] = FileCache(load)
    path.write_text("bad", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get(path)
    assert len(calls) == 2 and len(cache) == 0


def test_the_cache_is_bounded_least_recently_used_first(tmp_path):
    cache: FileCache[str] = FileCache(lambda p: p.read_text(encoding="utf-8"), size=2)
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        paths.append(path)
    cache.get(paths[0])
    cache.get(paths[1])
    cache.get(paths[0])  # a is now the most recent
    cache.get(paths[2])  # so b goes
    assert len(cache) == 2
    loads = []
    counting: FileCache[str] = FileCache(lambda p: loads.append(p) or p.name, size=2)
    for path in (paths[0], paths[1], paths[0], paths[2], paths[0], paths[1]):
        counting.get(path)
    assert [p.name for p in loads] == ["a", "b", "c", "b"]


def _hammer(work, threads: int = 8, seconds: float = 1.0) -> list[BaseException]:
    """Run ``work`` in several threads at once, switching between them as often as Python
    allows; the exceptions any of them raised."""
    import sys

    errors: list[BaseException] = []
    stop = time.monotonic() + seconds
    start = threading.Barrier(threads)

    def run(offset: int) -> None:
        start.wait()
        index = offset
        while time.monotonic() < stop:
            try:
                work(index)
            except BaseException as exc:  # noqa: BLE001 - collected and reported
                errors.append(exc)
                return
            index += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        workers = [threading.Thread(target=run, args=(i * 7,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    return errors


def test_concurrent_loads_from_threads_are_safe(tmp_path):
    """Threads loading more files than the cache holds, so entries are evicted while other
    threads look them up: no lookup fails and the cache stays within its bound."""
    paths = []
    for i in range(6):
        path = tmp_path / f"f{i}.txt"
        path.write_text(str(i), encoding="utf-8")
        paths.append(path)
    cache: FileCache[str] = FileCache(lambda p: p.read_text(encoding="utf-8"), size=4)

    def work(index: int) -> None:
        path = paths[index % len(paths)]
        assert cache.get(path) == path.name[1:-4]
        assert len(cache) <= 4

    assert _hammer(work) == []


def test_concurrent_model_loads_while_the_file_changes(tmp_path):
    """Every load gives a whole model of one of the file's versions."""
    import itertools

    path = _model_file(tmp_path, 2)
    seen: set[int] = set()
    versions = itertools.count(1)
    saving = threading.Lock()  # one editor saves at a time; the loads are what is tested

    def work(index: int) -> None:
        if index % 50 == 0:  # now and then, a new version of the file
            with saving:
                version = next(versions)
                temporary = _model_file(tmp_path, 2 + version % 2, f"next-{version}.yaml")
                os.replace(temporary, path)  # as editors save: whole, in one step
                _touch_later(path)
        seen.add(cached_scoring_model(path).workshop.disagreement_threshold)

    assert _hammer(work, threads=4) == []
    assert seen <= {2, 3} and seen


def test_every_use_of_the_entries_holds_the_lock(tmp_path):
    """The bookkeeping (look up, reorder, store, evict, count) happens under the lock, so
    no thread sees another's half-done update, whatever the interpreter's scheduling."""
    from collections import OrderedDict

    cache: FileCache[str] = FileCache(lambda p: p.read_text(encoding="utf-8"), size=1)
    unguarded: list[str] = []

    class Guarded(OrderedDict):
        def _check(self, name: str) -> None:
            if not cache._lock.locked():
                unguarded.append(name)

        def get(self, *args):
            self._check("get")
            return super().get(*args)

        def move_to_end(self, *args, **kwargs):
            self._check("move_to_end")
            return super().move_to_end(*args, **kwargs)

        def __setitem__(self, key, value):
            self._check("store")
            return super().__setitem__(key, value)

        def popitem(self, *args, **kwargs):
            self._check("evict")
            return super().popitem(*args, **kwargs)

        def __len__(self):
            self._check("len")
            return super().__len__()

    cache._entries = Guarded()
    for name in ("a", "b", "a"):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        cache.get(path)
        cache.get(path)
    assert len(cache) == 1
    assert unguarded == []
