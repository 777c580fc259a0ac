"""What the insight builders keep between runs: ranked themes, item placements, persona builds.

Themes and persona builds are rebuilt or updated from the feedback, never edited row by row, so
each is stored whole (JSON) and replaced in one transaction. Reached as ``Repository.insights``;
it shares the repository's sessions and error wrapping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from empathica.domain import Persona, PersonKind, Theme
from empathica.storage import shared
from empathica.storage.tables import FeedbackRow, PersonaBuildRow, ThemeItemRow, ThemeRow

SessionFactory = Callable[..., AbstractContextManager[Session]]


class InsightStore:
    """Themes and persona builds in the feedback database."""

    def __init__(self, session: SessionFactory) -> None:
        self._session = session

    # -- themes -------------------------------------------------------------------------------

    @staticmethod
    def _theme_json(theme: Theme) -> dict[str, Any]:
        return {
            **theme.to_record(),
            "centroid": list(theme.centroid),
            "threshold": theme.threshold,
            "parts": [list(p) for p in theme.parts],
        }

    @staticmethod
    def _theme_from(data: dict[str, Any]) -> Theme:
        fields = dict(data)
        fields["centroid"] = tuple(float(v) for v in fields.get("centroid", ()))
        fields["parts"] = tuple(tuple(float(v) for v in p) for p in fields.get("parts", ()))
        return Theme(**fields)

    def load_themes(self) -> list[Theme]:
        with self._session() as session:
            rows = session.scalars(select(ThemeRow).order_by(ThemeRow.position)).all()
            return [self._theme_from(r.data) for r in rows]

    def save_themes(
        self,
        themes: Sequence[Theme],
        placed: Mapping[int, str | None] | None = None,
        *,
        rebuild: bool = False,
        moved: Mapping[str, str] | None = None,
    ) -> None:
        """Store the themes in ranked order, and where items were placed, in one transaction.

        ``rebuild`` forgets every earlier placement first; ``moved`` re-points items of a theme
        that was merged into another.
        """
        stamp = shared.now()
        with self._session(write=True) as session:
            session.execute(delete(ThemeRow))
            if themes:
                session.execute(
                    insert(ThemeRow),
                    [
                        {"key": t.id, "position": i, "data": self._theme_json(t), "updated_at": stamp}
                        for i, t in enumerate(themes)
                    ],
                )
            if rebuild:
                session.execute(delete(ThemeItemRow))
            for old, new in (moved or {}).items():
                session.execute(
                    update(ThemeItemRow).where(ThemeItemRow.theme_key == old).values(theme_key=new)
                )
            items = list((placed or {}).items())
            for chunk in shared.chunks(items, shared.IN_CHUNK):
                session.execute(
                    delete(ThemeItemRow).where(ThemeItemRow.feedback_id.in_([i for i, _ in chunk]))
                )
                session.execute(insert(ThemeItemRow), [{"feedback_id": i, "theme_key": k} for i, k in chunk])

    def theme_members(self, key: str) -> list[int]:
        with self._session() as session:
            stmt = select(ThemeItemRow.feedback_id).where(ThemeItemRow.theme_key == key)
            return list(session.scalars(stmt.order_by(ThemeItemRow.feedback_id)).all())

    def placements(self) -> dict[int, str | None]:
        with self._session() as session:
            rows = session.execute(select(ThemeItemRow.feedback_id, ThemeItemRow.theme_key)).all()
            return {int(r[0]): r[1] for r in rows}

    def theme_first_dates(self) -> dict[str, datetime | None]:
        """The date of each theme's earliest dated item (None: no member has a date)."""
        stmt = (
            select(ThemeItemRow.theme_key, func.min(FeedbackRow.created_at))
            .join(FeedbackRow, FeedbackRow.id == ThemeItemRow.feedback_id)
            .where(ThemeItemRow.theme_key.is_not(None))
            .group_by(ThemeItemRow.theme_key)
        )
        with self._session() as session:
            return {str(key): first for key, first in session.execute(stmt).all()}

    # -- persona builds -----------------------------------------------------------------------

    def load_persona_build(self, person_kind: PersonKind | str) -> tuple[str, list[Persona]] | None:
        """The last stored persona build of this kind and its state, or None if there is none."""
        kind = shared.person_kind(person_kind, "persona build")
        with self._session() as session:
            row = session.get(PersonaBuildRow, kind)
            if row is None:
                return None
            return row.state, [Persona.from_record(r) for r in row.data]

    def save_persona_build(
        self, person_kind: PersonKind | str, state: str, personas: Sequence[Persona]
    ) -> None:
        """Replace the stored build of this kind (one row per kind: only the latest matters)."""
        kind = shared.person_kind(person_kind, "persona build")
        data = [p.to_record() for p in personas]
        with self._session(write=True) as session:
            session.execute(delete(PersonaBuildRow).where(PersonaBuildRow.kind == kind))
            session.execute(
                insert(PersonaBuildRow),
                [{"kind": kind, "state": state, "data": data, "built_at": shared.now()}],
            )
