"""The offline reply composer: a first draft grounded in what the analysis found, no model needed.

A draft is a sequence of moves (``REPLY_ROLES``) chosen from the analysis:

- complaint (negative feeling, or a flat message about a pain with a need such as fairness or a
  fast resolution): acknowledge in the customer's own words, validate the feeling, apologise
  *only* when the playbook says the company is at fault for the cause (for what they said
  happened, or in the playbook's words for the cause), reassure in the way the customer's need
  calls for, give the playbook's next step, close;
- praise (positive feeling): thank, saying back what they praised, promise to pass it on to
  whoever they praised (or the playbook's ``praise_topic``); never an apology;
- question (neutral): acknowledge the question, answer with the playbook's ``help_steps`` (where
  to do it, what we'll check, an offer to do it for them) and help link, close; no feelings
  talk, because emotional language on a how-to question reads as insincere.

Sentences stay short: at most two moves share a sentence, and an apology stands on its own.

Why choices come from a hash of the text: the same analysis must give the same draft (an
agent who reopens a ticket sees the same suggestion, tests are stable), yet two customers must
not get the same words. Each sentence is assembled from independent picks (see ``phrases.yaml``)
and neighbouring moves are sometimes joined into one sentence, in varying order.

The channel decides the frame: email is complete (greeting, body, sign-off); chat is short and
conversational; social is public, fits 280 characters, carries no personal data and moves the
conversation to a private message; review is a public reply signed by the company.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from empathica.domain import Analysis, Cause, Grounding, ReplyDraft, ReplyPart
from empathica.respond.banned import find_banned
from empathica.respond.echo import NONE, Echo, echo, noun_in
from empathica.respond.phrasebook import DEFAULT_KEY, Phrasebook, ToneBank, bundled_phrasebook
from empathica.respond.playbook import Playbook, PlaybookEntry

CHANNELS: tuple[str, ...] = ("email", "chat", "social", "review")
TONES: tuple[str, ...] = ("warm", "neutral", "formal")
#: Longest draft per channel, in characters (social: one tweet).
MAX_CHARS: dict[str, int] = {"social": 280, "chat": 600, "review": 1200, "email": 2000}
PUBLIC_CHANNELS = frozenset({"social", "review"})

NEGATIVE_EMOTIONS = frozenset(
    {
        "anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear",
        "grief", "nervousness", "remorse", "sadness",
    }
)  # fmt: skip
#: Needs that mark a flatly worded message about a pain as a complaint, not a question.
COMPLAINT_NEEDS = frozenset({"fairness", "fast_resolution", "to_be_heard", "reassurance"})
#: Praised subjects that are people, so the reply can say "you found them kind".
PEOPLE = frozenset(
    {
        "engineer", "driver", "technician", "advisor", "adviser", "agent", "staff", "team", "guy", "lady",
        "man", "woman", "person", "colleague", "rep", "representative", "courier", "manager", "waiter",
        "waitress", "nurse", "doctor", "fitter", "installer", "plumber", "crew", "cashier", "assistant",
        "operator", "host", "guys", "people", "staffer", "electrician", "pilot", "attendant", "steward",
    }
)  # fmt: skip
#: Which ``validate`` bank answers a feeling: emotions that call for the same words share a family.
EMOTION_FAMILY: dict[str, str] = {
    "anger": "anger", "annoyance": "anger", "disgust": "anger", "disapproval": "anger",
    "sadness": "sadness", "disappointment": "sadness", "grief": "sadness", "remorse": "sadness",
    "embarrassment": "sadness", "fear": "fear", "nervousness": "fear", "confusion": "confusion",
    "curiosity": "confusion", "surprise": "confusion", "realization": "confusion",
}  # fmt: skip
POSITIVE_EMOTIONS = frozenset(
    {
        "admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude", "joy",
        "love", "optimism", "pride", "relief",
    }
)  # fmt: skip


#: Words that present an answer in this very message ("Here's a straight answer on ...") or point back
#: at one ("If my answer raises ..."). A public reply only invites a private message, so it keeps no
#: such promise: these lines are left out on social and review.
_PRESENTS_AN_ANSWER = re.compile(
    r"(?i)^(?:here's|here is|to be clear|allow me to set out|let me (?:clear up|explain)|"
    r"(?:i am |i'm )?happy to explain)\b|\b(?:my|the|this) (?:written )?answer\b|\bany (?:part )?of this\b"
)


#: Lines that assume goods on their way ("Did the courier leave a note?") and the words that say a
#: message is about goods. The ``delivery`` cause also covers flights and trains, whose customers
#: should not be asked about a courier.
_ASSUMES_GOODS = re.compile(r"(?i)\b(?:courier|tracking|parcel|package|order|at home)\b")
_ABOUT_GOODS = re.compile(
    r"(?i)\b(?:courier|tracking|parcels?|packages?|orders?|ordered|deliver\w*|ship\w*|dispatch\w*|"
    r"items?|box|post(?:ed|man|woman)?|driver|doorstep|door)\b"
)


def _fits_message(bank: Sequence[str], message: str) -> tuple[str, ...]:
    """The lines of ``bank`` that assume nothing the message does not say: no courier for a flight."""
    if _ABOUT_GOODS.search(message):
        return tuple(bank)
    return tuple(line for line in bank if not _ASSUMES_GOODS.search(line))


def _kept_in_public(bank: Sequence[str], channel: str) -> tuple[str, ...]:
    """The lines of ``bank`` a reply on ``channel`` can say and keep its word: all of them in private."""
    if channel not in PUBLIC_CHANNELS:
        return tuple(bank)
    return tuple(line for line in bank if not _PRESENTS_AN_ANSWER.search(line))


class _Picker:
    """Deterministic choices: each pick depends on the seed and its own key, not on call order."""

    def __init__(self, seed: str) -> None:
        self._seed = hashlib.sha256(seed.encode("utf-8")).digest()

    def number(self, key: str) -> int:
        return int.from_bytes(hashlib.sha256(self._seed + key.encode("utf-8")).digest()[:8], "big")

    def pick(self, key: str, options: Sequence[str]) -> str:
        return options[self.number(key) % len(options)]

    def chance(self, key: str, p: float) -> bool:
        return (self.number(key) % 10_000) < p * 10_000


@dataclass(frozen=True, slots=True)
class _Plan:
    mode: str  # complaint | praise | question
    cause: Cause | None
    entry: PlaybookEntry
    need: str | None
    emotion: str | None
    echo: Echo
    noun: str  # how the reply names the cause: the customer's noun or the playbook topic
    stage: str = ""
    praised: str = ""  # praise: who or what was praised ("the engineer who looked after you")
    quality: str = ""  # praise: what they said about a person ("brilliant and so kind")
    message: str = ""  # the customer's whole message: picks the step that fits their situation


def mode_of(analysis: Analysis) -> str:
    """complaint, praise or question: what kind of reply the feeling calls for."""
    labels = set(analysis.emotions.labels)
    negative = bool(labels & NEGATIVE_EMOTIONS)
    positive = bool(labels & POSITIVE_EMOTIONS)
    if analysis.sentiment == "negative" or (negative and analysis.valence < 0.2):
        return "complaint"
    if analysis.sentiment == "mixed":
        return "complaint" if any(c.polarity == "pain" for c in analysis.causes) or negative else "praise"
    if analysis.sentiment == "positive" or (positive and analysis.valence > 0.2):
        # A positive tone about a pain ("thanks for charging me twice") is still a complaint.
        top_pain = bool(analysis.causes) and analysis.causes[0].polarity == "pain"
        return "complaint" if top_pain and (negative or analysis.valence < 0.5) else "praise"
    if analysis.valence < -0.35:
        return "complaint"
    # Factual complaints read as neutral ("third time I ask for my refund"): a pain cause with a
    # need for fairness, speed, being heard or reassurance is a complaint all the same.
    needs = {n.label for n in analysis.needs}
    if any(c.polarity == "pain" for c in analysis.causes) and needs & COMPLAINT_NEEDS:
        return "complaint"
    return "question"


def _top_cause(analysis: Analysis, mode: str) -> Cause | None:
    wanted = "gain" if mode == "praise" else "pain"
    for cause in analysis.causes:
        if cause.polarity == wanted:
            return cause
    return analysis.causes[0] if analysis.causes else None


def _top_emotion(analysis: Analysis) -> str | None:
    for label in analysis.emotions.labels:
        if label != "neutral":
            return label
    return analysis.emotions.top()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = _capital(text)
    return text if text[-1] in ".!?" else text + "."


def _join(first: str, second: str, connector: str) -> str:
    """Two sentences as one, or as two, depending on the connector."""
    a = first.rstrip(" .!")
    if connector.strip() == ".":
        return _sentence(a) + " " + _sentence(second)
    b = second.strip()
    if not re.match(r"^(I|I'm|I've|I'll|I'd)\b", b) and not b[1:2].isupper():
        b = b[:1].lower() + b[1:]
    return _sentence(a + connector + b.rstrip("."))


def _with_lead(lead: str, text: str) -> str:
    """``text`` after a lead-in; unless the lead ends a sentence, it continues it, so no capital."""
    if not lead:
        return text
    continues = not lead.rstrip().endswith((".", "!", "?"))
    if continues and not re.match(r"^I\b|^I'", text) and not text[1:2].isupper():
        return lead + text[:1].lower() + text[1:]
    return lead + text


def _fill(template: str, noun: str, clause: str = "") -> str:
    return template.format(c=clause, n=noun, N=_capital(noun))


def _plan(analysis: Analysis, playbook: Playbook, channel: str, *, use_echo: bool) -> _Plan:
    mode = mode_of(analysis)
    cause = _top_cause(analysis, mode)
    entry = playbook.entry(cause.label if cause else None)
    need = analysis.needs[0].label if analysis.needs else None
    said = NONE
    if use_echo and cause is not None and cause.evidence and analysis.language == "en":
        said = echo(cause.evidence, public=channel in PUBLIC_CHANNELS)
    topic = entry.topic or playbook.default.topic or (cause.label.replace("_", " ") if cause else "this")
    # Without a noun in the evidence, the customer may still name the thing elsewhere ("the bag").
    noun = said.noun or (noun_in(analysis.text) if use_echo and analysis.language == "en" else "") or topic
    praised = quality = ""
    if mode == "praise":
        praised = entry.praise_topic or playbook.default.praise_topic or "the team"
        subject = said.subject if said.kind == "clause" else ""
        if subject and subject.split()[-1] in PEOPLE:
            praised = (
                subject + " who looked after you" if subject.split()[-1] not in ("team", "staff") else subject
            )
            said_quality = re.match(rf"^{re.escape(subject)} (?:was|were|is|are) (.+)$", said.text)
            if said_quality and len(said_quality.group(1).split()) <= 6:
                quality = said_quality.group(1)
    stage = analysis.stage.label if analysis.stage else ""
    return _Plan(
        mode, cause, entry, need, _top_emotion(analysis), said, noun, stage, praised, quality, analysis.text
    )


def _acknowledge(plan: _Plan, tone: str, pick: _Picker, channel: str, ph: Phrasebook) -> str:
    said = plan.echo
    if said.kind in ("clause", "doing"):
        return _fill(pick.pick("ack", ph.ack_clause[tone]), plan.noun, said.text)
    if said.kind == "quote":
        return _fill(pick.pick("ack", ph.ack_quote[tone]), plan.noun, said.text)
    if said.kind == "question":
        bank = _kept_in_public(ph.ack_question[tone], channel) or ph.ack_question["formal"][:1]
        return _fill(pick.pick("ack", bank), plan.noun, said.text)
    if said.kind == "repeat":
        return pick.pick("ack", ph.ack_repeat[tone]).format(t=said.text, n=plan.noun)
    # Lead and action are picked apart, so two customers on the same topic rarely share the sentence.
    whole = ph.ack_topic[tone] + ph.ack_topic_stage.get(plan.stage, {}).get(tone, ())
    gerund_leads, past_leads = ph.ack_topic_lead_gerund[tone], ph.ack_topic_lead_past[tone]
    choice = pick.number("ack-shape") % (len(whole) + 2 * len(gerund_leads) + 2 * len(past_leads))
    if choice < len(whole):
        return _fill(whole[choice], plan.noun)
    acts = ph.ack_topic_acts[tone]
    gerund, past = acts[pick.number("ack-act") % len(acts)]
    if choice < len(whole) + 2 * len(gerund_leads):
        return _fill(pick.pick("ack-lead", gerund_leads) + " " + gerund, plan.noun)
    return _fill(pick.pick("ack-lead", past_leads) + " " + past, plan.noun)


def _tone_bank(bank: ToneBank, tone: str) -> tuple[str, ...]:
    """A bank's lines for the tone; neutral borrows the warm lines where a bank has none of its own."""
    return bank.get(tone) or bank.get("warm", ())


