"""Empathy maps as JSON, and as a printable page (PNG, PDF) in the classic layout.

The page is drawn with Pillow rather than a PDF or HTML toolkit: one small dependency gives both
PNG and PDF, and the same drawing code makes the filled map and the blank workshop template.
Layout: the persona or segment in a circle in the middle of four quadrants (thinks & feels, sees,
hears, says & does), pains and gains side by side below, a footer saying what the map is built from.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from empathica.domain import EmpathyMap, MapEntry
from empathica.insights.empathy_map import SECTION_PROMPTS, SECTION_TITLES

#: Paper sizes in inches, landscape.
PAPERS: dict[str, tuple[float, float]] = {"a4": (11.69, 8.27), "letter": (11.0, 8.5)}
FORMATS: tuple[str, ...] = ("json", "png", "pdf")
DEFAULT_DPI = 200
MIN_DPI, MAX_DPI = 72, 300

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}

#: (fill, ink) per section: a pale ground and a strong colour for the heading and strengths.
COLOURS: dict[str, tuple[str, str]] = {
    "thinks_feels": ("#f1ecfb", "#5b3fa6"),
    "sees": ("#e8f1fb", "#1f5f9e"),
    "hears": ("#e6f5f2", "#167a68"),
    "says_does": ("#fdf1e4", "#a5560f"),
    "pains": ("#fcebea", "#b2302a"),
    "gains": ("#eaf6e6", "#2f7a25"),
}
TEXT = "#23262b"
MUTED = "#6b7079"
LINE = "#c9ccd2"


class ExportError(ValueError):
    """An export option that cannot be honoured (unknown paper or format, resolution out of range)."""


def to_json(emap: EmpathyMap) -> str:
    return json.dumps(emap.to_record(), ensure_ascii=False, indent=1) + "\n"


@lru_cache(maxsize=64)
def _font(style: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu where the system has it, else Pillow's bundled scalable font: nothing is downloaded."""
    for folder in _FONT_DIRS:
        path = folder / _FONT_FILES[style]
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def page_size(paper: str, dpi: int) -> tuple[int, int]:
    if paper not in PAPERS:
        raise ExportError(f"unknown paper {paper!r}; use one of: {', '.join(PAPERS)}")
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ExportError(f"dpi must be between {MIN_DPI} and {MAX_DPI} (got {dpi})")
    w, h = PAPERS[paper]
    return round(w * dpi), round(h * dpi)


@dataclass(slots=True)
class _Box:
    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(slots=True)
class _Circle:
    cx: int
    cy: int
    r: int


