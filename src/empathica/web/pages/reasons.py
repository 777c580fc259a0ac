"""Why an item feels as it does: emotion chips, evidence highlighting and the emotion -> cause -> need chain.

Kept apart from the routes because it is pure: it reads an ``Analysis`` and the item's text
and returns what the templates draw, so it can be tested without an app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from empathica.domain import Analysis, Cause, Need
from empathica.web import charts
from empathica.web.rendering import readable

#: Fine-grained labels shown as chips next to the Ekman chips in lists.
CHIPS_PER_ITEM = 3
#: Order of the kind classes on a mark covered by several spans (CSS relies on it for layering).
KIND_ORDER = ("need", "gain", "pain")


@dataclass(slots=True)
class Chip:
    label: str
    score: float
    family: str
    primary: bool


def chips(analysis: Analysis | None, extra: int = CHIPS_PER_ITEM) -> list[Chip]:
    """Selected Ekman labels first, then the strongest selected fine-grained ones not already shown."""
    if analysis is None:
        return []
    out = [
        Chip(label, analysis.ekman.scores.get(label, 0.0), charts.family(label), True)
        for label in analysis.ekman.labels
    ]
    shown = {c.label for c in out}
    fine = [label for label in analysis.emotions.labels if label not in shown]
    out += [
        Chip(label, analysis.emotions.scores.get(label, 0.0), charts.family(label), False)
        for label in fine[:extra]
    ]
    return out


# -- evidence highlighting --------------------------------------------------------------------------


@dataclass(slots=True)
class Span:
    """One evidence span to highlight; ``key`` ties the mark to its card in the Why panel."""

    key: str
    kind: str  # pain | gain | need
    label: str
    start: int
    end: int


def locate(text: str, evidence: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the evidence lies in ``text``; offsets are trusted only when they cut out the evidence.

    Items analysed on another version of the text (redaction, truncation) may carry offsets
    that no longer match: then the quoted words are searched for, and if absent nothing is
    highlighted rather than the wrong words.
    """
    if 0 <= start < end <= len(text) and (not evidence or text[start:end] == evidence):
        return start, end
    if evidence.strip():
        found = text.find(evidence)
        if found >= 0:
            return found, found + len(evidence)
    return None


def _polarity(cause: Cause) -> str:
    return cause.polarity if cause.polarity in ("pain", "gain") else "pain"


def evidence_spans(text: str, causes: Sequence[Cause], needs: Sequence[Need]) -> list[Span]:
    spans: list[Span] = []
    for i, cause in enumerate(causes):
        where = locate(text, cause.evidence, cause.start, cause.end)
        if where:
            spans.append(Span(f"c{i}", _polarity(cause), readable(cause.label), *where))
    for i, need in enumerate(needs):
        where = locate(text, need.evidence, need.start, need.end)
        if where:
            spans.append(Span(f"n{i}", "need", readable(need.label), *where))
    return spans


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """The text with every evidence span in a ``<mark>``; every piece of user text is escaped.

    Overlapping spans are flattened rather than nested: the text is cut at every span edge and
    each piece gets one mark listing all the spans covering it (``data-spans``), so marks never
    straddle each other and a hovered cause can light up exactly its own words.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = str(escape(text[a:b]))
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        kinds = [k for k in KIND_ORDER if any(s.kind == k for s in covering)]
        classes = " ".join(["hl", *(f"hl-{k}" for k in kinds)])
        keys = " ".join(s.key for s in covering)
        title = "; ".join(f"{s.label} ({'need' if s.kind == 'need' else 'cause'})" for s in covering)
        out.append(f'<mark class="{classes}" data-spans="{keys}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))


# -- the Why panel ----------------------------------------------------------------------------------


@dataclass(slots=True)
class CauseView:
    key: str
    label: str
    polarity: str
    score: float
    evidence: str
    emotions: list[Chip]
    highlighted: bool


@dataclass(slots=True)
class NeedView:
    key: str
    label: str
    score: float
    evidence: str
    highlighted: bool


@dataclass(slots=True)
class Why:
    """What the item page's Why panel draws: feelings, their causes, the needs they leave."""

    feels: list[Chip]
    causes: list[CauseView]
    needs: list[NeedView]

    @property
    def empty(self) -> bool:
        return not self.causes and not self.needs


def _emotion_chip(analysis: Analysis, label: str) -> Chip:
    score = analysis.emotions.scores.get(label, analysis.ekman.scores.get(label, 0.0))
    return Chip(label, score, charts.family(label), label in analysis.ekman.labels)


def why(analysis: Analysis, spans: Sequence[Span]) -> Why:
    shown = {s.key for s in spans}
    causes = sorted(enumerate(analysis.causes), key=lambda pair: -pair[1].score)
    needs = sorted(enumerate(analysis.needs), key=lambda pair: -pair[1].score)
    explained: list[str] = []
    for _, cause in causes:
        explained += [e for e in cause.emotions if e not in explained]
    return Why(
        feels=[_emotion_chip(analysis, e) for e in explained] or chips(analysis),
        causes=[
            CauseView(
                key=f"c{i}",
                label=readable(c.label),
                polarity=_polarity(c),
                score=c.score,
                evidence=c.evidence,
                emotions=[_emotion_chip(analysis, e) for e in c.emotions],
                highlighted=f"c{i}" in shown,
            )
            for i, c in causes
        ],
        needs=[
            NeedView(
                key=f"n{i}",
                label=readable(n.label),
                score=n.score,
                evidence=n.evidence,
                highlighted=f"n{i}" in shown,
            )
            for i, n in needs
        ],
    )


def top_cause(analysis: Analysis | None) -> Cause | None:
    if analysis is None or not analysis.causes:
        return None
    return max(analysis.causes, key=lambda c: c.score)