def _wants_question(plan: _Plan, channel: str) -> bool:
    """One exploring question where it helps: the customer needs to understand or to choose, or
    their words do not tell which situation they are in (lost or late? which charge?). Only when
    the reply has their own words to ask about: a question around a stock topic ("what happened
    with your account?") asks nothing a form would not. Never on public channels, where a question
    invites the details in public."""
    if channel not in ("email", "chat") or plan.mode == "praise" or plan.cause is None:
        return False
    anchored = plan.echo.kind in ("clause", "doing", "quote") or plan.noun != (plan.entry.topic or "")
    if not anchored:
        return False
    if plan.need in ("clarity", "control", "help_to_succeed"):
        return True
    return plan.mode == "complaint" and not plan.entry.situation(plan.message)


def _explore(plan: _Plan, tone: str, pick: _Picker, ph: Phrasebook) -> str:
    cause = plan.cause.label if plan.cause else ""
    options = (
        _fits_message(_tone_bank(ph.explore_cause.get(cause, {}), tone), plan.message)
        + _tone_bank(ph.explore_need.get(plan.need or "", {}), tone)
        + _tone_bank(ph.explore_generic, tone)
    )
    question = _fill(pick.pick("explore", options), plan.noun)
    return _with_lead(pick.pick("qlead", ph.explore_lead[tone]), _capital(question))


