"""How a requirement changed from the previous edition: part of the scoring vocabulary."""

from __future__ import annotations

#: The change kinds an item may carry, from the most to the least demanding.
CHANGE_KINDS: tuple[str, ...] = ("new", "expanded", "clarified", "structural", "unchanged")
