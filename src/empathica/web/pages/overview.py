"""The landing page: counts, emotions and channels per week."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from empathica.web import charts
from empathica.web.rendering import render_page, service_of

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/overview", status_code=307)


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    ov = service_of(request).overview()
    emotions = charts.ordered_emotions(list(ov.emotion_by_week))
    channel_names = list(ov.by_channel)
    return render_page(
        request,
        "overview.html",
        {
            "ov": ov,
            "pending": ov.total - ov.analysed,
            "emotion_cards": [(e, ov.by_emotion[e]) for e in charts.ordered_emotions(list(ov.by_emotion))],
            "emotion_chart": charts.stacked_bars(
                ov.weeks, ov.emotion_by_week, title="Feedback per week by Ekman emotion", order=emotions
            ),
            "channel_chart": charts.stacked_bars(
                ov.weeks,
                ov.channel_by_week,
                title="Feedback per week by channel",
                order=[c for c in channel_names if c in ov.channel_by_week],
                colours=charts.series_colours(channel_names),
            ),
            "channel_colours": charts.series_colours(channel_names),
        },
    )
