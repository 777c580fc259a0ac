"""Server-side SVG charts: geometry follows the counts, colours follow emotion families."""

from __future__ import annotations

import re

import pytest

from empathica.domain import GOEMOTIONS_LABELS
from empathica.web import charts


def heights(svg: str, series: str) -> list[float]:
    return [float(h) for h in re.findall(rf'height="([\d.]+)" fill="[^"]+" data-series="{series}"', svg)]


def test_segment_heights_are_proportional_to_counts() -> None:
    svg = str(charts.stacked_bars(["2026-03-02", "2026-03-09"], {"anger": [2, 4], "joy": [0, 4]}, title="t"))
    anger, joy = heights(svg, "anger"), heights(svg, "joy")
    assert len(anger) == 2 and len(joy) == 1  # a zero count draws no segment
    assert anger[1] == pytest.approx(2 * anger[0], rel=0.02)
    assert joy[0] == pytest.approx(anger[1], rel=0.02)
    assert "Week of 2 Mar · anger: 2" in svg


def test_series_use_family_colours_and_the_legend_lists_totals() -> None:
    svg = str(charts.stacked_bars(["2026-03-02"], {"annoyance": [1], "sadness": [3]}, title="t"))
    assert f'fill="{charts.FAMILY_COLOURS["anger"]}" data-series="annoyance"' in svg
    assert re.search(r"</span>sadness <span class=\"muted\">3</span>", svg)


def test_empty_data_says_so_instead_of_drawing() -> None:
    assert "<svg" not in charts.stacked_bars([], {}, title="t")
    assert "<svg" not in charts.stacked_bars(["2026-03-02"], {"joy": [0]}, title="t")


def test_mismatched_series_is_refused() -> None:
    with pytest.raises(ValueError, match="'joy' has 1 values for 2 weeks"):
        charts.stacked_bars(["2026-03-02", "2026-03-09"], {"joy": [1]}, title="t")


def test_names_are_escaped() -> None:
    svg = str(charts.stacked_bars(["2026-03-02"], {"<script>": [1]}, title="a & b"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


@pytest.mark.parametrize(
    ("value", "expected"), [(0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (38, (40, 10)), (312, (400, 100))]
)
def test_axis_maximum_is_round(value: int, expected: tuple[int, int]) -> None:
    assert charts.nice_ceiling(value) == expected


def test_every_goemotions_label_has_a_family() -> None:
    assert set(charts.FAMILY) == set(GOEMOTIONS_LABELS)
    assert set(charts.FAMILY.values()) == set(charts.FAMILY_COLOURS)


def test_valence_gauge_marker_moves_with_value() -> None:
    def marker(v: float) -> float:
        return float(re.search(r'<circle cx="([\d.]+)"', str(charts.valence_gauge(v))).group(1))  # type: ignore[union-attr]

    assert marker(-1.0) < marker(0.0) < marker(0.5) < marker(1.0)
    assert marker(5.0) == marker(1.0)  # clamped