def _close(
    plan: _Plan, channel: str, tone: str, pick: _Picker, ph: Phrasebook, short: bool, link: str = ""
) -> str:
    """The last line: an opener that follows from the need or the cause, what to do, and a tail."""
    cause = plan.cause.label if plan.cause else ""
    fitting = (
        ph.close_open[tone]
        + _tone_bank(ph.close_open_need.get(plan.need or "", {}), tone)
        + _fits_message(_tone_bank(ph.close_open_cause.get(cause, {}), tone), plan.message)
    )
    # A business's own banks may hold only lines a public reply cannot say: better one of them than none.
    opens = _kept_in_public(fitting, channel) or fitting
    act = pick.pick("cact", ph.close_act.get(channel, ph.close_act["email"])[tone])
    # "just type it here, I'm here" says "here" twice.
    tails = [t for t in ph.close_tail[tone] if not (act.endswith("here") and "here" in t)] or [""]
    close = (
        _fill(pick.pick("copen", opens), plan.noun)
        + ", "
        + (pick.pick("llead", ph.link_in_close[tone]).format(link=link) if link else "")
        + act
        + ("" if short and channel != "chat" else pick.pick("ctail", tails))
    )
    if channel == "review":
        # A review reply thanks for the review at the end, in the same breath as the invitation.
        thanks = pick.pick("rthank", ph.review_thank[tone])
        close = thanks + pick.pick("rjoin", (", and ", "; ")) + close[:1].lower() + close[1:]
    return _sentence(close)


