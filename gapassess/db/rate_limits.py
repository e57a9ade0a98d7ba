"""Rate-limit counters in the app's database: a ``limits`` storage every worker shares.

Flask-Limiter keeps its counters in a storage of the ``limits`` library. The in-memory one
counts per process, so with several worker processes each would grant the whole limit:
ten login attempts a minute would become ten per worker. This storage keeps each window as
one row of ``rate_limit_counter`` in the app's own database, so a limit holds across worker
processes and restarts with no extra server. It serves the fixed-window strategy, the
app's; only rate-limited requests (logging in, joining a workshop) touch it.

The app selects it with ``RATELIMIT_STORAGE_URI = "gapassess-db://"`` and hands it a way to
find the engine of the app serving the request (see ``web.security``): Flask-Limiter keeps
one storage for every app of the process, so it must not hold one app's engine. Any URI
``limits`` knows (``redis://...``) works instead.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from limits.storage import Storage
from sqlalchemy import Engine, bindparam, delete, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from gapassess.db.models import RATE_LIMIT_KEY_LENGTH, RateLimitCounter

SCHEME = "gapassess-db"
ATTEMPTS = 3  # two processes may start the same window at once; the loser counts again

_T = RateLimitCounter.__table__
_C = _T.c
KEY_LENGTH = RATE_LIMIT_KEY_LENGTH  # a longer key (a forged address, say) is shortened by hash
# Count into the key's window while it is open.
_ADD = (
    _T.update()
    .where(_C.key == bindparam("b_key"), _C.expires_at > bindparam("now"))
    .values(count=_C.count + bindparam("amount"))
)
_PURGE = delete(_T).where(_C.expires_at <= bindparam("now"))  # closed windows, this key's too
_START = _T.insert()
_OPEN = select(_C.count, _C.expires_at).where(
    _C.key == bindparam("b_key"), _C.expires_at > bindparam("now")
)


def _stored_key(key: str) -> str:
    """``key`` as stored: as it is when it fits the column, else its start and its hash."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[:KEY_LENGTH - len(digest) - 1]}#{digest}"


class DatabaseStorage(Storage):
    """Fixed windows as rows: ``incr`` counts into the open window or starts a new one."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        *,
        engine: Engine | Callable[[], Engine] | None = None,
        **options,
    ) -> None:
        if engine is None:
            raise ValueError(f"the {SCHEME}:// storage needs the app's engine (option 'engine')")
        self._engine = engine
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def engine(self) -> Engine:
        """The engine given, or the one the given function finds (the current app's)."""
        return self._engine if isinstance(self._engine, Engine) else self._engine()

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        key = _stored_key(key)
        for attempt in range(ATTEMPTS):
            now = time.time()
            try:
                with self.engine.begin() as conn:
                    added = conn.execute(_ADD, {"b_key": key, "now": now, "amount": amount})
                    if added.rowcount == 0:  # no open window: start one with this hit
                        conn.execute(_PURGE, {"now": now})
                        conn.execute(
                            _START, {"key": key, "count": amount, "expires_at": now + expiry}
                        )
                        return amount
                    opened = conn.execute(_OPEN, {"b_key": key, "now": now}).one()
                    count: int = opened[0]  # the window's count (Row.count is tuple.count)
                    return count
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _open_window(self, key: str):
        with self.engine.connect() as conn:
            return conn.execute(_OPEN, {"b_key": _stored_key(key), "now": time.time()}).first()

    def get(self, key: str) -> int:
        window = self._open_window(key)
        return window.count if window else 0

    def get_expiry(self, key: str) -> float:
        window = self._open_window(key)
        return window.expires_at if window else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as conn:
            return conn.execute(delete(_T)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(_T).where(_C.key == _stored_key(key)))
