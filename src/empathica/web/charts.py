"""Server-side SVG charts and the emotion colour scheme.

Charts are drawn here in Python so the dashboard needs no JavaScript chart library and no
CDN: the page works offline and the numbers in the SVG are the numbers the API returns.
Every function returns ``Markup`` (already escaped) ready to drop into a template.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from markupsafe import Markup

from empathica.domain import EKMAN_LABELS

#: GoEmotions label -> Ekman family, as in the GoEmotions paper's Ekman grouping.
FAMILY: dict[str, str] = {
    "anger": "anger",
    "annoyance": "anger",
    "disapproval": "anger",
    "disgust": "disgust",
    "fear": "fear",
    "nervousness": "fear",
    "joy": "joy",
    "admiration": "joy",
    "amusement": "joy",
    "approval": "joy",
    "caring": "joy",
    "desire": "joy",
    "excitement": "joy",
    "gratitude": "joy",
    "love": "joy",
    "optimism": "joy",
    "pride": "joy",
    "relief": "joy",
    "sadness": "sadness",
    "disappointment": "sadness",
    "embarrassment": "sadness",
    "grief": "sadness",
    "remorse": "sadness",
    "surprise": "surprise",
    "confusion": "surprise",
    "curiosity": "surprise",
    "realization": "surprise",
    "neutral": "neutral",
}

#: One colour per Ekman family; chips, bars and chart series share them.
FAMILY_COLOURS: dict[str, str] = {
    "anger": "#d1453b",
    "disgust": "#6f8a1f",
    "fear": "#7d4cc2",
    "joy": "#e29a00",
    "sadness": "#2f6fcf",
    "surprise": "#0f9d9a",
    "neutral": "#8792a6",
}

#: Colours for series without a meaning of their own (channels), picked in order.
CATEGORICAL: tuple[str, ...] = (
    "#3559c7",
    "#e07a1f",
    "#1f9e6e",
    "#c2417a",
    "#7452c9",
    "#8a6d1f",
    "#2b95c9",
    "#b9473a",
    "#4f7a28",
    "#8792a6",
    "#d4a017",
    "#0e6f73",
    "#9c5bd9",
    "#5e3a1a",
    "#e85d75",
    "#34495e",
)


def family(label: str) -> str:
    return FAMILY.get(label, "neutral")


def emotion_colour(label: str) -> str:
    return FAMILY_COLOURS[family(label)]


def series_colours(names: Sequence[str]) -> dict[str, str]:
    """Emotion series keep their family colour; anything else cycles through a palette."""
    out: dict[str, str] = {}
    spare = 0
    for name in names:
        if name in FAMILY:
            out[name] = emotion_colour(name)
        else:
            out[name] = CATEGORICAL[spare % len(CATEGORICAL)]
            spare += 1
    return out


def ordered_emotions(names: Sequence[str]) -> list[str]:
    """Ekman order (anger ... neutral) so the stacks look the same week after week."""
    rank = {label: i for i, label in enumerate(EKMAN_LABELS)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def nice_ceiling(value: int) -> tuple[int, int]:
    """A round axis maximum at or above ``value`` and its tick step (1, 2 or 5 times 10^k)."""
    if value <= 0:
        return 1, 1
    raw_step = value / 4
    magnitude = 10 ** math.floor(math.log10(raw_step)) if raw_step >= 1 else 1
    step = magnitude
    for factor in (1, 2, 5, 10):
        step = int(factor * magnitude)
        if step * 4 >= value:
            break
    step = max(step, 1)
    return step * math.ceil(value / step), step


def week_label(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%b')}"


def stacked_bars(
    weeks: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    title: str,
    colours: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    width: int = 760,
    height: int = 280,
) -> Markup:
    """A stacked bar per week with a legend; hovering a segment shows its week, name and count."""
    names = list(order) if order is not None else list(series)
    names = [n for n in names if n in series]
    for name, values in series.items():
        if len(values) != len(weeks):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(weeks)} weeks")
    totals = [sum(series[n][i] for n in names) for i in range(len(weeks))]
    if not weeks or not names or max(totals, default=0) == 0:
        return Markup('<p class="chart-empty">No dated feedback to chart yet.</p>')
    palette = dict(colours) if colours is not None else series_colours(names)

    left, right, top, bottom = 44, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max, step = nice_ceiling(max(totals))
    slot = plot_w / len(weeks)
    bar_w = max(2.0, min(48.0, slot * 0.68))

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * tick / y_max
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, math.ceil(len(weeks) / 12))
    for i, week in enumerate(weeks):
        x = left + slot * i + (slot - bar_w) / 2
        base = float(top + plot_h)
        for name in names:
            count = series[name][i]
            if count <= 0:
                continue
            h = plot_h * count / y_max
            base -= h
            tip = f"Week of {week_label(week)} · {name}: {count}"
            parts.append(
                f'<rect class="seg" x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{palette.get(name, "#8792a6")}" data-series="{escape(name)}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - 12}" text-anchor="middle">'
                f"{escape(week_label(week))}</text>"
            )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/></svg>'
    )
    legend = "".join(
        f'<li><span class="swatch" style="background:{palette.get(n, "#8792a6")}"></span>{escape(n)}'
        f' <span class="muted">{sum(series[n])}</span></li>'
        for n in names
    )
    return Markup(f'<figure class="chart-box">{"".join(parts)}<ul class="legend">{legend}</ul></figure>')


def valence_gauge(value: float, *, width: int = 260, height: int = 34) -> Markup:
    """A -1..1 track with a marker: negative on the left, positive on the right."""
    v = max(-1.0, min(1.0, float(value)))
    pad = 8
    track = width - 2 * pad
    x = pad + track * (v + 1) / 2
    mid = pad + track / 2
    colour = FAMILY_COLOURS["anger"] if v < -0.15 else FAMILY_COLOURS["joy"] if v > 0.15 else "#8792a6"
    fill_x, fill_w = (x, mid - x) if v < 0 else (mid, x - mid)
    return Markup(
        f'<svg class="gauge" viewBox="0 0 {width} {height}" role="img" aria-label="valence {v:+.2f}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="{pad}" y="12" width="{track}" height="8" rx="4" class="gauge-track"/>'
        f'<rect x="{fill_x:.1f}" y="12" width="{fill_w:.1f}" height="8" fill="{colour}" opacity="0.55"/>'
        f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="8" y2="24" class="gauge-mid"/>'
        f'<circle cx="{x:.1f}" cy="16" r="7" fill="{colour}" stroke="#fff" stroke-width="2"/>'
        f"<title>valence {v:+.2f} (−1 negative … +1 positive)</title></svg>"
    )
