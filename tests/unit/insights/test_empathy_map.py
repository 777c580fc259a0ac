"""Empathy maps on hand-built analysed items: each section's logic, ranking, evidence and exports."""

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from empathica.domain import MAP_SECTIONS, Analysis, Cause, Feedback, LabelScores, Need, StoredItem, Theme
from empathica.insights import NotEnoughData
from empathica.insights.empathy_map import blank_map, build_empathy_map, names_feeling, quote_at
from empathica.insights.map_export import ExportError, export, page_size, render, to_pdf, to_png

FILLER = "The order arrived and it works as described."


def item(
    i: int,
    text: str = FILLER,
    emotions: dict[str, float] | None = None,
    causes: list[Cause] | None = None,
    needs: list[str] | None = None,
    analysed: bool = True,
) -> StoredItem:
    scores = dict(emotions or {"neutral": 0.9})
    labels = sorted((k for k, v in scores.items() if v >= 0.3), key=lambda k: -scores[k])
    analysis = Analysis(
        id=str(i), text=text, emotions=LabelScores(labels, scores), ekman=LabelScores([], {}),
        sentiment="neutral", valence=0.0, intensity=0.5, causes=causes or [],
        needs=[Need(n, 0.8) for n in needs or []],
    )  # fmt: skip
    fb = Feedback(
        source="t", external_id=f"x{i}", text=text, id=i,
        created_at=datetime(2026, 5, 1, tzinfo=UTC) + timedelta(days=i),
    )  # fmt: skip
    return StoredItem(fb, analysis if analysed else None)


def pad(items: list[StoredItem], n: int = 20) -> list[StoredItem]:
    start = max((it.feedback.id or 0) for it in items) + 1 if items else 1
    return items + [item(start + k) for k in range(max(0, n - len(items)))]


def entries(emap, section):  # type: ignore[no-untyped-def]
    return {e.text: e for e in emap.sections[section]}


def test_too_few_items_is_said_plainly() -> None:
    with pytest.raises(NotEnoughData, match="19 items are too few for an empathy map; at least 20"):
        build_empathy_map([item(i) for i in range(19)], title="Everyone")


def test_every_section_is_present_and_entries_resolve_to_input_ids() -> None:
    items = pad([
        item(1, "My friend said your delivery is the best. I noticed the price dropped on your website.",
             {"joy": 0.8}, [Cause("fast_delivery", 0.9, "the best", polarity="gain")]),
        item(2, "I was told a refund would come in 5 days. Still waiting, I called three times.",
             {"annoyance": 0.85}, [Cause("refund_delay", 0.9, "refund would come", polarity="pain")]),
    ])  # fmt: skip
    emap = build_empathy_map(items, title="Everyone")
    assert list(emap.sections) == list(MAP_SECTIONS)
    ids = {str(it.feedback.id) for it in items}
    for section in MAP_SECTIONS:
        for e in emap.sections[section]:
            assert e.evidence and set(e.evidence) <= ids
            assert e.strength == pytest.approx(len(e.evidence) / len(items), abs=1e-4)
    record = json.loads(json.dumps(emap.to_record()))
    assert set(record["sections"]) == set(MAP_SECTIONS)
    assert record["items"] == 20
    assert record["since"].startswith("2026-05-02")


def test_unspoken_feelings_are_told_apart_from_named_ones() -> None:
    named = [item(i, "I am so frustrated, the box was crushed.", {"annoyance": 0.9}) for i in range(1, 4)]
    unnamed = [item(i, "Third time the box arrived crushed.", {"annoyance": 0.9}) for i in range(4, 9)]
    # Detected but not strongly: counted as felt, never claimed as unspoken; below threshold: not felt.
    weak = [item(9, "The box was a bit dented.", {"annoyance": 0.35}), item(10, "Dent.", {"annoyance": 0.2})]
    emap = build_empathy_map(pad(named + unnamed + weak), title="Everyone")
    tf = entries(emap, "thinks_feels")
    assert tf["Feel annoyed, but don't say it"].evidence == ["4", "5", "6", "7", "8"]
    assert tf["Feel annoyed, but don't say it"].note == "felt, not said"
    assert tf["Feel annoyed"].evidence == ["1", "2", "3", "9"]
    # Ranked by strength: the unspoken entry (5 items) comes before the spoken one (4).
    texts = [e.text for e in emap.sections["thinks_feels"]]
    assert texts.index("Feel annoyed, but don't say it") < texts.index("Feel annoyed")
    assert "10" not in {i for e in emap.sections["thinks_feels"] for i in e.evidence}


