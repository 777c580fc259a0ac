"""Theme names from hand-written texts."""

from empathica.insights.naming import class_tfidf, keywords, label, name_groups, terms, tokenize

LATE = [
    "The late delivery ruined my weekend, the driver never came",
    "Another late delivery, I waited all day for the driver",
    "Late delivery again and nobody called me",
    "Why is every delivery late? The driver was three hours late delivery window missed",
]
REFUND = [
    "Still waiting for my refund after two weeks",
    "The refund never arrived on my card",
    "Where is my refund? I returned the kettle a month ago",
    "Refund promised, refund never paid",
]


def test_tokens_skip_placeholders_codes_and_numbers() -> None:
    assert tokenize("Order KB-4821 at 7:58am, email [EMAIL] {{Order Number}} café") == [
        "order",
        "at",
        "email",
        "café",
    ]


def test_terms_do_not_start_or_end_on_stopwords() -> None:
    found = terms("the late delivery of my fridge")
    assert "late delivery" in found and "delivery of my fridge" not in found
    assert all(not t.startswith("the ") and not t.endswith(" of") for t in found)


def test_distinctive_words_outrank_shared_ones() -> None:
    weights = class_tfidf([LATE, REFUND])
    # "never" is in both groups; "driver" only in the first.
    assert weights[0]["driver"] > weights[0].get("never", 0.0)
    assert "refund" in keywords(weights[1], 3)
    assert "refund" not in keywords(weights[0], 8)


def test_label_is_a_phrase_members_share() -> None:
    weights = class_tfidf([LATE, REFUND])
    assert label(LATE, weights[0]) == "Late delivery"


def test_label_falls_back_to_two_words_without_a_shared_phrase() -> None:
    texts = ["refund please", "the refund card", "card refund"]
    weights = class_tfidf([texts, ["something else entirely"]])
    assert label(texts, weights[0]) == "Refund and card"


def test_keywords_do_not_repeat_words_of_a_better_phrase() -> None:
    chosen = keywords({"late delivery": 3.0, "delivery": 2.0, "driver": 1.0}, 3)
    assert chosen == ["late delivery", "driver"]


def test_labels_are_made_distinct() -> None:
    names = name_groups([LATE, [*LATE[:3], "late delivery and a broken driver app"]])
    assert names[0][0] != names[1][0]


def test_a_word_everyone_uses_never_names_a_theme() -> None:
    brand = [
        [f"kettleby {t}" for t in group] * 4 for group in (LATE, REFUND, ["kettleby staff were kind"] * 4)
    ]
    labels = [lbl for lbl, _ in name_groups(brand)]
    assert not any("kettleby" in lbl.lower() for lbl in labels)
    # ... but a word concentrated in one big theme still may: it says what that theme is about.
    assert "delivery" in labels[0].lower()


def test_phrases_stop_at_punctuation() -> None:
    found = terms("I want a refund, the parcel never came. Delivery late - again!", 3)
    assert "refund" in found and "parcel" in found
    assert "refund the parcel" not in found and "came delivery" not in found and "late again" not in found
    assert "delivery late" in found
