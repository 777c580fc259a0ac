"""Use cases for answering well: reply drafts (offline or by an LLM vetted by the coach) and the coach."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathica.domain import (
    Analysis,
    EmpathyAssessment,
    ReplyDraft,
)
from empathica.respond.composer import CHANNELS, TONES, compose
from empathica.respond.llm import LLMClient, OpenAIChatClient, draft_with_llm
from empathica.respond.phrasebook import Phrasebook, load_phrasebook
from empathica.respond.playbook import Playbook, load_playbook
from empathica.services.core import Core, InputError
from empathica.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from empathica.respond.coach import Coach


#: An LLM draft is shown only if the coach scores it no more than this below the offline draft.
LLM_SCORE_MARGIN = 10
#: The channels and tones a reply can be drafted for (the composer's), for the outer layers.
REPLY_CHANNELS, REPLY_TONES = CHANNELS, TONES
#: Feedback channels that map onto the composer's reply channels.
_CHANNEL_ALIASES = {
    "twitter": "social", "x": "social", "facebook": "social", "instagram": "social",
    "tiktok": "social", "linkedin": "social", "reddit": "social", "forum": "social",
    "live_chat": "chat", "livechat": "chat", "whatsapp": "chat", "messenger": "chat", "sms": "chat",
    "app_store": "review", "play_store": "review", "trustpilot": "review", "google": "review",
}  # fmt: skip


class Replies(Core):
    """Draft replies and coach an agent's own; the coach and the LLM client open on first use."""

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            from empathica.respond.coach import Coach

            encode = self.analyzer.pipeline.stage("encode")
            encoder = getattr(encode, "encoder", None)
            if encoder is None:
                raise InputError("the analysis pipeline has no shared encoder for the coach")
            self._coach = Coach.load(encoder, taxonomy=load_taxonomy(self.settings.taxonomy))
        return self._coach

    @property
    def llm(self) -> LLMClient | None:
        """The configured LLM, or None: drafts stay offline unless a user sets EMPATHICA_LLM_URL."""
        if self._llm is None and self.settings.llm_url:
            self._llm = OpenAIChatClient(
                self.settings.llm_url, self.settings.llm_model, api_key=self.settings.llm_api_key or None
            )
        return self._llm

    # -- replies and the coach -------------------------------------------------------------------

    def playbook(self, path: Path | None = None) -> Playbook:
        """The playbook of next steps: ``path``, else the configured one, else the bundled one."""
        key = path or (Path(self.settings.playbook) if self.settings.playbook else None)
        if key not in self._playbooks:
            self._playbooks[key] = load_playbook(key, self.cause_labels())
        return self._playbooks[key]

    def phrasebook(self, path: Path | None = None) -> Phrasebook:
        """The wording of drafts: the bundled phrase banks, with those of ``path`` (else the
        configured file, if any) in place of the same names."""
        key = path or (Path(self.settings.phrases) if self.settings.phrases else None)
        if key not in self._phrasebooks:
            self._phrasebooks[key] = load_phrasebook(key, load_taxonomy(self.settings.taxonomy))
        return self._phrasebooks[key]

    def cause_labels(self) -> list[str]:
        """Every cause the analyzer can find (customer and employee), read without loading the model."""
        taxonomy = load_taxonomy(self.settings.taxonomy)
        return [label.name for label in (*taxonomy.causes, *taxonomy.employee_causes)]

    def macros(self) -> list[str]:
        """The team's canned replies from EMPATHICA_MACROS, read once."""
        if self._macros is None:
            self._macros = read_macros(Path(self.settings.macros)) if self.settings.macros else []
        return self._macros

    def check_reply(self, reply: Any, where: str = "reply") -> str:
        return self._checked(reply, where, "reply")

    def draft_reply(
        self,
        text: str,
        *,
        channel: str | None = None,
        tone: str = "warm",
        agent_name: str | None = None,
        company: str | None = None,
        customer_name: str | None = None,
        playbook: Path | None = None,
        phrases: Path | None = None,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> ReplyDraft:
        """Analyse ``text`` and draft a reply grounded in how the writer feels and why."""
        meta = dict(metadata or {})
        if channel:
            meta.setdefault("channel", channel)
        analysis = self.analyze([text], [id], [meta])[0]
        return self.draft_for(
            analysis,
            channel=channel,
            tone=tone,
            agent_name=agent_name,
            company=company,
            customer_name=customer_name,
            playbook=playbook,
            phrases=phrases,
        )

    def draft_for(
        self,
        analysis: Analysis,
        *,
        channel: str | None = None,
        tone: str = "warm",
        agent_name: str | None = None,
        company: str | None = None,
        customer_name: str | None = None,
        playbook: Path | None = None,
        phrases: Path | None = None,
        use_llm: bool = True,
    ) -> ReplyDraft:
        """A draft for an existing analysis; an LLM, when configured, writes it and the coach vets it."""
        book = self.playbook(playbook)
        wording = self.phrasebook(phrases)
        target = channel or reply_channel(analysis.metadata.get("channel"))
        options: dict[str, Any] = {
            "channel": target, "tone": tone, "agent_name": agent_name, "company": company,
        }  # fmt: skip
        try:
            offline = compose(analysis, book, customer_name=customer_name, phrases=wording, **options)
        except ValueError as exc:
            raise InputError(str(exc), "channel" if "channel" in str(exc) else "tone") from None
        offline.id = analysis.id
        client = self.llm if use_llm else None
        if client is None:
            return offline
        drafted = draft_with_llm(
            client, analysis, book, fallback=offline, timeout=self.settings.llm_timeout, **options
        )
        if drafted.source != "llm":
            return drafted
        drafted.id = analysis.id
        llm_verdict, offline_verdict = self.coach.assess_many(
            [(analysis, drafted.text), (analysis, offline.text)]
        )
        if llm_verdict.score < offline_verdict.score - LLM_SCORE_MARGIN:
            offline.warnings.append(
                f"the LLM draft scored {llm_verdict.score}/100 with the coach against "
                f"{offline_verdict.score}/100 offline, so the offline draft is shown"
            )
            return offline
        return drafted

    def assess_reply(
        self,
        customer: str,
        reply: str,
        *,
        macros: Sequence[str] | None = None,
        recent: Sequence[str] = (),
        id: str | None = None,
    ) -> EmpathyAssessment:
        """The coach's verdict on ``reply`` as an answer to ``customer``."""
        clean_reply = self.check_reply(reply)
        analysis = self.analyze([self.check_text(customer, None)], [id])[0]
        return self.assess_for(analysis, clean_reply, macros=macros, recent=recent)

    def assess_for(
        self,
        analysis: Analysis,
        reply: str,
        *,
        macros: Sequence[str] | None = None,
        recent: Sequence[str] = (),
    ) -> EmpathyAssessment:
        verdict = self.coach.assess(
            analysis,
            self.check_reply(reply),
            macros=list(macros) if macros is not None else self.macros(),
            recent=list(recent),
        )
        verdict.id = analysis.id
        return verdict

    def assess_pairs(
        self, pairs: Sequence[tuple[str | None, str, str]], *, macros: Sequence[str] | None = None
    ) -> list[EmpathyAssessment]:
        """Assess (id, customer, reply) triples in one encoder batch; inputs checked first."""
        for i, (_, customer, reply) in enumerate(pairs):
            self.check_text(customer, i)
            self.check_reply(reply, f"replies[{i}]")
        analyses = self.analyze([c.strip() for _, c, _ in pairs], [i for i, _, _ in pairs])
        verdicts = self.coach.assess_many(
            [(a, r.strip()) for a, (_, _, r) in zip(analyses, pairs, strict=True)],
            macros=list(macros) if macros is not None else self.macros(),
        )
        for analysis, verdict in zip(analyses, verdicts, strict=True):
            verdict.id = analysis.id
        return verdicts


def reply_channel(channel: str | None) -> str:
    """The reply channel for a feedback channel: public posts get short public answers, and so on."""
    if not channel:
        return "email"
    key = channel.strip().lower().replace(" ", "_").replace("-", "_")
    if key in REPLY_CHANNELS:
        return key
    return _CHANNEL_ALIASES.get(key, "email")


def read_macros(path: Path) -> list[str]:
    """Canned replies from a text file (one per line) or a YAML/JSON list of strings."""
    import yaml

    if not path.is_file():
        raise InputError(f"macros file not found: {path}", "macros")
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in {".yaml", ".yml", ".json"}:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"{path}: not valid YAML/JSON: {exc}", "macros") from None
        if not isinstance(data, list) or not all(isinstance(m, str) for m in data):
            raise InputError(f"{path}: expected a list of strings", "macros")
        return [m.strip() for m in data if m.strip()]
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
