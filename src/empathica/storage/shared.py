"""Small helpers every store of the package uses: the clock, ``IN`` list chunks, person kinds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from empathica.domain import PersonKind
from empathica.storage.db import StorageError

#: Ids per ``IN (...)`` list, well below every backend's bind-parameter limit.
IN_CHUNK = 900

_T = TypeVar("_T")


def now() -> datetime:
    return datetime.now(UTC)


def chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def person_kind(value: PersonKind | str, what: str) -> str:
    """The kind's stored value; anything else is a StorageError naming ``what`` was being stored."""
    try:
        return PersonKind(value).value
    except ValueError:
        allowed = ", ".join(k.value for k in PersonKind)
        raise StorageError(f"{what}: person kind {value!r} is not one of {allowed}") from None