def test_feeling_lexicon() -> None:
    assert names_feeling("I'm absolutely fuming")
    assert names_feeling("so FRUSTRATING")
    assert names_feeling("really fed up with this")
    assert not names_feeling("the parcel came two days late")


def test_needs_become_wants() -> None:
    emap = build_empathy_map(pad([item(i, needs=["fast_fix"]) for i in range(1, 5)]), title="Everyone")
    assert entries(emap, "thinks_feels")["Want fast fix"].evidence == ["1", "2", "3", "4"]


def test_hears_cues_by_source_and_merges_similar_quotes() -> None:
    items = pad([
        item(1, "Honestly, my friend said you never answer the phone."),
        item(2, "My friend told me you never answer the phone!"),
        item(3, "I read the reviews before buying and they were glowing."),
        item(4, "I was told an engineer would come on Monday. Nobody came."),
        item(5, "Your agent told me the part was in stock, it was not."),
        item(6, "Saw on TikTok that the new model overheats"),
        item(7, "The fridge works fine."),
    ])  # fmt: skip
    emap = build_empathy_map(items, title="Everyone")
    got = {e.text: e.evidence for e in emap.sections["hears"]}
    friends = [t for t in got if t.startswith("Friends & family: ")]
    assert len(friends) == 1 and got[friends[0]] == ["1", "2"]
    assert got["Reviews: I read the reviews before buying and they were glowing"] == ["3"]
    assert got["Staff: I was told an engineer would come on Monday"] == ["4"]
    assert got["Staff: Your agent told me the part was in stock, it was not"] == ["5"]
    assert any(t.startswith("Social media: ") and ev == ["6"] for t, ev in got.items())
    assert not any("7" in ev for ev in got.values())


def test_sees_cues() -> None:
    items = pad([
        item(1, "On your website the price was £20 more than in store."),
        item(2, "Other companies deliver on Sundays, why can't you?"),
        item(3, "I noticed the packaging is now plastic free."),
        item(4, "It's fine."),
    ])  # fmt: skip
    emap = build_empathy_map(items, title="Everyone")
    got = {e.text: e.evidence for e in emap.sections["sees"]}
    assert any(
        t.startswith("Website & app: On your website the price") and ev == ["1"] for t, ev in got.items()
    )
    assert got["Competitors: Other companies deliver on Sundays, why can't you"] == ["2"]
    assert got["What they notice: I noticed the packaging is now plastic free"] == ["3"]
    assert all("4" not in ev for ev in got.values())


def test_says_and_does_actions_and_shared_phrases() -> None:
    items = pad([
        item(1, "I called three times about the broken hinge."),
        item(2, "Rang again today, broken hinge still not fixed."),
        item(3, "I switched to Currys after this. Broken hinge, twice."),
        item(4, "Returned it the next day."),
    ])  # fmt: skip
    emap = build_empathy_map(items, title="Everyone", per_section=20)
    got = {e.text: e.evidence for e in emap.sections["says_does"]}
    assert got["Call again and again"] == ["1", "2"]
    assert got["Switch to a competitor"] == ["3"]
    assert got["Return the product"] == ["4"]
    assert got["“broken hinge”"] == ["1", "2", "3"]