class _Painter:
    """Drawing helpers in units of the page's resolution (``u`` pixels = 1/100 inch)."""

    def __init__(self, size: tuple[int, int], dpi: int) -> None:
        self.image = Image.new("RGB", size, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.u = dpi / 100

    def px(self, v: float) -> int:
        return round(v * self.u)

    def font(self, style: str, pt: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return _font(style, max(8, round(pt * self.u * 100 / 72)))

    def width(self, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> float:
        return self.draw.textlength(text, font=font)

    def wrap(
        self,
        words: Sequence[tuple[str, str]],
        font_of: dict[str, ImageFont.FreeTypeFont | ImageFont.ImageFont],
        width: float,
    ) -> list[list[tuple[str, str]]]:
        """Greedy wrap of styled words into lines no wider than ``width``."""
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0.0
        for word, style in words:
            w = self.width(word + " ", font_of[style])
            if lines[-1] and used + w > width:
                lines.append([])
                used = 0.0
            lines[-1].append((word, style))
            used += w
        return [line for line in lines if line]


def _clear_of_circle(box: _Box, circle: _Circle, left: bool, pad: float) -> tuple[float, float]:
    """The x-range of ``box`` that stays clear of the centre circle: one straight column reads best."""
    if left:
        return box.x0, min(box.x1, circle.cx - circle.r - pad)
    return max(box.x0, circle.cx + circle.r + pad), box.x1


def _section(
    p: _Painter,
    name: str,
    box: _Box,
    entries: Sequence[MapEntry],
    blank: bool,
    circle: _Circle | None = None,
    left: bool = True,
) -> None:
    fill, ink = COLOURS[name]
    radius = p.px(22)
    p.draw.rounded_rectangle(
        (box.x0, box.y0, box.x1, box.y1), radius=radius, fill=fill, outline=LINE, width=2
    )
    pad = p.px(16)
    head = p.font("bold", 15)
    y = box.y0 + pad + p.px(32)
    inner = _Box(box.x0 + pad, y, box.x1 - pad, box.y1 - pad)
    hx = _clear_of_circle(inner, circle, left, p.px(12))[0] if circle else inner.x0
    p.draw.text((hx, box.y0 + pad), SECTION_TITLES[name].upper(), font=head, fill=ink)
    body = p.font("regular", 10)
    fonts = {"regular": body, "italic": p.font("italic", 9.5), "bold": p.font("bold", 10)}
    line_h = p.px(17.5)
    if blank:
        prompt = p.font("italic", 11)
        for text in SECTION_PROMPTS[name]:
            p.draw.text((hx, y), text, font=prompt, fill=MUTED)
            y += p.px(22)
        # Ruled lines to write on, clear of the circle.
        y += p.px(12)
        while y < inner.y1 - p.px(8):
            x0, x1 = _clear_of_circle(inner, circle, left, p.px(12)) if circle else (inner.x0, inner.x1)
            if x1 - x0 > p.px(60):
                p.draw.line((x0, y, x1, y), fill=LINE, width=1)
            y += p.px(26)
        return
    if not entries:
        p.draw.text(
            (inner.x0, y), "Nothing in this segment's feedback yet.", font=fonts["italic"], fill=MUTED
        )
        return
    x0, x1 = _clear_of_circle(inner, circle, left, p.px(12)) if circle else (inner.x0, inner.x1)
    gutter = p.px(54)
    strength_font = p.font("bold", 9.5)
    for entry in entries:
        words = [(w, "regular") for w in entry.text.split()]
        if entry.note:
            words += [(w, "italic") for w in f"— {entry.note}".split()]
        lines = p.wrap(words, fonts, x1 - x0 - gutter)
        if y + line_h * min(len(lines), 2) > inner.y1:
            break
        share = f"{round(entry.strength * 100)}%" if entry.strength >= 0.005 else "<1%"
        sw = p.width(share, strength_font)
        p.draw.text((x0 + gutter - p.px(9) - sw, y + p.px(1.5)), share, font=strength_font, fill=ink)
        for i, line in enumerate(lines[:2]):
            x = x0 + gutter
            if i == 1 and len(lines) > 2:
                line = [*line[:-1], (line[-1][0] + "…", line[-1][1])]
            for word, style in line:
                p.draw.text((x, y), word, font=fonts[style], fill=MUTED if style == "italic" else TEXT)
                x += p.width(word + " ", fonts[style])
            y += line_h
        y += p.px(6)


def _wrap(
    p: _Painter, words: list[str], font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float
) -> list[str]:
    lines: list[str] = []
    for w in words:
        if lines and p.width(lines[-1] + " " + w, font) <= width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines


def _person(p: _Painter, circle: _Circle, title: str, subtitle: str) -> None:
    c = circle
    p.draw.ellipse((c.cx - c.r, c.cy - c.r, c.cx + c.r, c.cy + c.r), fill="white", outline="#8d93a0", width=3)
    # A simple head and shoulders: the person the map is about.
    head_r = c.r * 0.17
    hy = c.cy - c.r * 0.5
    p.draw.ellipse((c.cx - head_r, hy - head_r, c.cx + head_r, hy + head_r), fill="#d9dce2")
    p.draw.chord(
        (c.cx - c.r * 0.38, hy + head_r * 1.15, c.cx + c.r * 0.38, hy + head_r * 1.15 + c.r * 0.55),
        180,
        360,
        fill="#d9dce2",
    )
    # The largest size at which the whole name fits on two lines; a longer one is shortened.
    for size in (12, 11, 10, 9):
        font = p.font("bold", size)
        lines = _wrap(p, title.split(), font, c.r * 1.6)
        if len(lines) <= 2:
            break
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(".,") + "…"]
    y = c.cy - c.r * 0.02
    for line in lines[:2]:
        p.draw.text((c.cx, y), line, font=font, fill=TEXT, anchor="ma")
        y += p.px(20)
    if subtitle:
        p.draw.text((c.cx, y + p.px(3)), subtitle, font=p.font("regular", 9.5), fill=MUTED, anchor="ma")


def _segment_text(emap: EmpathyMap) -> str:
    parts = [f"{k.replace('_', ' ')}: {v}" for k, v in emap.segment.items() if v]
    return " · ".join(parts) if parts else "all feedback"


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else "…"


def render(
    emap: EmpathyMap, *, paper: str = "a4", dpi: int = DEFAULT_DPI, blank: bool = False
) -> Image.Image:
    """The map drawn on one landscape page; ``blank`` draws each section's prompts instead of entries."""
    p = _Painter(page_size(paper, dpi), dpi)
    w, h = p.image.size
    m = p.px(40)
    # Header.
    p.draw.text((m, m), "Customer empathy map", font=p.font("bold", 22), fill=TEXT)
    sub = "Fill in with your team, from what customers actually said." if blank else _segment_text(emap)
    p.draw.text((m, m + p.px(42)), sub, font=p.font("regular", 11), fill=MUTED)
    top = m + p.px(80)
    foot_h = p.px(40)
    bottom = h - m - foot_h
    gap = p.px(12)
    band_h = round((bottom - top) * 0.34)
    quad_bottom = bottom - band_h - gap
    mid_x, mid_y = w // 2, (top + quad_bottom) // 2
    quads = {
        "thinks_feels": (_Box(m, top, mid_x - gap // 2, mid_y - gap // 2), True),
        "sees": (_Box(mid_x + gap // 2, top, w - m, mid_y - gap // 2), False),
        "hears": (_Box(m, mid_y + gap // 2, mid_x - gap // 2, quad_bottom), True),
        "says_does": (_Box(mid_x + gap // 2, mid_y + gap // 2, w - m, quad_bottom), False),
    }
    circle = _Circle(mid_x, mid_y, round((quad_bottom - top) * 0.17))
    for name, (box, left) in quads.items():
        _section(p, name, box, emap.sections.get(name, []), blank, circle, left)
    _section(
        p,
        "pains",
        _Box(m, quad_bottom + gap, mid_x - gap // 2, bottom),
        emap.sections.get("pains", []),
        blank,
    )
    _section(
        p,
        "gains",
        _Box(mid_x + gap // 2, quad_bottom + gap, w - m, bottom),
        emap.sections.get("gains", []),
        blank,
    )
    subtitle = "" if blank else f"{emap.items} items"
    _person(p, circle, emap.title, subtitle)
    # Footer.
    foot = p.font("regular", 9)
    fy = h - m - p.px(16)
    if blank:
        left_text = "Percentages on a generated map: the share of items that support each entry."
    else:
        left_text = (
            f"{_day(emap.since)} – {_day(emap.until)} · {emap.items} feedback items · "
            "% = share of items that support the entry"
        )
    p.draw.text((m, fy), left_text, font=foot, fill=MUTED, anchor="ls")
    p.draw.text((w - m, fy), "generated by Empathica", font=p.font("bold", 9), fill=MUTED, anchor="rs")
    return p.image


def to_png(emap: EmpathyMap, *, paper: str = "a4", dpi: int = DEFAULT_DPI, blank: bool = False) -> bytes:
    buf = io.BytesIO()
    render(emap, paper=paper, dpi=dpi, blank=blank).save(buf, "PNG", dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def to_pdf(
    maps: EmpathyMap | Sequence[EmpathyMap], *, paper: str = "a4", dpi: int = DEFAULT_DPI, blank: bool = False
) -> bytes:
    """One page per map, printable at the paper's size."""
    pages = [
        render(m, paper=paper, dpi=dpi, blank=blank)
        for m in ([maps] if isinstance(maps, EmpathyMap) else maps)
    ]
    if not pages:
        raise ExportError("no maps to export")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return buf.getvalue()


def export(
    emap: EmpathyMap, format: str, *, paper: str = "a4", dpi: int = DEFAULT_DPI, blank: bool = False
) -> bytes:
    """The map in ``format`` (json, png or pdf) as bytes."""
    if format == "json":
        return to_json(emap).encode("utf-8")
    if format == "png":
        return to_png(emap, paper=paper, dpi=dpi, blank=blank)
    if format == "pdf":
        return to_pdf(emap, paper=paper, dpi=dpi, blank=blank)
    raise ExportError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")


MEDIA_TYPES: dict[str, str] = {"json": "application/json", "png": "image/png", "pdf": "application/pdf"}
