"""Empathica: read what people write and learn how they feel, why, and how to answer them.

The library API is deliberately small; everything else goes through ``empathica.services``.
Heavy imports (the model runtime, the database) happen on first use, not on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from empathica.domain import Analysis, EmpathyAssessment, LabelScores, ReplyDraft

if TYPE_CHECKING:
    from empathica.config import Settings
    from empathica.services import Empathica

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "EmpathyAssessment",
    "LabelScores",
    "ReplyDraft",
    "__version__",
    "analyze",
    "assess_reply",
    "draft_reply",
]


@lru_cache(maxsize=4)
def _service(settings: Settings) -> Empathica:
    from empathica.services import Empathica

    return Empathica(settings)


def analyze(
    texts: str | Sequence[str],
    *,
    ids: Sequence[str | None] | None = None,
    metadata: Sequence[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> list[Analysis]:
    """Analyse texts with the bundled model; the model is loaded once per process and settings.

    >>> [a.sentiment for a in analyze(["Thank you, that was quick!"])]  # doctest: +SKIP
    ['positive']
    """
    from empathica.config import Settings

    batch = [texts] if isinstance(texts, str) else list(texts)
    return _service(settings or Settings.from_env()).analyze(batch, ids, metadata)


def draft_reply(
    text: str,
    *,
    channel: str | None = None,
    tone: str = "warm",
    agent_name: str | None = None,
    company: str | None = None,
    customer_name: str | None = None,
    playbook: str | None = None,
    phrases: str | None = None,
    settings: Settings | None = None,
) -> ReplyDraft:
    """An empathetic reply to ``text``, grounded in its emotion, cause, need and moment.

    Written offline by default; with ``EMPATHICA_LLM_URL`` set, by that LLM and vetted by the coach.

    >>> draft_reply("My parcel is two weeks late.", agent_name="Sam").grounding.cause  # doctest: +SKIP
    'delivery'
    """
    from pathlib import Path

    from empathica.config import Settings

    return _service(settings or Settings.from_env()).draft_reply(
        text,
        channel=channel,
        tone=tone,
        agent_name=agent_name,
        company=company,
        customer_name=customer_name,
        playbook=Path(playbook) if playbook else None,
        phrases=Path(phrases) if phrases else None,
    )


def assess_reply(
    customer: str,
    reply: str,
    *,
    macros: Sequence[str] | None = None,
    recent: Sequence[str] = (),
    settings: Settings | None = None,
) -> EmpathyAssessment:
    """The empathy coach's verdict on ``reply`` as an answer to ``customer``, before it is sent.

    >>> assess_reply("I'm furious, nobody replies!", "See our FAQ.").empathy_needed  # doctest: +SKIP
    'high'
    """
    from empathica.config import Settings

    return _service(settings or Settings.from_env()).assess_reply(
        customer, reply, macros=macros, recent=recent
    )
