"""The one cache policy for what is read from files (question banks, scoring models).

A value is remembered per path together with the stamp of its file(s): (name, mtime_ns,
size) of each. Every lookup stats the file(s) again, so an edited file is read afresh on
the next load, in every thread and every worker process (each process keeps its own
cache and checks the files itself; nothing is shared that could go stale). Failures are
never remembered: a broken file is read, and reported, again on the next load.

The cache is bounded (least recently used entries go first) and guarded by a lock. A
value is computed outside the lock, so a slow load does not block lookups of other files;
two threads loading the same changed file at once both read it and the later one is
kept, which is harmless because cached values are never changed after they are made.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

Value = TypeVar("Value")  # i18n: not shown
Stamp = tuple[tuple[str, int, int], ...]
DEFAULT_SIZE = 64


def stamp_of(files: Iterable[Path]) -> Stamp:
    """(name, mtime_ns, size) of each file that exists, in the order given."""
    stamp = []
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue
        stamp.append((str(file), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def file_stamp(path: Path) -> Stamp:
    """The stamp of one file."""
    return stamp_of([path])


class FileCache(Generic[Value]):
    """Values computed from files, remembered until one of the files changes.

    ``load`` makes the value of a path; ``stamp`` names the files it depends on (one file
    by default; a folder bank passes the stamp of all its files).
    """

    def __init__(
        self,
        load: Callable[[Path], Value],
        stamp: Callable[[Path], Stamp] = file_stamp,
        size: int = DEFAULT_SIZE,
    ) -> None:
        if size < 1:
            raise ValueError("a file cache holds at least one entry")
        self._load = load
        self._stamp = stamp
        self._size = size
        self._entries: OrderedDict[str, tuple[Stamp, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path | str) -> Value:
        """The value for ``path``: remembered while its files are unchanged, else loaded."""
        path = Path(path)
        key = str(path.resolve())
        stamp = self._stamp(path)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == stamp:
                self._entries.move_to_end(key)
                return hit[1]
        value = self._load(path)  # a failure raises and is not remembered
        with self._lock:
            self._entries[key] = (stamp, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
