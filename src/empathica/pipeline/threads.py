"""Journey stage of a whole thread: every message keeps its own stage, and messages that share a
thread id also get the stage of the conversation (``Analysis.thread``).

Which messages form a thread
----------------------------

Messages whose metadata has the same ``thread_id`` (or, failing that, ``conversation_id``) and
that are analysed together (one ``Analyzer.analyze`` call; ``analyze_file`` keeps a run of
consecutive rows of one thread in the same call). The importers keep such columns as metadata,
so a helpdesk or chat export needs no mapping.

Which messages vote
-------------------

The customer's. A message written by the company (metadata ``role`` / ``author_role`` / ``sender``
naming an agent, staff, support, company or bot, or ``inbound`` false as in Twitter support
exports) is part of the thread but says nothing about where the *customer* is. Messages without
a stage (employee feedback) do not vote either.

How the thread's stage is decided: the latest clear evidence
------------------------------------------------------------

The thread's stage is the stage of its **most recent customer message that places itself
clearly**: at least ``MIN_WORDS`` words and a stage score (its share among the stages) of at
least ``CLEAR_SCORE``. When no message is that clear, the message with the highest stage score
decides (the latest among equals).

Why the most recent: a thread moves along the journey. A question before buying ("do you have
it in medium?") becomes a delivery complaint a week later ("the parcel arrived torn"); what a
team must act on is where the customer is now. Why not simply the last message: in a support
thread the later messages are mostly short follow-ups ("any news?", "still waiting") that place
nothing, and the stage head can only guess on them; on the evaluation set's tune split stages
scored >= 0.5 are right 81% of the time against 70% overall. A clear message about the support
conversation itself ("this chat is useless, I have waited an hour for an agent") does make the
thread ``during``: that is then where the customer is. Each message keeps its own ``stage``, so
the path through the journey stays visible.

``score``, ``evidence`` and ``evidence_id`` are those of the deciding message; ``messages``
counts the thread's messages in the call, company replies included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from empathica.domain import Analysis, ThreadStage

#: Metadata keys naming the thread, first present wins.
THREAD_KEYS: tuple[str, ...] = ("thread_id", "conversation_id")
#: Metadata keys naming who wrote a message, and the values that mean "the company".
ROLE_KEYS: tuple[str, ...] = ("role", "author_role", "sender")
COMPANY_ROLES = frozenset({"agent", "staff", "support", "company", "business", "bot", "brand", "operator"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})
#: A message places itself clearly with this stage score and at least this many words.
CLEAR_SCORE = 0.5
MIN_WORDS = 8


def thread_id_of(metadata: Any) -> str | None:
    """The thread a message belongs to, or None (a number is read as its text: ``7`` == ``"7"``)."""
    if not isinstance(metadata, Mapping):
        return None
    for key in THREAD_KEYS:
        value = metadata.get(key)
        if isinstance(value, bool) or value is None:
            continue
        text = str(value).strip()
        if text:
            return text
    return None


def is_company_message(metadata: Any) -> bool:
    """True for a message the company wrote (an agent's reply), by role or ``inbound`` false."""
    if not isinstance(metadata, Mapping):
        return False
    for key in ROLE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip().lower() in COMPANY_ROLES:
            return True
    inbound = metadata.get("inbound")
    if inbound is False:
        return True
    return isinstance(inbound, str) and inbound.strip().lower() in _FALSE


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def thread_stage(thread: str, messages: Sequence[Analysis]) -> ThreadStage:
    """The stage of one thread from its messages in order (oldest first); see the module doc."""
    voters = [m for m in messages if m.stage is not None and not is_company_message(m.metadata)]
    clear = [
        m
        for m in voters
        if m.stage is not None and m.stage.score >= CLEAR_SCORE and _words(m.text) >= MIN_WORDS
    ]
    if clear:
        source = clear[-1]
    elif voters:
        source = max(reversed(voters), key=lambda m: m.stage.score if m.stage else 0.0)
    else:
        return ThreadStage(id=thread, label=None, score=0.0, messages=len(messages))
    assert source.stage is not None
    return ThreadStage(
        id=thread,
        label=source.stage.label,
        score=source.stage.score,
        evidence=source.stage.evidence,
        evidence_id=source.id,
        messages=len(messages),
    )


def _order(messages: list[tuple[int, Analysis]]) -> list[tuple[int, Analysis]]:
    """Oldest first by ``created_at`` when every message has one (ISO text), else input order."""
    stamps = [m.metadata.get("created_at") if isinstance(m.metadata, Mapping) else None for _, m in messages]
    if all(isinstance(s, str) and s for s in stamps):
        return [m for _, m in sorted(zip(stamps, messages, strict=True), key=lambda p: (str(p[0]), p[1][0]))]
    return messages


def assign_threads(analyses: Sequence[Analysis]) -> None:
    """Sets ``thread`` on every analysis whose metadata names a thread (others are left alone)."""
    groups: dict[str, list[tuple[int, Analysis]]] = {}
    for i, analysis in enumerate(analyses):
        thread = thread_id_of(analysis.metadata)
        if thread is not None:
            groups.setdefault(thread, []).append((i, analysis))
    for thread, members in groups.items():
        ordered = [a for _, a in _order(members)]
        result = thread_stage(thread, ordered)
        for _, analysis in members:
            analysis.thread = result