def _chosen_step(plan: _Plan, pick: _Picker, playbook: Playbook) -> tuple[str, str]:
    """The playbook step (unfilled) a private reply gives, and the situation it was written for."""
    steps = plan.entry.steps_for(plan.message)
    entry, help_steps = plan.entry, False
    if plan.mode == "question":
        helper = plan.entry if plan.entry.help_steps else playbook.default
        answers = helper.steps_for(plan.message, help_steps=True)
        if answers:
            steps, entry, help_steps = answers, helper, True
    step = pick.pick("step", steps)
    return step, entry.situation_of(step, help_steps=help_steps)


def _situation(plan: _Plan, channel: str, pick: _Picker, playbook: Playbook) -> str | None:
    """The situation of the step in the draft; None for praise and for public replies (a DM invite)."""
    if plan.mode == "praise" or channel in PUBLIC_CHANNELS:
        return None
    return _chosen_step(plan, pick, playbook)[1] or None


def _step(
    plan: _Plan,
    channel: str,
    tone: str,
    pick: _Picker,
    ph: Phrasebook,
    playbook: Playbook,
    agent: str | None,
    company: str | None,
) -> str:
    if channel in PUBLIC_CHANNELS:
        if plan.entry.public_step:
            return playbook.fill(plan.entry.public_step, company=company, agent=agent)
        return _fill(pick.pick("dm", ph.dm_invite[tone]), plan.noun)
    return playbook.fill(_chosen_step(plan, pick, playbook)[0], company=company, agent=agent)


