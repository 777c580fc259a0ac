"""The hand-written evaluation set for causes, needs and stage is only worth its numbers if it is valid.

A label outside the taxonomy, evidence that is not in the text, or a holdout part that drifted would
make every macro-F1 reported on it meaningless, so the shipped file itself is checked here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
EVAL_PATH = DATA_DIR / "reasons_eval.jsonl"
GUIDELINES_PATH = DATA_DIR / "LABELLING_GUIDELINES.md"

CUSTOMER_CAUSES = frozenset(
    {
        "staff_treatment",
        "product_quality",
        "service_quality",
        "lack_of_interaction",
        "wait_time",
        "price_value",
        "billing_payment",
        "delivery",
        "usability_access",
        "policy_terms",
        "communication_clarity",
        "overall_experience",
    }
)
EMPLOYEE_CAUSES = frozenset(
    {
        "management",
        "workload",
        "pay_benefits",
        "recognition",
        "growth",
        "culture_inclusion",
        "tools_process",
        "work_life_balance",
        "job_security",
    }
)
NEEDS = frozenset(
    {
        "to_be_heard",
        "respect",
        "reassurance",
        "clarity",
        "fast_resolution",
        "fairness",
        "control",
        "appreciation",
        "help_to_succeed",
    }
)
STAGES = frozenset({"before", "during", "after"})
ITEM_KEYS = {"id", "text", "person_kind", "channel", "causes", "needs", "stage", "split"}
ID_PATTERN = re.compile(r"EV-\d{4}")
CHANNEL_PATTERN = re.compile(r"[a-z][a-z_]*")

MIN_ITEMS = 320
MIN_CUSTOMER_CAUSE = 15
MIN_EMPLOYEE_CAUSE = 8
MIN_NEED = 20
MIN_STAGE = 60
MIN_GAIN_ITEMS = 50
MIN_WORDS, MAX_WORDS = 8, 120


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(EVAL_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"line {number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not a JSON object"
        rows.append(row)
    return rows


def items_with(items: list[dict[str, Any]], field: str) -> Counter[str]:
    """Items (not mentions) per label, so two spans of one label in one text count once."""
    counts: Counter[str] = Counter()
    for item in items:
        counts.update({entry["label"] for entry in item[field]})
    return counts


def test_enough_items(items: list[dict[str, Any]]) -> None:
    assert len(items) >= MIN_ITEMS


def test_every_item_has_exactly_the_schema_keys(items: list[dict[str, Any]]) -> None:
    wrong = {
        item.get("id", f"#{n}"): set(item) ^ ITEM_KEYS
        for n, item in enumerate(items)
        if set(item) != ITEM_KEYS
    }
    assert not wrong, f"items with missing or extra keys: {wrong}"


def test_ids_are_well_formed_and_unique(items: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in items]
    malformed = [i for i in ids if not isinstance(i, str) or not ID_PATTERN.fullmatch(i)]
    assert not malformed, f"malformed ids: {malformed}"
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_texts_are_unique_and_within_length(items: list[dict[str, Any]]) -> None:
    duplicates = [t for t, n in Counter(item["text"] for item in items).items() if n > 1]
    assert not duplicates, f"texts written twice: {duplicates}"
    out_of_range = {
        item["id"]: len(item["text"].split())
        for item in items
        if not MIN_WORDS <= len(item["text"].split()) <= MAX_WORDS
    }
    assert not out_of_range, f"texts outside {MIN_WORDS}-{MAX_WORDS} words: {out_of_range}"


def test_person_kind_and_channel(items: list[dict[str, Any]]) -> None:
    bad_kind = [item["id"] for item in items if item["person_kind"] not in {"customer", "employee"}]
    assert not bad_kind, f"person_kind must be customer or employee: {bad_kind}"
    bad_channel = [
        item["id"]
        for item in items
        if not isinstance(item["channel"], str) or not CHANNEL_PATTERN.fullmatch(item["channel"])
    ]
    assert not bad_channel, f"channel must be a lower-case name: {bad_channel}"


def test_cause_labels_match_the_writer_kind(items: list[dict[str, Any]]) -> None:
    problems = []
    for item in items:
        allowed = CUSTOMER_CAUSES if item["person_kind"] == "customer" else EMPLOYEE_CAUSES
        for cause in item["causes"]:
            if set(cause) != {"label", "polarity", "evidence"}:
                problems.append(f"{item['id']}: cause keys {sorted(cause)}")
            elif cause["label"] not in allowed:
                problems.append(f"{item['id']}: {cause['label']!r} is not a {item['person_kind']} cause")
            elif cause["polarity"] not in {"pain", "gain"}:
                problems.append(f"{item['id']}: polarity {cause['polarity']!r}")
    assert not problems, "\n".join(problems)


def test_need_labels_are_known(items: list[dict[str, Any]]) -> None:
    problems = [
        f"{item['id']}: {need}"
        for item in items
        for need in item["needs"]
        if set(need) != {"label", "evidence"} or need["label"] not in NEEDS
    ]
    assert not problems, "\n".join(problems)


def test_every_evidence_is_an_exact_substring(items: list[dict[str, Any]]) -> None:
    problems = [
        f"{item['id']} {field}/{entry.get('label')}: {entry.get('evidence')!r}"
        for item in items
        for field in ("causes", "needs")
        for entry in item[field]
        if not isinstance(entry.get("evidence"), str)
        or not entry["evidence"].strip()
        or entry["evidence"] not in item["text"]
    ]
    assert not problems, "evidence not found verbatim in the text:\n" + "\n".join(problems)


def test_stage_rules(items: list[dict[str, Any]]) -> None:
    employee_with_stage = [
        i["id"] for i in items if i["person_kind"] == "employee" and i["stage"] is not None
    ]
    assert not employee_with_stage, f"employee items must have stage null: {employee_with_stage}"
    bad = [i["id"] for i in items if i["person_kind"] == "customer" and i["stage"] not in STAGES | {None}]
    assert not bad, f"unknown stage on: {bad}"
    customer = [i for i in items if i["person_kind"] == "customer"]
    unknown = sum(1 for i in customer if i["stage"] is None)
    # null is for the truly unknowable only; a set full of nulls would not measure the stage head.
    assert unknown <= 0.05 * len(customer), f"{unknown} customer items without a stage"


def test_every_item_has_at_least_one_cause(items: list[dict[str, Any]]) -> None:
    empty = [item["id"] for item in items if not item["causes"]]
    assert not empty, f"items without a cause: {empty}"


def test_balance_minimums(items: list[dict[str, Any]]) -> None:
    causes = items_with(items, "causes")
    needs = items_with(items, "needs")
    stages = Counter(item["stage"] for item in items)
    short = {label: causes[label] for label in CUSTOMER_CAUSES if causes[label] < MIN_CUSTOMER_CAUSE}
    short |= {label: causes[label] for label in EMPLOYEE_CAUSES if causes[label] < MIN_EMPLOYEE_CAUSE}
    short |= {label: needs[label] for label in NEEDS if needs[label] < MIN_NEED}
    short |= {label: stages[label] for label in STAGES if stages[label] < MIN_STAGE}
    assert not short, f"labels below their minimum item count: {short}"
    gain_items = sum(1 for item in items if any(c["polarity"] == "gain" for c in item["causes"]))
    assert gain_items >= MIN_GAIN_ITEMS


def test_employee_share(items: list[dict[str, Any]]) -> None:
    employees = sum(1 for item in items if item["person_kind"] == "employee")
    assert 60 <= employees <= 100, f"{employees} employee items"


def test_holdout_share_and_coverage(items: list[dict[str, Any]]) -> None:
    splits = Counter(item["split"] for item in items)
    assert set(splits) == {"tune", "holdout"}, f"unknown splits: {set(splits)}"
    share = splits["holdout"] / len(items)
    assert 0.35 <= share <= 0.45, f"holdout share {share:.1%}"
    # Macro-F1 on the holdout needs every label there; a label missing from it would score undefined.
    holdout = [item for item in items if item["split"] == "holdout"]
    present = set(items_with(holdout, "causes")) | set(items_with(holdout, "needs"))
    present |= {str(item["stage"]) for item in holdout}
    missing = (CUSTOMER_CAUSES | EMPLOYEE_CAUSES | NEEDS | STAGES) - present
    assert not missing, f"labels absent from the holdout: {sorted(missing)}"


def test_demo_company_is_not_reused(items: list[dict[str, Any]]) -> None:
    reused = [item["id"] for item in items if "kettleby" in item["text"].lower()]
    assert not reused, f"the demo company appears in: {reused}"


def test_guidelines_define_every_label() -> None:
    guidelines = GUIDELINES_PATH.read_text(encoding="utf-8")
    undefined = [
        label
        for label in sorted(CUSTOMER_CAUSES | EMPLOYEE_CAUSES | NEEDS | STAGES)
        if f"**{label}**" not in guidelines
    ]
    assert not undefined, f"labels with no definition in the guidelines: {undefined}"
