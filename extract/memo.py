"""Bounded caches of pure functions of a text (a sentence's parse, a cell's units, a deadline's dates, a line's
fold). A plan names the same bodies and deadlines in row after row, and the letterhead's tests read the same lines
again: each such result is worked out once. Results must be immutable (tuples, frozen dataclasses) or copied by
the caller.

`clear()` empties every cache: the benchmark does so before each timed run, so that a run does not reuse what the
run before it worked out on the same file; the vocabulary's own tables (`functools.cache`) are not cleared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_CACHES: list[Any] = []


def memo(maxsize: int) -> Callable[[F], F]:
    def wrap(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear() -> None:
    for cached in _CACHES:
        cached.cache_clear()