def _parts(
    plan: _Plan,
    channel: str,
    tone: str,
    pick: _Picker,
    ph: Phrasebook,
    playbook: Playbook,
    agent: str | None,
    company: str | None,
) -> list[ReplyPart]:
    short = channel in ("social", "chat")
    parts: list[ReplyPart] = []
    if plan.mode == "praise":
        if plan.quality and pick.chance("pquality", 0.6):
            thanks = pick.pick("share", ph.praise_share_quality[tone]).format(p=plan.praised, q=plan.quality)
            parts.append(ReplyPart("thank", _sentence(thanks)))
            return parts
        if plan.echo.kind in ("clause", "doing"):
            parts.append(
                ReplyPart(
                    "thank",
                    _sentence(_fill(pick.pick("thank", ph.thank_clause[tone]), plan.noun, plan.echo.text)),
                )
            )
        else:
            parts.append(
                ReplyPart("thank", _sentence(_fill(pick.pick("thank", ph.thank_topic[tone]), plan.noun)))
            )
        share = pick.pick("share", ph.praise_share[tone]).format(p=plan.praised, P=_capital(plan.praised))
        # Joined to the thanks, so the stock share words never stand alone as a sentence.
        thanks = parts.pop().text
        share = _join(thanks, share, pick.pick("pjoin", (", and ", " - ", " - ")))
        parts.append(ReplyPart("thank", share))
        return parts
    if plan.mode == "question":
        step = _step(plan, channel, tone, pick, ph, playbook, agent, company)
        if plan.echo.kind == "none":
            # The topic leads straight into the answer: "On your delivery: you can change ...".
            leads = ph.ack_topic_question_public if channel in PUBLIC_CHANNELS else ph.ack_topic_question
            lead = _fill(pick.pick("ack", leads[tone]), plan.noun)
            parts.append(ReplyPart("next_step", _capital(_with_lead(lead, step))))
        else:
            parts.append(ReplyPart("acknowledge", _sentence(_acknowledge(plan, tone, pick, channel, ph))))
            lead = "" if channel in PUBLIC_CHANNELS else pick.pick("alead", ph.answer_lead[tone])
            parts.append(ReplyPart("next_step", _with_lead(lead, step)))
        # The help link goes into the closing line (see ``_close``), not into a stock sentence of its own.
    else:
        family = EMOTION_FAMILY.get(plan.emotion or "", "plain")
        if plan.emotion not in NEGATIVE_EMOTIONS and family != "confusion":
            family = "plain"  # a flatly told complaint: no guessing at feelings
        validate = ReplyPart("validate", _sentence(pick.pick("validate", ph.validate[family][tone])))
        if plan.entry.at_fault and plan.echo.kind == "clause" and pick.chance("aclause", 0.5):
            # Sorry for exactly what they said happened, in place of the acknowledgement.
            sorry = _fill(pick.pick("apology", ph.apology_clause[tone]), plan.noun, plan.echo.text)
            parts.append(ReplyPart("apologise", _sentence(sorry)))
            parts.append(validate)
        else:
            parts.append(ReplyPart("acknowledge", _sentence(_acknowledge(plan, tone, pick, channel, ph))))
            parts.append(validate)
            if plan.entry.at_fault:
                bank = plan.entry.apologies or ph.apology[tone]
                if tone == "formal" and plan.entry.apologies:
                    bank = ph.apology[tone]  # the playbook's apologies are written in everyday words
                apology = playbook.fill(pick.pick("apology", bank), company=company, agent=agent)
                parts.append(ReplyPart("apologise", _sentence(apology)))
        need_bank = ph.reassure.get(plan.need or DEFAULT_KEY, ph.reassure[DEFAULT_KEY])
        # In public the answer itself comes in a private message, so "Here's where it stands" can't be said.
        reassures = _kept_in_public(need_bank[tone], channel) or ph.reassure[DEFAULT_KEY][tone]
        template = pick.pick("reassure", reassures)
        reassure = _fill(template, plan.noun)
        # A lead only before a plain statement ("I'll ...", "Your parcel is ..."), never before
        # "Here's ..." or "Let me ...", which are leads of their own.
        plain = template.startswith(("I'm", "I'll", "I've", "I ", "{N}", "You don't", "You won't", "We"))
        if plain and "," not in reassure and not short:
            reassure = _with_lead(pick.pick("rlead", ph.reassure_lead[tone]), reassure)
        reassure += pick.pick("rtail", ph.reassure_tail[tone]) if not short else ""
        if not (short and not plan.echo.noun):
            # Without the customer's own noun a reassurance reads the same for everyone,
            # so short replies skip it.
            parts.append(ReplyPart("reassure", _sentence(reassure)))
        step = _step(plan, channel, tone, pick, ph, playbook, agent, company)
        # "Here's what I've done:" cannot lead into "Please send us a direct message".
        lead = "" if short or channel in PUBLIC_CHANNELS else pick.pick("slead", ph.step_lead[tone])
        parts.append(ReplyPart("next_step", _with_lead(lead, step)))
        if plan.entry.promises and plan.need in ("fairness", "reassurance", "control") and not short:
            promise = playbook.fill(pick.pick("promise", plan.entry.promises), company=company, agent=agent)
            parts.append(ReplyPart("reassure", _sentence(promise)))
    if _wants_question(plan, channel):
        question = _explore(plan, tone, pick, ph)
        if channel == "chat":
            # In a chat the question is the close: the customer answers it in the same window.
            parts.append(ReplyPart("close", question))
            return parts
        parts.append(ReplyPart("close", question))
    if channel != "social":
        link = ""
        if plan.mode == "question" and plan.entry.links and not short:
            link = playbook.fill(pick.pick("link", plan.entry.links), company=company, agent=agent)
        parts.append(ReplyPart("close", _close(plan, channel, tone, pick, ph, short, link)))
    return parts


