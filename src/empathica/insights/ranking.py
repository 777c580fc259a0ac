"""Is a theme a pain or a gain, how strongly is it felt, is it growing, and how much does it matter.

Score = volume × intensity × trend, so a large, strongly felt, growing theme comes first and a
theme many mention calmly still outranks a lone outburst.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from empathica.domain import Analysis

#: Mean signal beyond which a theme is a pain (below minus this) or a gain (above it).
POLARITY_MARGIN = 0.15
#: Share of members on each side above which a theme without a clear lean is "mixed".
MIXED_SHARE = 0.3
#: Trend is clipped to this range so one busy week cannot dominate the ranking.
TREND_RANGE = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class Feeling:
    polarity: str
    valence: float
    intensity: float


def item_signal(analysis: Analysis) -> float:
    """-1 (pain) … +1 (gain) for one item: its valence, pulled towards its causes' polarity.

    Causes pull in proportion to how much feeling the item shows: a calm "how do I change my
    address?" has a likely cause, but it is a question, not a pain.
    """
    # The sentiment head is calibrated for "no feeling either way"; valence alone reads polite
    # requests ("I'd like to ...") as mildly positive, which would call every question a gain.
    signal = 0.0 if analysis.sentiment == "neutral" else float(analysis.valence)
    weight = 1.0
    felt = float(analysis.intensity)
    for cause in analysis.causes:
        sign = 1.0 if cause.polarity == "gain" else -1.0
        signal += sign * float(cause.score) * felt
        weight += float(cause.score) * felt
    return signal / weight


def feeling(analyses: Sequence[Analysis]) -> Feeling:
    """Polarity from the members' signals: pain, gain, mixed (both sides common) or neutral."""
    if not analyses:
        return Feeling("neutral", 0.0, 0.0)
    signals = [item_signal(a) for a in analyses]
    mean = sum(signals) / len(signals)
    intensity = sum(float(a.intensity) for a in analyses) / len(analyses)
    pains = sum(s < -POLARITY_MARGIN for s in signals) / len(signals)
    gains = sum(s > POLARITY_MARGIN for s in signals) / len(signals)
    if mean <= -POLARITY_MARGIN:
        polarity = "pain"
    elif mean >= POLARITY_MARGIN:
        polarity = "gain"
    elif pains >= MIXED_SHARE and gains >= MIXED_SHARE:
        polarity = "mixed"
    elif pains > gains and pains >= MIXED_SHARE:
        polarity = "pain"
    elif gains > pains and gains >= MIXED_SHARE:
        polarity = "gain"
    else:
        polarity = "neutral"
    return Feeling(polarity, round(mean, 4), round(intensity, 4))


def split_date(dates: Sequence[datetime | None]) -> datetime | None:
    """The median date of the corpus: items after it are "recent"."""
    known = sorted(d for d in dates if d is not None)
    if len(known) < 2 or known[0] == known[-1]:
        return None
    return known[len(known) // 2]


def trend(
    member_dates: Sequence[datetime | None], cut: datetime | None, corpus_recent_share: float
) -> float | None:
    """How much more of the theme is recent than of the whole corpus (1 = same pace).

    Counts are smoothed by one on each side so a theme of three items cannot claim a tenfold rise.
    """
    if cut is None:
        return None
    known = [d for d in member_dates if d is not None]
    if not known:
        return None
    recent = sum(d > cut for d in known)
    older = len(known) - recent
    theme_ratio = (recent + 1) / (older + 1)
    corpus_ratio = corpus_recent_share / max(1e-9, 1 - corpus_recent_share)
    value = theme_ratio / max(corpus_ratio, 1e-9)
    return round(min(max(value, TREND_RANGE[0]), TREND_RANGE[1]), 4)


def score(size: int, intensity: float, trend_value: float | None) -> float:
    """Volume × intensity × trend; intensity is floored so calm themes still count by volume."""
    return round(size * (0.25 + intensity) * (trend_value if trend_value is not None else 1.0), 4)