def test_pains_and_gains_from_causes_and_themes() -> None:
    items = pad([
        item(1, causes=[Cause("late_delivery", 0.9, "arrived a week late", polarity="pain")]),
        item(2, causes=[Cause("late_delivery", 0.8, "arrived a week late", polarity="pain"),
                        Cause("friendly_staff", 0.9, "lovely driver", polarity="gain")]),
        item(3, causes=[Cause("friendly_staff", 0.7, "kind people", polarity="gain")]),
    ])  # fmt: skip
    themes = [
        Theme("T1", "broken on arrival", ["broken"], "pain", 30),
        Theme("T2", "easy returns", ["returns"], "gain", 12, examples=["5", "999"]),
        Theme("T3", "weather chat", ["rain"], "neutral", 5),
    ]
    theme_of = {"4": "T1", "5": "T1", "6": "T1", "7": "T3"}
    emap = build_empathy_map(items, title="Everyone", themes=themes, theme_of=theme_of)
    pains, gains = entries(emap, "pains"), entries(emap, "gains")
    assert pains["Late delivery"].evidence == ["1", "2"]
    assert pains["Late delivery"].note == "“arrived a week late”"
    assert pains["Broken on arrival"].evidence == ["4", "5", "6"]
    assert gains["Friendly staff"].evidence == ["2", "3"]
    assert "Easy returns" not in gains  # no item of this segment belongs to it
    assert "Weather chat" not in pains and "Weather chat" not in gains
    # Without assignments, a theme is supported by the examples it names that are in the segment.
    emap = build_empathy_map(items, title="Everyone", themes=themes)
    assert entries(emap, "gains")["Easy returns"].evidence == ["5"]


def test_sections_are_capped_and_ranked() -> None:
    items = [
        item(i, causes=[Cause(f"cause_{k}", 0.9, polarity="pain") for k in range(i % 9)])
        for i in range(1, 31)
    ]
    emap = build_empathy_map(items, title="Everyone", per_section=4)
    pains = emap.sections["pains"]
    assert len(pains) == 4
    assert [e.strength for e in pains] == sorted((e.strength for e in pains), reverse=True)
    assert pains[0].text == "Cause 0"


def test_quote_cut() -> None:
    text = "Fine. My friend said this shop is great value for money and the staff know their stuff, honestly."
    assert quote_at(text, 6, words=6) == "My friend said this shop is…"
    assert quote_at(text, 0) == "Fine"


# -- exports ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emap():  # type: ignore[no-untyped-def]
    items = pad([
        item(1, "My friend said your delivery is the best. I noticed the price dropped on your website.",
             {"joy": 0.8}, [Cause("fast_delivery", 0.9, "the best", polarity="gain")]),
        item(2, "I was told a refund would come in 5 days. Still waiting, I called three times.",
             {"annoyance": 0.85}, [Cause("refund_delay", 0.9, "refund would come", polarity="pain")]),
    ])  # fmt: skip
    return build_empathy_map(items, title="Email customers", segment={"channel": "email"})


@pytest.mark.parametrize(("paper", "dpi", "size"), [("a4", 200, (2338, 1654)), ("letter", 150, (1650, 1275))])
def test_png_is_a_landscape_page(emap, paper: str, dpi: int, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    data = to_png(emap, paper=paper, dpi=dpi)
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.size == size
    assert round(img.info["dpi"][0]) == dpi


def test_pdf_has_one_page_per_map(emap) -> None:  # type: ignore[no-untyped-def]
    data = to_pdf([emap, emap, blank_map()], paper="letter")
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 3
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert (round(float(box.group(1))), round(float(box.group(2)))) == (792, 612)  # 11 x 8.5 in at 72 pt


def test_blank_template_differs_from_a_filled_map_and_has_no_entries(emap) -> None:  # type: ignore[no-untyped-def]
    blank = render(blank_map(), blank=True)
    filled = render(emap)
    assert blank.size == filled.size
    assert blank.tobytes() != filled.tobytes()
    assert all(not v for v in blank_map().sections.values())
    assert export(blank_map(), "pdf", blank=True).startswith(b"%PDF")


def test_json_export_and_bad_options(emap) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(export(emap, "json"))["title"] == "Email customers"
    with pytest.raises(ExportError, match="unknown format 'svg'"):
        export(emap, "svg")
    with pytest.raises(ExportError, match="unknown paper 'a3'"):
        page_size("a3", 200)
    with pytest.raises(ExportError, match="dpi must be between"):
        page_size("a4", 1200)