def _body(parts: list[ReplyPart], tone: str, pick: _Picker, ph: Phrasebook, channel: str) -> list[str]:
    """Paragraphs of the body: moves joined into sentences, and the order varied where it may be."""
    texts = [(p.role, p.text) for p in parts]
    # Reassurance may come before or after the step; validation before or after the apology.
    roles = [r for r, _ in texts]
    if "reassure" in roles and "next_step" in roles and channel != "social" and pick.chance("order", 0.5):
        i, j = roles.index("reassure"), roles.index("next_step")
        texts[i], texts[j] = texts[j], texts[i]
    sentences: list[tuple[str, str]] = []
    joined: set[int] = set()  # sentences that already hold two moves
    for role, text in texts:
        joinable = (
            role in ("validate", "reassure")
            and sentences
            and len(sentences) - 1 not in joined
            and sentences[-1][0] in ("acknowledge", "validate", "apologise", "thank")
            and not (role == "reassure" and sentences[-1][0] == "apologise")
        )
        # The first move after the acknowledgement always joins it, so no sentence is only stock words.
        # Validation alone ("That would frustrate anyone.") would be a stock sentence, so it always joins.
        first_after_ack = bool(sentences) and (
            sentences[-1][0] in ("acknowledge", "thank") or role == "validate"
        )
        if joinable and (first_after_ack or pick.chance(f"join-{role}", 0.6)):
            connectors = (ph.join_reassure if role == "reassure" else ph.join)[tone]
            if first_after_ack:
                connectors = tuple(c for c in connectors if c.strip() != ".")
            connector = pick.pick(f"conn-{role}", connectors)
            prev = sentences[-1][1]
            sentences[-1] = (role, _join(prev, text, connector))
            joined.add(len(sentences) - 1)
        else:
            sentences.append((role, text))
    if channel != "email":
        return [" ".join(s for _, s in sentences)]
    paragraphs: list[list[str]] = [[]]
    for role, text in sentences:
        if (
            role in ("next_step", "close")
            and paragraphs[-1]
            and (role == "close" or pick.chance("para", 0.6))
        ):
            paragraphs.append([])
        paragraphs[-1].append(text)
    return [" ".join(p) for p in paragraphs if p]


def _signature(agent: str | None, company: str | None) -> str:
    if agent and company:
        return f"{agent}\n{company}"
    return agent or (f"The {company} team" if company else "Customer care team")


