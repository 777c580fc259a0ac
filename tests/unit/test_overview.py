from datetime import UTC, datetime

from empathica.domain import Analysis, Feedback, LabelScores, StoredItem
from empathica.services import build_overview


def item(
    day: int, month: int, channel: str | None, ekman: list[str] | None, sentiment: str = "negative"
) -> StoredItem:
    fb = Feedback(
        source="s",
        external_id=f"{month}-{day}-{channel}",
        text="t",
        channel=channel,
        created_at=datetime(2026, month, day, 12, tzinfo=UTC),
    )
    if ekman is None:
        return StoredItem(fb)
    analysis = Analysis(
        id=fb.external_id,
        text="t",
        emotions=LabelScores([], {}),
        ekman=LabelScores(ekman, {}),
        sentiment=sentiment,
        valence=0.0,
        intensity=0.0,
    )
    return StoredItem(fb, analysis)


def test_counts_and_weekly_series_with_gaps_filled() -> None:
    items = [
        item(1, 6, "email", ["anger"]),  # Monday 2026-06-01
        item(3, 6, "chat", ["anger", "disgust"]),
        item(17, 6, "email", ["joy"], "positive"),  # two weeks later; the week between is empty
        item(18, 6, None, None),  # not analysed yet
    ]
    ov = build_overview(items, total=4)
    assert ov.total == 4 and ov.analysed == 3
    assert ov.by_emotion == {"anger": 2, "joy": 1}
    assert ov.by_channel == {"email": 2, "chat": 1, "unknown": 1}
    assert ov.by_sentiment == {"negative": 2, "positive": 1}
    assert ov.weeks == ["2026-06-01", "2026-06-08", "2026-06-15"]
    assert ov.emotion_by_week == {"anger": [2, 0, 0], "joy": [0, 0, 1]}
    assert ov.channel_by_week["email"] == [1, 0, 1]
    assert ov.channel_by_week["unknown"] == [0, 0, 1]


def test_no_items_gives_empty_axes() -> None:
    ov = build_overview([], total=0)
    assert ov.weeks == [] and ov.by_emotion == {} and ov.analysed == 0
