"""Which moves a reply makes (acknowledge, validate, apologise, thank, reassure, next step...), per sentence.

Cue patterns, not a model: a coach has to say *where* a reply apologises or commits to
something so an agent can see it highlighted, and it must get the traps right that a bag of
words gets wrong: "we are not able to help" is not reassurance, "sorry, but as per policy" is
an apology taken back in the same breath, and "can we help with anything else?" is a question,
not a commitment. Each sentence is checked on its own; a sentence that refuses ("unable",
"can't", "nothing further we can do") or asks a question never counts as reassurance or a
next step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from empathica.domain import Behaviours
from empathica.respond.text import GENERIC_SUPPORT, STOPWORDS, content_stems, sentences, stem, words

BEHAVIOUR_NAMES: tuple[str, ...] = (
    "acknowledges_emotion", "validates", "apologises", "thanks", "reassures", "next_step",
    "addresses_cause", "personal",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Span:
    """Where a behaviour shows in the reply (character offsets), for highlighting.

    ``strength`` is "weak" for moves that do not count (an apology undercut by "but", a
    conditional "sorry if you feel"), so a UI can show them as something to fix.
    """

    behaviour: str
    start: int
    end: int
    text: str
    strength: str = "strong"  # strong | weak


@dataclass(frozen=True, slots=True)
class BehaviourReport:
    behaviours: Behaviours
    spans: tuple[Span, ...] = field(default_factory=tuple)

    def weak(self, behaviour: str) -> list[Span]:
        return [s for s in self.spans if s.behaviour == behaviour and s.strength == "weak"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


EMOTION_WORDS = (
    r"frustrat\w*|upset\w*|annoy\w*|angry|anger|irritat\w*|fed up|worr\w*|stress\w*|disappoint\w*|"
    r"let down|heartbr\w+|shaken|shak\w+|scar\w+|frighten\w*|afraid|anxious|anxiety|panic\w*|"
    r"humiliat\w*|embarrass\w*|madden\w*|infuriat\w*|exhaust\w*|dishearten\w*|headache|awful|"
    r"miserable|horrible|invisible|ignored|livid|furious|rag\w+|distress\w*|hurt|sad|gutted|"
    r"devastat\w*|overwhelm\w*|nerve-?wracking|unsettl\w*|disrespect\w*|hard time|tough|difficult|"
    r"concern\w*|fear\w*|nervous|helpless|powerless|unfair|confus\w*|endless|a nightmare|draining|"
    r"wears? (?:anyone|you) down|wear anyone down|uneasy|lonely|alone"
)
_EMOTION = _rx(rf"\b(?:{EMOTION_WORDS})\b")
# a frame that points the feeling at the customer or at the situation they are in
_ACK_FRAME = _rx(
    r"\b(?:i|we)\s+(?:can\s+|completely\s+|totally\s+|really\s+|fully\s+)?(?:hear|see|tell|understand|"
    r"imagine|appreciate|know|get|realise|realize|recognise|sense)\b"
    r"|\b(?:that|this|it)\s+(?:sounds|must|seems|would|has been|is)\b|\bsounds\b"
    r"|\byou(?:'re|\s+are|'ve been|\s+have been|\s+must|\s+were|\s+feel|'d|\s+would)\b|\byour\b"
    r"|\bmust (?:be|have|feel)\b|\bno wonder\b"
    r"|\b(?:fair|right|understandable|natural|normal)\s+to\s+(?:be|feel)\b"
    r"|\banyone\b|\bleft (?:you )?feeling\b|\bfeeling\b"
)
_ACK_NEG = _rx(
    r"\b(?:no need to|don't|do not|shouldn't|should not|nothing to)\s+(?:be\s+|feel\s+)?(?:get\s+)?"
    r"(?:upset|worr|angry|stress|panic|concern)|\bcalm down\b|\bif you feel\b|\bsorry if\b"
    r"|\bif (?:this|that|it) (?:caused|has caused)\b|\bnot (?:our|my) (?:concern|problem)\b"
)

_VALIDATE = _rx(
    r"\byou(?:'re|\s+are)\s+(?:completely\s+|absolutely\s+|totally\s+|quite\s+|so\s+)?right\b"
    r"|\banyone would\b|\bwould (?:upset|annoy|frustrate|worry|wear down|anger) anyone\b|\banyone in your\b"
    r"|\b(?:it's|it is|that's|that is|this is)\s+(?:completely\s+|totally\s+|entirely\s+|perfectly\s+)?"
    r"(?:fair|understandable|reasonable|natural|valid|no wonder)\b"
    r"|\bmakes?\s+(?:complete\s+|total\s+|perfect\s+)?sense\b|\bevery (?:reason|right)\b"
    r"|\bshould (?:never|not) have\b|\bshouldn't have\b|\bnot the (?:service|experience|standard)\b"
    r"|\bnot (?:good enough|acceptable|okay|ok|fair|on)\b|\bunacceptable\b|\bi agree\b|\bno wonder\b"
    r"|\bnot your (?:fault|doing)\b|\b(?:doesn't|does not|don't) seem fair\b|\bunfair\b"
    r"|\blast thing you need\b|\bwho wouldn't\b|\bi would be too\b|\bi'd be (?:too|the same)\b"
    r"|\bin your (?:shoes|position|place)\b|\b(?:is|are|was|sounds)\s+(?:awful|miserable|horrible|"
    r"maddening|infuriating|disrespectful|humiliating|upsetting|frightening|scary)\b"
    r"|\bwhich is the worst\b|\bwastes? (?:your )?time\b|\bthe worst part\b|\b(?:understandably|rightly)\b"
    r"|\bwere right to\b|\bright to (?:expect|be|complain|flag|ask)\b|\bfeels? like\b|\bfeels deeply\b"
    r"|\bdefeats the\b|\bsee why\b|\bleave anyone\b|\bafter (?:everything|all) you(?:'ve| have)\b"
    r"|\bdisrespectful\b|\bdidn't get what you paid\b|\bbehind your back\b"
)

_APOLOGY = _rx(r"\b(?:sorry|apologi[sz]e\w*|apologies|my bad|forgive us|regret)\b")
_APOLOGY_WEAK = _rx(
    r"\bsorry\s+if\b|\bapologi\w*\s+if\b|\b(?:any|the|all)\s+inconvenience\b|\bregret any\b"
    r"|\bsorry\s+(?:you|that you)\s+feel\b|\bsorry\s+to\s+say\b|\bsorry,?\s+(?:but|however)\b"
    r"|\b(?:sorry|apologi\w*)[^.!?]*\b(?:but|however|unfortunately)\b[^.!?]*"
    r"\b(?:policy|policies|terms|unable|cannot|can't|not able|won't|outside)\b"
    r"|\bsorry\s+for\s+(?:your|the)\s+(?:loss\s+of\s+)?feelings?\b|\bnot sorry\b|\bno need to apologi"
)

_THANKS = _rx(
    r"\bthank(?:s|\s+you|ing\s+you)\b|\bmany thanks\b|\bcheers\b|\b(?:really |truly |do |much )?"
    r"appreciate(?:d)?\s+(?:you|it|your|this|that)\b|\bgrateful\b"
)
_THANKS_NOT = _rx(r"\bthanks\s+to\b|\bno\s+thanks\b|\bthanks\s+for\s+nothing\b")

_REASSURE = _rx(
    r"\brest assured\b|\b(?:please\s+)?(?:don't|do not|no need to|try not to)\s+worry\b"
    r"|\byou\s+(?:won't|will not)\s+(?:be|lose|have to|need to|pay|miss|be charged)\b"
    r"|\byou\s+(?:don't|do not)\s+(?:need|have)\s+to\s+do\s+anything\b"
    r"|\b(?:it's|it is|this is|that's|everything is|everything's|all)\s+(?:now\s+|all\s+)?"
    r"(?:in hand|safe|sorted|fixable|covered|taken care of|under control|fine|okay|ok)\b"
    r"|\bnothing\s+(?:has been|is|was|will be)\s+lost\b|\b(?:is|are)\s+(?:all\s+)?still there\b"
    r"|\b(?:i|we)(?:'ll|\s+will)\s+(?:make sure|ensure|see (?:it|this) through|stay on|keep (?:an eye|you)|"
    r"put (?:this|it|things) right|sort (?:this|it)|not let|take care of|look after)\b"
    r"|\bpersonally\b|\bgood hands\b|\bwe(?:'ve| have) got (?:you|this)\b|\bguarantee\b"
    r"|\bsafe with us\b|\bout of pocket\b|\bno (?:charge|cost)\b|\bfree of charge\b|\bat no cost\b"
)

_NEXT_AGENT = _rx(
    r"\b(?:i|we)(?:'ve|\s+have|'ll|\s+will|'m|\s+am|'re|\s+are|\s+can|\s+just|\s+now|\s+already)"
    r"(?:\s+(?:just|now|already|also|personally|today|gone ahead and|be|either|then|first))*\s+"
    r"(?:book\w*|arrang\w*|rais\w*|sen[dt]\w*|refund\w*|cancel\w*|chang\w*|mov\w*|appl\w*|remov\w*|"
    r"approv\w*|releas\w*|email\w*|e-mail\w*|put|taken|tak\w+|assign\w*|logg\w*|log|pass\w*|report\w*|"
    r"chas\w*|order\w*|unlock\w*|shar\w*|add\w*|credit\w*|escalat\w*|issu\w*|schedul\w*|process\w*|"
    r"call\w*|ring\w*|rang|phon\w*|text\w*|replac\w*|collect\w*|visit\w*|fix\w*|reset\w*|swap\w*|"
    r"ship\w*|dispatch\w*|reinstat\w*|restor\w*|upgrad\w*|waiv\w*|refer\w*|forward\w*|updat\w*|"
    r"reach out|follow(?:ed|ing)? up|get back to you\s+(?:by|within|before|on|tomorrow|today|this)|"
    r"check\w*|start\w*|reopen\w*|ask\w*|flag\w*|contact\w*|explain\w*|suggest\w*|walk\w*|"
    r"confirm\w*|review\w*|investigat\w*|do (?:it|that|this) for you|sort\w*|tell you|"
    r"writ\w+\s+(?:back|to you)|arrange|found|"
    r"cover\w*|reimburs\w*|compensat\w*|void\w*|correct\w*|repair\w*|open\w*|creat\w*)\b"
)
_NEXT_THING = _rx(
    r"\b(?:a|an|the|our|your|one)\s+(?:new\s+|replacement\s+|named\s+|senior\s+)?"
    r"(?:courier|engineer|driver|cleaner|fitters?|technician|parcel|replacement|refund|money|"
    r"handler|advisor|adviser|manager|team|item|order|payment|label|voucher|credit|invoice|"
    r"confirmation|call|visit|link|fix|update)\s+"
    r"(?:will|is booked|are booked|is due|is being|is on its way|should|was released|has been|is going)\b"
    r"|\b(?:it|this|that|they|she|he)(?:'ll|\s+will|\s+should)\s+(?:reach|arrive|be back|land|be "
    r"processed|be dispatched|ship|be with you|show|appear|be collected|be delivered)\b"
    r"|\byou(?:'ll|\s+will|\s+should)\s+(?:get|receive|see|hear)\b"
    r"|\b(?:is|are)\s+(?:booked|scheduled|arranged|on (?:its|their) way)\b"
)
_IMPERATIVE = _rx(
    r"^(?:yes[,:]?\s+|ok[,:]?\s+|sure[,:]?\s+|just\s+|simply\s+|please\s+|first,?\s+|then\s+)*"
    r"(?:go to|head to|tap|click|open|select|choose|hold|press|fill|run|clear|type|reply with|bring|"
    r"pick|use|sign in|log in|visit|follow|enter|drop|scan|restart|turn|switch|download|install|"
    r"uninstall|update the|call us|ring us|pop|print|attach|return it|send (?:it|the item) back)\b"
    r"|\byou can (?:also\s+)?(?:add|change|book|pick|choose|return|exchange|bring|use|find|download|"
    r"track|cancel|"
    r"update|reset|switch|turn|upgrade|claim|collect|apply|order|move|pay|set)\b"
    r"|\b(?:just|simply)\s+(?:pick|choose|tap|click|select|go|bring)\b|\bif you\s+\w+[^,]*,\s*(?:i|we)'ll\b"
)
_NEXT_PRESENT = _rx(
    r"\b(?:a|an|the|our|your)\s+(?:new\s+)?\w+\s+(?:leaves|ships|goes out|arrives|is dispatched|is sent)\b"
)
_TIME = _rx(
    r"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|next (?:week|day)|"
    r"(?:on|by|before|from)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|within|by \d|at \d|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|first thing|the \d+(?:st|nd|rd|th)|in the next)\b"
)
_CLAUSE = re.compile(r"[,:;]\s+|\s+(?:and then|then)\s+")
_VAGUE_ONLY = _rx(
    r"\b(?:look|looking)\s+into\b|\bbe in touch\b|\bget back to you\b(?!\s+(?:by|within|before|on|"
    r"tomorrow|today|this))|\bcontact us (?:again )?if\b|\bfeel free\b|\bdon't hesitate\b"
    r"|\blet us know if\b|\bpassed on\b(?!\s+to\b)|\bnoted\b|\breach out\s+(?:with|if)\b"
)
_REFUSAL = _rx(
    r"\b(?:unable|not able|(?:we|i)\s+(?:can(?:'|no)?t|cannot)|won't be able|"
    r"will not be able|isn't something we can|"
    r"is not something we can|nothing (?:further|more|else) (?:we|i) can|afraid (?:we|i)|"
    r"not possible|no longer (?:able|possible)|not in a position|(?:are|is) not (?:responsible|liable)|"
    r"we don't|we do not|we won't|not something)\b"
)


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_SUPPORT)


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"')]").endswith("?")


def _detect_sentence(s: str) -> dict[str, str]:
    """Behaviour -> "strong"/"weak" for one sentence, from the cue patterns alone."""
    found: dict[str, str] = {}
    question = _is_question(s)
    refusal = bool(_REFUSAL.search(s))
    if _EMOTION.search(s) and _ACK_FRAME.search(s) and not _ACK_NEG.search(s):
        found["acknowledges_emotion"] = "strong"
    if _VALIDATE.search(s) and not question:
        found["validates"] = "strong"
    if _APOLOGY.search(s):
        found["apologises"] = "weak" if _APOLOGY_WEAK.search(s) else "strong"
    if _THANKS.search(s) and not _THANKS_NOT.search(s):
        found["thanks"] = "strong"
    if _REASSURE.search(s):
        found["reassures"] = "weak" if (refusal or question) else "strong"
    next_cue = (
        _NEXT_AGENT.search(s)
        or _NEXT_THING.search(s)
        or (_NEXT_PRESENT.search(s) and _TIME.search(s))
        or any(_IMPERATIVE.search(c.strip()) for c in _CLAUSE.split(s))
    )
    if next_cue:
        vague_only = bool(_VAGUE_ONLY.search(s)) and not _NEXT_THING.search(s)
        if refusal or question or vague_only:
            found["next_step"] = "weak"
        else:
            found["next_step"] = "strong"
    elif _VAGUE_ONLY.search(s):
        found["next_step"] = "weak"
    return found


@dataclass(frozen=True, slots=True)
class CauseVocabulary:
    """The words that mark each cause, from a taxonomy's cues and example phrases.

    A word that turns up under three or more causes ("sort", "wrong", "waiting") says nothing
    about which one the reply is about, and feeling words belong to acknowledgement, so both
    are dropped. ``common`` is every remaining word: echoing one of those addresses the cause
    but does not show the agent read *this* message.
    """

    terms: dict[str, frozenset[str]]
    common: frozenset[str]

    @classmethod
    def build(cls, phrases: Mapping[str, Sequence[str]]) -> CauseVocabulary:
        per: dict[str, set[str]] = {}
        for label, texts in phrases.items():
            stems: set[str] = set()
            for t in texts:
                stems |= {x for x in content_stems(t, GENERIC_SUPPORT) if not _EMOTION.fullmatch(x)}
            per[label] = stems
        counts: dict[str, int] = {}
        for stems in per.values():
            for x in stems:
                counts[x] = counts.get(x, 0) + 1
        keep = {label: frozenset(x for x in stems if counts[x] < 3) for label, stems in per.items()}
        common = frozenset(x for stems in per.values() for x in stems)
        return cls(keep, common)

    def for_labels(self, labels: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for label in labels:
            out |= self.terms.get(label, frozenset())
        return out


def specifics(customer: str, common: Iterable[str] = ()) -> set[str]:
    """What is particular to this customer's message: numbers, names, distinctive words.

    ``common`` are stems that every message about the same cause would share (taxonomy cues);
    echoing those addresses the cause but is not yet personal. Feeling words are left out too:
    "I can hear how frustrating this is" acknowledges, it does not show you read their message.
    """
    common_set = set(common) | _GENERIC_STEMS
    out: set[str] = set()
    for w, _, _ in words(customer):
        lw = w.lower().replace("'", "")
        if any(ch.isdigit() for ch in w):
            if len(w) >= 2:
                out.add(w.lower().strip(".,:/"))
            continue
        if len(lw) < 3 or lw in STOPWORDS or lw in GENERIC_SUPPORT or _EMOTION.fullmatch(lw):
            continue
        st = stem(lw)
        if st not in common_set:
            out.add(st)
    return out


def detect_behaviours(
    reply: str,
    *,
    customer: str = "",
    cause_terms: Iterable[str] = (),
    evidence: Sequence[str] = (),
    name: str | None = None,
    common_terms: Iterable[str] = (),
) -> BehaviourReport:
    """Behaviours of ``reply`` with the sentence spans that show them.

    ``cause_terms``: stems that mark the customer's causes (see ``cause_terms_from``);
    ``evidence``: the customer's own words for those causes; ``name``: the customer's name when
    known. ``addresses_cause`` needs one of the cause's words or the customer's evidence words in
    the reply; ``personal`` needs their name or something specific to their message.
    """
    spans: list[Span] = []
    flags = dict.fromkeys(BEHAVIOUR_NAMES, False)
    cause_stems = set(cause_terms)
    evidence_stems: set[str] = set()
    for ev in evidence:
        evidence_stems |= content_stems(ev, GENERIC_SUPPORT)
    own = specifics(customer, common_terms) if customer else set()
    # what the customer wrote about, in their words (minus greetings, feelings and filler)
    topic = (
        {x for x in content_stems(customer, GENERIC_SUPPORT) if not _EMOTION.fullmatch(x)}
        if customer
        else set()
    )
    name_rx = re.compile(rf"\b{re.escape(name.strip())}\b", re.IGNORECASE) if name and name.strip() else None
    for start, end in sentences(reply):
        s = reply[start:end]
        for behaviour, strength in _detect_sentence(s).items():
            spans.append(Span(behaviour, start, end, s, strength))
            if strength == "strong":
                flags[behaviour] = True
        stems = {stem(w.lower()) for w, _, _ in words(s)}
        if stems & (cause_stems | evidence_stems | own | topic):
            spans.append(Span("addresses_cause", start, end, s))
            flags["addresses_cause"] = True
        numbers = {w.lower().strip(".,:/") for w, _, _ in words(s) if any(c.isdigit() for c in w)}
        if (name_rx and name_rx.search(s)) or (stems | numbers) & own:
            spans.append(Span("personal", start, end, s))
            flags["personal"] = True
    return BehaviourReport(Behaviours(**flags), tuple(spans))