def _assemble(
    parts: list[ReplyPart],
    channel: str,
    tone: str,
    pick: _Picker,
    ph: Phrasebook,
    agent: str | None,
    company: str | None,
    customer_name: str | None,
) -> str:
    body = _body(parts, tone, pick, ph, channel)
    if channel == "email":
        greeting = (
            pick.pick("greet", ph.greeting[tone]).format(name=customer_name)
            if customer_name
            else pick.pick("greet", ph.greeting_no_name[tone])
        )
        sign = pick.pick("sign", ph.sign_off[tone])
        return "\n\n".join([greeting, *body, f"{sign}\n{_signature(agent, company)}"])
    text = body[0]
    if channel == "chat" and customer_name:
        text = (
            f"{'Hi' if tone != 'formal' else 'Hello'} {customer_name}, " + text[:1].lower() + text[1:]
            if not re.match(r"^I\b|^I'", text)
            else f"Hi {customer_name}! " + text
        )
    if channel == "review":
        sign = f"{agent}, {company}" if agent and company else (agent or company or "The team")
        text = (
            f"Hi {customer_name}, " + text[:1].lower() + text[1:] if customer_name else text
        ) + f"\n- {sign}"
    if channel == "social" and agent:
        text += f" ^{agent.split()[0]}"
    return text


def compose(
    analysis: Analysis,
    playbook: Playbook,
    *,
    channel: str = "email",
    tone: str = "warm",
    agent_name: str | None = None,
    company: str | None = None,
    customer_name: str | None = None,
    phrases: Phrasebook | None = None,
) -> ReplyDraft:
    """A reply draft for ``analysis``; the same inputs always give the same draft.

    ``phrases`` is the wording to write with (:func:`~empathica.respond.phrasebook.load_phrasebook`);
    None means the bundled phrase banks.
    """
    ph = bundled_phrasebook() if phrases is None else phrases
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; choose one of: {', '.join(CHANNELS)}")
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}; choose one of: {', '.join(TONES)}")
    name = customer_name.strip() if customer_name and channel != "social" else None
    pick = _Picker("\x1f".join([analysis.text, channel, tone, name or "", agent_name or "", company or ""]))
    warnings: list[str] = []
    plan = _plan(analysis, playbook, channel, use_echo=True)
    parts, text = _build(plan, channel, tone, pick, ph, playbook, agent_name, company, name)
    if find_banned(text) and plan.echo.kind != "none":
        # The customer's own words may carry a phrase we must never say back; name the topic instead.
        plan = _plan(analysis, playbook, channel, use_echo=False)
        parts, text = _build(plan, channel, tone, pick, ph, playbook, agent_name, company, name)
    banned = find_banned(text)
    if banned:
        warnings.append(f"the draft contains escalating phrases ({', '.join(banned)}); check the playbook")
    if len(text) > MAX_CHARS[channel]:
        warnings.append(
            f"the draft is {len(text)} characters, longer than {MAX_CHARS[channel]} for {channel}"
        )
    if analysis.language != "en":
        warnings.append(f"the message is in {analysis.language!r}; the draft is in English")
    cause = plan.cause
    grounding = Grounding(
        emotion=plan.emotion,
        cause=cause.label if cause else None,
        need=plan.need,
        stage=analysis.stage.label if analysis.stage else None,
        evidence=cause.evidence if cause else "",
        situation=_situation(plan, channel, pick, playbook),
    )
    return ReplyDraft(
        text=text,
        parts=parts,
        grounding=grounding,
        channel=channel,
        tone=tone,
        source="composer",
        warnings=warnings,
        id=analysis.id,
    )


def _build(
    plan: _Plan,
    channel: str,
    tone: str,
    pick: _Picker,
    ph: Phrasebook,
    playbook: Playbook,
    agent: str | None,
    company: str | None,
    name: str | None,
) -> tuple[list[ReplyPart], str]:
    parts = _parts(plan, channel, tone, pick, ph, playbook, agent, company)
    text = _assemble(parts, channel, tone, pick, ph, agent, company, name)
    if channel == "social":
        # Drop the least necessary moves until the reply fits in one post.
        for role in ("reassure", "validate", "close", "acknowledge"):
            if len(text) <= MAX_CHARS["social"]:
                break
            if role == "acknowledge" and plan.echo.kind != "none":
                plan = replace(
                    plan, echo=NONE, noun=plan.entry.topic or plan.noun, stage="", praised="", quality=""
                )
                parts = _parts(plan, channel, tone, pick, ph, playbook, agent, company)
                parts = [p for p in parts if p.role not in ("reassure", "validate")]
            else:
                parts = [p for p in parts if p.role != role]
            text = _assemble(parts, channel, tone, pick, ph, agent, company, name)
        if len(text) > MAX_CHARS["social"]:
            text = text[: MAX_CHARS["social"] - 1].rsplit(" ", 1)[0] + "…"
    return parts, text
