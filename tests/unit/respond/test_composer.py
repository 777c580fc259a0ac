from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from empathica.domain import REPLY_ROLES
from empathica.respond import BANNED_PHRASES, CHANNELS, TONES, Playbook, compose, find_banned
from empathica.respond.phrasebook import bank_names, bundled_phrasebook
from helpers.analyses import MakeAnalysis

COMPLAINTS = [
    ("My parcel still hasn't arrived after two weeks.", "delivery", "annoyance"),
    ("You charged me twice for the same order.", "billing_payment", "anger"),
    ("I was on hold for an hour and nobody picked up.", "wait_time", "annoyance"),
    ("The blender leaks from the base every time I use it.", "product_quality", "disappointment"),
    ("Nobody has replied to my three emails about the refund.", "lack_of_interaction", "anger"),
    ("The engineer left and my boiler still isn't working.", "service_quality", "disappointment"),
    ("Your advisor spoke to me like a child on the phone.", "staff_treatment", "anger"),
    ("The letter about my tariff makes no sense at all.", "communication_clarity", "confusion"),
    ("My account keeps locking me out every morning.", "usability_access", "annoyance"),
    ("The whole experience has been a nightmare from start to finish.", "overall_experience", "sadness"),
    ("Our flight was cancelled two hours before boarding.", "delivery", "anger"),
    ("My new phone screen flickers whenever I open the camera.", "product_quality", "annoyance"),
]
APOLOGY = re.compile(r"\b(sorry|apologi[sz]e|apologies|apology)\b", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def test_complaint_echoes_the_customers_words_in_the_second_person(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    draft = compose(make_analysis("My parcel still hasn't arrived after two weeks."), playbook)
    assert "your parcel still hasn't arrived after two weeks" in draft.text
    assert "my parcel" not in draft.text.lower()
    assert draft.grounding.evidence == "My parcel still hasn't arrived after two weeks."
    assert draft.grounding.cause == "delivery" and draft.grounding.emotion == "annoyance"
    assert draft.grounding.stage == "after"


def test_company_you_becomes_we(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    draft = compose(make_analysis("You charged me twice for my order.", cause="billing_payment"), playbook)
    assert "we charged you twice for your order" in draft.text


@pytest.mark.parametrize("evidence", ["", "@shop", "WTF is this shit!!!", "asdf qwer", "ok."])
def test_missing_or_odd_evidence_falls_back_to_the_topic(
    make_analysis: MakeAnalysis, playbook: Playbook, evidence: str
) -> None:
    draft = compose(make_analysis("It went wrong", evidence=evidence), playbook)
    assert playbook.entry("delivery").topic in draft.text
    assert "shit" not in draft.text.lower() and "wtf" not in draft.text.lower()


def test_apology_only_when_the_company_is_at_fault(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    assert playbook.entry("delivery").at_fault and not playbook.entry("price_value").at_fault
    at_fault = compose(make_analysis("My parcel is late again."), playbook)
    assert "apologise" in [p.role for p in at_fault.parts]
    assert APOLOGY.search(at_fault.text)
    for tone in TONES:
        for channel in CHANNELS:
            not_at_fault = compose(
                make_analysis("Forty pounds a month is far too expensive.", cause="price_value"),
                playbook, channel=channel, tone=tone,
            )  # fmt: skip
            assert "apologise" not in [p.role for p in not_at_fault.parts]
            assert not APOLOGY.search(not_at_fault.text), not_at_fault.text
            assert "validate" in [p.role for p in not_at_fault.parts] or channel == "social"


@pytest.mark.parametrize("channel", CHANNELS)
def test_praise_gets_thanks_and_no_apology(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str
) -> None:
    praise = make_analysis(
        "Your advisor was so patient with my questions.", sentiment="positive", valence=0.9,
        emotions=("gratitude",), cause="staff_treatment", polarity="gain",
    )  # fmt: skip
    draft = compose(praise, playbook, channel=channel)
    roles = [p.role for p in draft.parts]
    assert roles[0] == "thank" and "apologise" not in roles
    assert not APOLOGY.search(draft.text)
    # What they praised is said back, and the person they praised is named, not "the team".
    assert "so patient with your questions" in draft.text
    assert "our advisor" in draft.text and "the team" not in draft.text.split("\n-")[0].lower()


@pytest.mark.parametrize("tone", TONES)
def test_how_to_question_gets_a_plain_answer(
    make_analysis: MakeAnalysis, playbook: Playbook, tone: str
) -> None:
    question = make_analysis(
        "How do I change my delivery address?", sentiment="neutral", valence=0.0,
        emotions=("curiosity", "neutral"), cause="usability_access", needs=("clarity",),
    )  # fmt: skip
    draft = compose(question, playbook, tone=tone)
    roles = [p.role for p in draft.parts]
    assert "validate" not in roles and "apologise" not in roles and "reassure" not in roles
    assert "how to change your delivery address" in draft.text
    assert not APOLOGY.search(draft.text)
    assert not re.search(r"frustrat|upset|worr|disappoint|angry|annoy", draft.text, re.IGNORECASE)
    # A question is answered with the cause's help step, never the complaint step.
    entry = playbook.entry("usability_access")
    assert any(playbook.fill(s)[1:] in draft.text for s in entry.help_steps)
    assert not any(playbook.fill(s)[1:] in draft.text for s in entry.steps)


NEED_WORDS = {
    "reassurance": r"worry|safe hands|forgotten|looked after|assur|in hand|wondering|being handled",
    "fast_resolution": r"urgent|priority|prioritis|right now|quickly|promptly|top of the queue",
    "fairness": r"fair",
    "to_be_heard": r"passed|every word|taken seriously|shared|recorded|brushed|gone to",
    "respect": r"respect|courtesy|made to feel|seriously",
    "control": r"decide|your call|choose|in charge|options|choice",
    "clarity": r"exactly|straight answer|clear|where .* stands|what happens",
    "appreciation": r"loyal|value|customers like you",
    "help_to_succeed": r"working|works the way|step by step|together|up and running|guide",
}


@pytest.mark.parametrize("need", sorted(NEED_WORDS))
@pytest.mark.parametrize("tone", TONES)
def test_reassurance_matches_the_need(
    make_analysis: MakeAnalysis, playbook: Playbook, need: str, tone: str
) -> None:
    for text, cause, emotion in COMPLAINTS[:4]:
        draft = compose(
            make_analysis(text, cause=cause, emotions=(emotion,), needs=(need,)), playbook, tone=tone
        )
        reassure = " ".join(p.text for p in draft.parts if p.role == "reassure")
        assert re.search(NEED_WORDS[need], reassure, re.IGNORECASE), (need, reassure)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("tone", TONES)
def test_every_draft_has_a_playbook_step_known_roles_and_fits_its_channel(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str, tone: str
) -> None:
    for text, cause, emotion in COMPLAINTS:
        draft = compose(
            make_analysis(text, cause=cause, emotions=(emotion,), needs=("fast_resolution",)), playbook,
            channel=channel, tone=tone, agent_name="Sam Lee", company="Acme", customer_name="Alex Smith",
        )  # fmt: skip
        assert {p.role for p in draft.parts} <= set(REPLY_ROLES)
        assert draft.source == "composer" and draft.channel == channel and draft.tone == tone
        assert find_banned(draft.text) == []
        entry = playbook.entry(cause)
        step_texts = [entry.public_step] if channel in ("social", "review") else list(entry.steps)
        filled = [playbook.fill(s, company="Acme", agent="Sam Lee") for s in step_texts]
        assert any(s[1:] in draft.text for s in filled), draft.text
        if channel == "social":
            assert len(draft.text) <= 280
            assert ("Alex" not in draft.text and "DM" in draft.text) or "direct message" in draft.text
        if channel == "chat":
            assert len(draft.text) <= 600 and "\n" not in draft.text
        if channel == "email":
            lines = draft.text.split("\n")
            assert "Alex Smith" in lines[0] and lines[-2:] == ["Sam Lee", "Acme"]
            assert len(_sentences(draft.text)) >= 5
        if channel == "review":
            assert draft.text.endswith("- Sam Lee, Acme")
        assert draft.warnings == []


def test_social_keeps_personal_data_out(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    analysis = make_analysis("My order 12345678 to jo@example.com never arrived.")
    draft = compose(analysis, playbook, channel="social", customer_name="Jo Bloggs")
    assert "12345678" not in draft.text and "example.com" not in draft.text and "Jo" not in draft.text
    email = compose(analysis, playbook, channel="email", customer_name="Jo Bloggs")
    assert "Jo Bloggs" in email.text


def test_tone_changes_the_wording(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    for text, cause, emotion in COMPLAINTS:
        a = make_analysis(text, cause=cause, emotions=(emotion,))
        warm, neutral, formal = (compose(a, playbook, tone=t, customer_name="Alex") for t in TONES)
        assert len({warm.text, neutral.text, formal.text}) == 3
        assert formal.text.startswith("Dear Alex,")
        formal_body = "\n".join(formal.text.split("\n\n")[1:-1])
        steps = [playbook.fill(s) for s in playbook.entry(cause).steps]
        for step in steps:
            formal_body = formal_body.replace(step[1:], "")
        assert not re.search(r"\b(I'm|we'll|you're|it's|that's|I'd)\b", formal_body), formal_body


def test_same_input_same_draft_and_different_customers_differ(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    drafts = [compose(make_analysis(t, cause=c, emotions=(e,)), playbook) for t, c, e in COMPLAINTS]
    again = [compose(make_analysis(t, cause=c, emotions=(e,)), playbook) for t, c, e in COMPLAINTS]
    assert [d.text for d in drafts] == [d.text for d in again]
    playbook_texts = {
        playbook.fill(s)
        for entry in [playbook.default, *playbook.entries.values()]
        for s in [*entry.steps, *entry.promises, entry.public_step]
    }
    seen: dict[str, int] = {}
    for i, draft in enumerate(drafts):
        body = draft.text.split("\n\n")[1:-1]  # greeting and signature are furniture, not sentences
        for sentence in _sentences("\n".join(body)):
            if sentence in playbook_texts or any(sentence in s or s in sentence for s in playbook_texts):
                continue
            assert seen.setdefault(sentence, i) == i, f"shared verbatim: {sentence!r}"


def test_same_complaint_different_customers_read_differently(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    texts = [
        "My parcel still hasn't arrived.", "My parcel has not arrived yet.", "The parcel never came.",
        "Still no sign of my parcel.", "Where is my parcel?", "My parcel is lost.",
    ]  # fmt: skip
    drafts = [compose(make_analysis(t), playbook).text for t in texts]
    assert len(set(drafts)) == len(drafts)
    openings = {d.split("\n\n")[1].split(" ")[:3].__str__() for d in drafts}
    assert len(openings) >= 4


def test_banned_phrase_in_the_customers_words_is_not_echoed(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    analysis = make_analysis("The agent told me to calm down and that you should have read the terms.")
    draft = compose(analysis, playbook)
    assert find_banned(draft.text) == []
    assert playbook.entry("delivery").topic in draft.text


def test_phrase_banks_contain_no_banned_phrase() -> None:
    def walk(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, Mapping):
            return [s for v in value.values() for s in walk(v)]
        if isinstance(value, tuple | list):
            return [s for v in value for s in walk(v)]
        return []

    phrases = bundled_phrasebook()
    texts = [s for name in bank_names() for s in walk(getattr(phrases, name))]
    assert len(texts) > 300
    assert [t for t in texts if find_banned(t)] == []


@pytest.mark.parametrize("phrase", BANNED_PHRASES)
def test_every_banned_phrase_is_caught_in_a_sentence(phrase: str) -> None:
    text = f"Thanks. {phrase.capitalize()}, and have a nice day."
    assert phrase in find_banned(text)
    assert find_banned(text.replace("'", "’")) != []


def test_banned_words_inside_other_words_are_fine() -> None:
    assert find_banned("The calm downstairs neighbour said our policy handbook is obvious.") == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"channel": "fax"}, "unknown channel 'fax'; choose one of: email, chat, social, review"),
    ({"tone": "angry"}, "unknown tone 'angry'; choose one of: warm, neutral, formal"),
])  # fmt: skip
def test_unknown_channel_or_tone_is_a_clear_error(
    make_analysis: MakeAnalysis, playbook: Playbook, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        compose(make_analysis("My parcel is late."), playbook, **kwargs)  # type: ignore[arg-type]


def test_no_cause_and_non_english_still_give_a_usable_draft(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    draft = compose(make_analysis("Das Paket ist nicht da.", cause=None, language="de"), playbook)
    assert draft.grounding.cause is None
    assert any(playbook.fill(s)[1:] in draft.text for s in playbook.default.steps)
    assert any("'de'" in w for w in draft.warnings)


# -- the lead's review of real drafts: each case below was a defect once -----------------------------


def test_sentences_hold_at_most_two_moves_and_the_apology_fits_the_cause(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    text = "My parcel arrived two weeks late and the box was crushed. Really disappointed."
    for tone in TONES:
        for channel in ("email", "chat"):
            draft = compose(
                make_analysis(text, evidence="My parcel arrived two weeks late", emotions=("sadness",)),
                playbook, channel=channel, tone=tone, customer_name=f"C{tone}{channel}",
            )  # fmt: skip
            for sentence in _sentences(draft.text):
                assert sentence.count(" - ") <= 1, sentence
            assert "should have gone far better" not in draft.text
            assert "taking your parcel on personally" not in draft.text
            sorry = [p.text for p in draft.parts if p.role == "apologise"]
            assert sorry and (
                "your parcel arrived two weeks late" in sorry[0]
                or sorry[0] in {playbook.fill(a) for a in playbook.entry("delivery").apologies}
                or tone == "formal"
            ), sorry


def test_question_gets_the_help_step_and_a_how_to_lead_only_before_it(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    entry = playbook.entry("delivery")
    assert entry.help_steps, "the bundled playbook answers delivery questions"
    for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo"):
        draft = compose(
            make_analysis(
                "How do I change the delivery address on my order?", sentiment="neutral", valence=0.0,
                emotions=("curiosity",), needs=("clarity", "control"),
            ),
            playbook, channel="chat", customer_name=name,
        )  # fmt: skip
        assert not any(playbook.fill(s)[1:] in draft.text for s in entry.steps), draft.text
        assert any(playbook.fill(s)[1:] in draft.text for s in entry.help_steps), draft.text
        after = draft.text.split("Here's how to go about it: ")[1:]
        assert all(a.lower().startswith(("you can", "your order")) for a in after), draft.text


def test_praise_names_who_was_praised_and_what_they_said(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    text = "Thank you, the engineer was brilliant and so kind!"
    for tone in TONES:
        for channel in CHANNELS:
            draft = compose(
                make_analysis(text, sentiment="positive", valence=0.95, emotions=("gratitude", "admiration"),
                              cause="staff_treatment", polarity="gain"),
                playbook, channel=channel, tone=tone,
            )  # fmt: skip
            assert "the engineer" in draft.text and "brilliant and so kind" in draft.text, draft.text
            assert "your experience with our team" not in draft.text
            assert draft.text.count("brilliant and so kind") == 1, draft.text


def test_repeat_asking_is_paraphrased_not_quoted(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    analysis = make_analysis(
        "Third time I ask: where is my refund? This is getting ridiculous.",
        evidence="Third time I ask: where is my refund?", cause="billing_payment", emotions=("annoyance",),
    )  # fmt: skip
    for tone in TONES:
        draft = compose(analysis, playbook, channel="social", tone=tone)
        assert '"' not in draft.text and "Third time I ask" not in draft.text, draft.text
        assert "three times" in draft.text and "your refund" in draft.text, draft.text
        assert len(draft.text) <= 280


def test_flat_complaint_with_a_complaint_need_is_a_complaint(make_analysis: MakeAnalysis) -> None:
    from empathica.respond.composer import mode_of

    flat = make_analysis("My refund still hasn't arrived.", sentiment="neutral", valence=0.0,
                         emotions=("neutral",), cause="billing_payment",
                         needs=("fast_resolution",))  # fmt: skip
    assert mode_of(flat) == "complaint"
    how = make_analysis("How do I change my address?", sentiment="neutral", valence=0.0,
                        emotions=("curiosity",), cause="delivery", needs=("clarity",))  # fmt: skip
    assert mode_of(how) == "question"


def test_flat_complaint_is_validated_without_guessing_a_feeling(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    flat = make_analysis("My refund still hasn't arrived.", sentiment="neutral", valence=0.0,
                         emotions=("neutral",), cause="billing_payment", needs=("fairness",))  # fmt: skip
    draft = compose(flat, playbook)
    assert "validate" in [p.role for p in draft.parts]
    assert not re.search(r"angry|frustrat|worr|scratching", draft.text, re.IGNORECASE), draft.text


# -- variety, situations and exploring questions ------------------------------------------------------

#: Varied, hand-written complaints: (text, cause, emotion, need). Several share a cause and a need,
#: as real queues do, so stock sentences would show up as shared.
VARIED = [
    (
        "My parcel arrived with the box crushed and the lamp inside smashed.",
        "delivery",
        "anger",
        "fast_resolution",
    ),
    (
        "My parcel never arrived and the tracking hasn't moved in a week.",
        "delivery",
        "annoyance",
        "reassurance",
    ),
    (
        "The courier left my order in the rain and everything got soaked.",
        "delivery",
        "disappointment",
        "fairness",
    ),
    ("My order is five days late and nobody can tell me why.", "delivery", "annoyance", "clarity"),
    ("You sent me the wrong size of trainers for the second time.", "delivery", "anger", "control"),
    ("You charged me twice for the same subscription this month.", "billing_payment", "anger", "fairness"),
    (
        "My refund still hasn't arrived three weeks after the return.",
        "billing_payment",
        "annoyance",
        "fast_resolution",
    ),
    (
        "The bill went up by twenty pounds without any warning.",
        "billing_payment",
        "disappointment",
        "clarity",
    ),
    ("I was on hold for an hour and nobody picked up.", "wait_time", "annoyance", "fast_resolution"),
    ("The kettle stopped working after two days.", "product_quality", "disappointment", "help_to_succeed"),
    (
        "My new headphones crackle in the left ear all the time.",
        "product_quality",
        "annoyance",
        "reassurance",
    ),
    ("The engineer didn't turn up and I took the day off work.", "service_quality", "anger", "fairness"),
    (
        "My app keeps crashing every time I open the camera.",
        "usability_access",
        "annoyance",
        "help_to_succeed",
    ),
    ("I've been locked out of my account since Monday.", "usability_access", "fear", "reassurance"),
    ("Nobody has answered my emails about the broken fridge.", "lack_of_interaction", "anger", "to_be_heard"),
    ("Your advisor laughed at me when I asked about the contract.", "staff_treatment", "anger", "respect"),
    (
        "The letter about my tariff contradicts what the agent said.",
        "communication_clarity",
        "confusion",
        "clarity",
    ),
    (
        "The whole move to your broadband has been a nightmare.",
        "overall_experience",
        "sadness",
        "to_be_heard",
    ),
    ("Forty pounds a month for this plan is far too expensive.", "price_value", "disappointment", "control"),
    ("Our flight was cancelled and we only found out at the airport.", "delivery", "anger", "reassurance"),
]


def _body(channel: str, text: str) -> str:
    if channel == "email":
        return "\n".join(text.split("\n\n")[1:-1])
    return re.sub(r"\s*(\^\w+|\n- .*)$", "", text)


@pytest.mark.parametrize("channel", CHANNELS)
def test_no_two_varied_complaints_share_a_sentence_unless_it_is_a_playbook_text(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str
) -> None:
    playbook_texts = {
        playbook.fill(s, company="Acme", agent="Sam Lee").lower()
        for entry in [playbook.default, *playbook.entries.values()]
        for s in [*entry.steps, *entry.help_steps, *entry.apologies, *entry.promises, entry.public_step]
        if s
    }
    owners: dict[str, set[int]] = {}
    for i, (text, cause, emotion, need) in enumerate(VARIED):
        draft = compose(
            make_analysis(text, cause=cause, emotions=(emotion,), needs=(need,)), playbook,
            channel=channel, agent_name="Sam Lee", company="Acme",
        )  # fmt: skip
        for sentence in _sentences(_body(channel, draft.text)):
            low = sentence.lower()
            if any(p in low or low in p for p in playbook_texts):
                continue
            owners.setdefault(sentence, set()).add(i)
    shared = {s: sorted(who) for s, who in owners.items() if len(who) > 1}
    assert shared == {}


def test_choices_depend_on_the_message_alone_not_on_what_was_composed_before(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    analyses = [make_analysis(t, cause=c, emotions=(e,), needs=(n,)) for t, c, e, n in VARIED]
    forward = [compose(a, playbook, channel=ch).text for a in analyses for ch in CHANNELS]
    backward = [
        compose(a, playbook, channel=ch).text for a in reversed(analyses) for ch in reversed(CHANNELS)
    ]
    assert forward == list(reversed(backward))
    # One word more in the message is a different customer: the wording moves, the facts do not.
    a = make_analysis("My parcel never arrived.", needs=("reassurance",))
    b = make_analysis("My parcel never arrived!!", needs=("reassurance",))
    first, second = compose(a, playbook), compose(b, playbook)
    assert first.text != second.text
    assert (first.grounding.cause, first.grounding.need) == (second.grounding.cause, second.grounding.need)
    trace = playbook.fill(playbook.entry("delivery").steps_for("never arrived")[0])
    assert trace[1:] in first.text and trace[1:] in second.text


@pytest.mark.parametrize("channel", ["email", "chat"])
def test_the_step_follows_the_situation_within_a_cause(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str
) -> None:
    entry = playbook.entry("delivery")
    by_phrase = {rule.when[0]: playbook.fill(rule.text) for rule in entry.situational_steps}
    crushed = compose(
        make_analysis("My parcel came today but the box was crushed."), playbook, channel=channel
    )
    lost = compose(make_analysis("My parcel never arrived."), playbook, channel=channel)
    general = compose(make_analysis("Your delivery service is going downhill."), playbook, channel=channel)
    assert by_phrase["damag*"][1:] in crushed.text and "trace" not in crushed.text
    assert by_phrase["lost"][1:] in lost.text
    general_steps = [
        playbook.fill(s)[1:] for s in entry.steps_for("Your delivery service is going downhill.")
    ]
    assert any(s in general.text for s in general_steps)
    assert not any(text[1:] in general.text for text in by_phrase.values())


def _questions(text: str) -> list[str]:
    return [s for s in _sentences(text) if s.endswith("?")]


@pytest.mark.parametrize("tone", TONES)
def test_one_exploring_question_on_email_and_chat_where_it_fits_never_in_public(
    make_analysis: MakeAnalysis, playbook: Playbook, tone: str
) -> None:
    unclear = make_analysis(
        "The letter about my tariff makes no sense at all.", cause="communication_clarity",
        emotions=("confusion",), needs=("clarity",),
    )  # fmt: skip
    for channel in ("email", "chat"):
        draft = compose(unclear, playbook, channel=channel, tone=tone)
        questions = _questions(draft.text)
        assert len(questions) == 1, draft.text
        assert "your tariff" in questions[0] or "your letter" in questions[0], questions
        assert not re.search(r"order number|account number|reference|confirm your", questions[0], re.I)
    for channel in ("social", "review"):
        assert _questions(compose(unclear, playbook, channel=channel, tone=tone).text) == []
    # A clear situation with a need for speed is answered, not questioned.
    clear = make_analysis("My parcel arrived crushed.", needs=("fast_resolution",))
    assert _questions(compose(clear, playbook, channel="email", tone=tone).text) == []
    praise = make_analysis(
        "The driver was so kind.", sentiment="positive", valence=0.9, emotions=("gratitude",),
        polarity="gain", needs=("clarity",),
    )  # fmt: skip
    assert _questions(compose(praise, playbook, channel="chat", tone=tone).text) == []


def test_the_closing_line_follows_the_need(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    """Across many customers with one need, most closing lines come from that need's or cause's lines."""
    banks = bundled_phrasebook().close_open_need
    opens = {
        need: {o.split("{n}")[0].lower() for o in banks[need]["warm"] if o.split("{n}")[0]}
        for need in ("fairness", "clarity")
    }
    for need, starts in opens.items():
        hits = 0
        for i in range(30):
            draft = compose(
                make_analysis(f"My parcel number {i} is late again.", needs=(need,)),
                playbook,
                channel="email",
            )
            close = next(p.text for p in reversed(draft.parts) if p.role == "close").lower()
            hits += any(close.startswith(s) for s in starts)
        assert hits >= 5, (need, hits)


def test_every_closing_opener_names_the_customers_thing() -> None:
    """A closing line without the customer's noun would read the same for everyone who drew it."""
    phrases = bundled_phrasebook()
    banks = [phrases.close_open, *phrases.close_open_need.values(), *phrases.close_open_cause.values()]
    missing = [line for bank in banks for lines in bank.values() for line in lines if "{n}" not in line]
    assert missing == []
