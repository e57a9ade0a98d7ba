"""Ordering actions: by priority key, as a topological order of their dependencies.

An action that others depend on inherits the best (smallest) key of everything that waits on
it, so a prerequisite is pulled forward to just before the work that needs it instead of
holding that work back. Sorting on (inherited rank, position in a fixed topological order of
the questionnaire's items) then never puts an action before its prerequisites: a
prerequisite's inherited key is never worse than its dependant's, and when they are equal
the topological position puts the prerequisite first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def rank(keys: Mapping[str, int], deps: Mapping[str, Sequence[str]],
         topo: Mapping[str, int]) -> tuple[list[str], dict[str, int]]:
    """Order ``keys`` (item id -> priority rank, smaller first, all different) respecting
    ``deps``.

    ``deps`` maps an item id to the ids it depends on, all of them in ``keys`` and earlier
    in ``topo`` (item id -> position in a topological order of all items).
    Returns the order and each action's effective (inherited) rank.
    """
    effective = dict(keys)
    waiting = [iid for iid in keys if deps.get(iid)]
    if waiting:
        waiting.sort(key=topo.__getitem__, reverse=True)
        for iid in waiting:  # dependants before their prerequisites
            key = effective[iid]
            for need in deps[iid]:
                if key < effective[need]:
                    effective[need] = key
    spread = len(topo) + 1
    sort_key = {iid: rank * spread + topo[iid] for iid, rank in effective.items()}
    return sorted(keys, key=sort_key.__getitem__), effective
