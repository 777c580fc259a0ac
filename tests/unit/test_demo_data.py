"""The demo data is what every new user sees first, so its promises (README) are checked here.

Everything reads the real shipped files through ``empathica.demo``; nothing is generated.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from empathica.demo import demo_path, messy_path

CORE_KEYS = {"id", "text", "channel", "kind", "created_at", "person_id", "person_kind", "rating"}
CUSTOMER_KEYS = {
    "product",
    "plan",
    "segment",
    "region",
    "followers",
    "likes",
    "shares",
    "author_id",
    "session",
}
EMPLOYEE_KEYS = {"department", "role", "tenure_years"}
KIND_BY_CHANNEL = {
    "email": {"ticket"},
    "phone": {"ticket"},
    "chat": {"chat"},
    "survey": {"survey_answer"},
    "review_site": {"review"},
    "app_store": {"review"},
    "twitter": {"social_post"},
    "facebook": {"social_post"},
    "instagram": {"social_post"},
    "forum": {"social_post"},
    "staff_note": {"staff_note"},
    "focus_group": {"focus_group"},
    "internal_survey": {"employee_comment"},
}
ALL_KINDS = {"ticket", "chat", "review", "survey_answer", "social_post", "staff_note", "focus_group",
             "employee_comment"}  # fmt: skip
RATED_KINDS = {"review", "survey_answer"}
FIRST_DAY = datetime(2026, 6, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(demo_path().read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"line {number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not a JSON object"
        rows.append(row)
    return rows


ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def is_iso_z(value: str) -> bool:
    if not ISO_Z.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def parse_time(value: str) -> datetime:
    assert is_iso_z(value), value
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_paths_point_at_the_shipped_files() -> None:
    package_dir = Path(__file__).parents[2] / "src" / "empathica" / "demo"
    assert demo_path().is_file() and demo_path().name == "feedback.jsonl"
    assert messy_path().is_file() and messy_path().name == "messy.csv"
    assert demo_path().resolve().parent == package_dir.resolve()


def test_about_three_hundred_items_with_unique_ids(items: list[dict[str, Any]]) -> None:
    assert 280 <= len(items) <= 320
    ids = [row["id"] for row in items]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    prefixes = {"ticket": "T", "chat": "CH", "review": "R", "survey_answer": "SV", "social_post": "S",
                "staff_note": "N", "focus_group": "FG", "employee_comment": "EC"}  # fmt: skip
    for row in items:
        assert re.fullmatch(rf"{prefixes[row['kind']]}-\d{{4}}", row["id"]), row["id"]


def test_no_duplicate_texts(items: list[dict[str, Any]]) -> None:
    texts = Counter(row["text"].strip().lower() for row in items)
    assert [t for t, n in texts.items() if n > 1] == []


def test_every_field_has_its_type_and_no_nulls(items: list[dict[str, Any]]) -> None:
    for row in items:
        where = row.get("id")
        assert None not in row.values(), f"{where}: use an absent key, not null"
        assert CORE_KEYS - {"rating"} <= row.keys(), f"{where}: missing core keys"
        for key in ("id", "text", "channel", "kind", "created_at", "person_id", "person_kind"):
            assert isinstance(row[key], str) and row[key].strip(), f"{where}: {key}"
        assert row["kind"] in KIND_BY_CHANNEL[row["channel"]], f"{where}: {row['channel']}/{row['kind']}"
        if row["kind"] in RATED_KINDS:
            assert type(row["rating"]) is int and 1 <= row["rating"] <= 5, f"{where}: rating"
        else:
            assert "rating" not in row, f"{where}: rating on a {row['kind']}"
        if row["person_kind"] == "customer":
            assert re.fullmatch(r"C-\d{4}", row["person_id"]), where
            assert row.keys() <= CORE_KEYS | CUSTOMER_KEYS, (
                f"{where}: {row.keys() - CORE_KEYS - CUSTOMER_KEYS}"
            )
            assert isinstance(row["segment"], str) and isinstance(row["region"], str), where
        else:
            assert row["person_kind"] == "employee", where
            assert re.fullmatch(r"E-\d{3}", row["person_id"]), where
            assert row.keys() == (CORE_KEYS - {"rating"}) | EMPLOYEE_KEYS, where
            assert isinstance(row["department"], str) and isinstance(row["role"], str), where
            tenure = row["tenure_years"]
            assert isinstance(tenure, int | float) and not isinstance(tenure, bool) and 0 < tenure < 50
        if "plan" in row:
            assert row["plan"] in {"basic", "plus", "premium"}, where
        if "product" in row:
            assert re.fullmatch(r"[a-z_]+", row["product"]), where
        social = {"followers", "likes", "shares"}
        if row["kind"] == "social_post":
            for key in social:
                assert type(row[key]) is int and row[key] >= 0, f"{where}: {key}"
        else:
            assert not social & row.keys(), f"{where}: social counts on a {row['kind']}"
        assert ("author_id" in row) == (row["kind"] == "staff_note"), where
        if "author_id" in row:
            assert re.fullmatch(r"E-\d{3}", row["author_id"]), where
        assert ("session" in row) == (row["kind"] == "focus_group"), where


def test_dates_are_valid_spread_and_bursty(items: list[dict[str, Any]]) -> None:
    times = [parse_time(row["created_at"]) for row in items]
    assert all(FIRST_DAY <= t < END for t in times)
    assert times == sorted(times), "items are meant to be sorted by created_at"
    assert {t.month for t in times} == {6, 7, 8, 9, 10}
    weeks = Counter(t.isocalendar().week for t in times)
    assert max(weeks.values()) >= 2 * len(times) / len(weeks), "no burst week"
    outage = sum(datetime(2026, 8, 17, tzinfo=UTC) <= t < datetime(2026, 8, 24, tzinfo=UTC) for t in times)
    assert outage >= 20


def test_mix_of_kinds_and_people(items: list[dict[str, Any]]) -> None:
    kinds = Counter(row["kind"] for row in items)
    assert set(kinds) == ALL_KINDS
    assert 20 <= kinds["employee_comment"] <= 30
    assert 15 <= kinds["staff_note"] <= 25
    assert kinds["focus_group"] >= 3
    assert all(row["person_kind"] == "employee" for row in items if row["kind"] == "employee_comment")
    assert len({row["channel"] for row in items}) >= 10
    per_customer = Counter(row["person_id"] for row in items if row["person_kind"] == "customer")
    returning = [pid for pid, n in per_customer.items() if 2 <= n <= 5]
    assert len(returning) >= 35
    assert max(per_customer.values()) <= 5
    departments = {row["department"] for row in items if row["person_kind"] == "employee"}
    assert len(departments) >= 5


def test_customer_attributes_stay_the_same_across_their_items(items: list[dict[str, Any]]) -> None:
    seen: dict[str, tuple[Any, ...]] = {}
    for row in items:
        if row["person_kind"] != "customer":
            continue
        profile = (row.get("segment"), row.get("region"), row.get("plan"))
        assert seen.setdefault(row["person_id"], profile) == profile, row["id"]


def test_texts_vary_in_length_tone_and_opening(items: list[dict[str, Any]]) -> None:
    words = [len(row["text"].split()) for row in items]
    assert min(words) <= 6
    assert max(words) >= 120
    assert sum(n <= 15 for n in words) >= 20
    assert set(Counter(row["rating"] for row in items if "rating" in row)) == {1, 2, 3, 4, 5}
    openings = Counter(" ".join(row["text"].lower().split()[:2]) for row in items)
    assert openings.most_common(1)[0][1] <= len(items) * 0.03, openings.most_common(3)
    lowered = [row["text"].lower() for row in items]
    for cue in ("voltmart", "greystone", "never again", "solicitor", "posting this everywhere",
                "sister", "reviews", "lol", "thank"):  # fmt: skip
        assert any(cue in text for text in lowered), cue


def test_fake_personal_data_is_present_and_only_fake(items: list[dict[str, Any]]) -> None:
    text = "\n".join(row["text"] for row in items)
    emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    phones = re.findall(r"\+\d[\d ]{6,}\d", text)
    assert emails and all(e.endswith("@example.com") for e in emails), emails
    assert phones and all(re.fullmatch(r"\+1 555 01\d\d", p) for p in phones), phones
    assert "4111 1111 1111 1111" in text
    assert "DE89 3704 0044 0532 0130 00" in text
    pii = re.compile(r"@example\.com|\+1 555 01\d\d|4111 1111|DE89 |\d+ \w+ (?:Street|Close|Avenue|Row)")
    with_pii = [row["id"] for row in items if pii.search(row["text"])]
    assert 8 <= len(with_pii) <= 15, with_pii


def test_readme_documents_every_key(items: list[dict[str, Any]]) -> None:
    readme = (demo_path().parent / "README.md").read_text(encoding="utf-8")
    keys = {key for row in items for key in row}
    assert [key for key in sorted(keys) if f"`{key}`" not in readme] == []
    assert "fictional" in readme.lower()
    assert "Apache-2.0" in readme


# --- messy.csv ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def messy_bytes() -> bytes:
    return messy_path().read_bytes()


@pytest.fixture(scope="module")
def messy_rows(messy_bytes: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(messy_bytes.decode("utf-8", errors="replace"), newline="")))


def test_messy_has_the_header_and_about_fifteen_rows(messy_rows: list[list[str]]) -> None:
    assert messy_rows[0] == ["id", "text", "channel", "created_at", "rating"]
    assert 13 <= len(messy_rows) - 1 <= 17


def test_messy_contains_invalid_utf8(messy_bytes: bytes) -> None:
    with pytest.raises(UnicodeDecodeError):
        messy_bytes.decode("utf-8")
    bad_lines = []
    for line in messy_bytes.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(line.split(b",", 1)[0])
    assert bad_lines == [b"M-1011"]


def test_messy_has_each_documented_defect(messy_rows: list[list[str]]) -> None:
    body = messy_rows[1:]
    by_field = [dict(zip(messy_rows[0], row, strict=False)) for row in body]
    assert any(row["text"] == "" for row in by_field)
    assert any(row["rating"] == "five" for row in by_field)
    assert any(row["created_at"] == "03/04/2026" for row in by_field)
    assert any(row["created_at"] == "yesterday" for row in by_field)
    assert any(len(row) == 6 for row in body)
    assert any(len(row["text"]) == 25_000 for row in by_field)
    texts_by_id: dict[str, set[str]] = {}
    for row in by_field:
        texts_by_id.setdefault(row["id"], set()).add(row["text"])
    assert any(len(texts) > 1 for texts in texts_by_id.values()), "no duplicate id with different text"


def test_messy_keeps_several_good_rows(messy_rows: list[list[str]]) -> None:
    header = messy_rows[0]
    good = []
    for row in messy_rows[1:]:
        if len(row) != len(header):
            continue
        record = dict(zip(header, row, strict=True))
        if not record["text"] or len(record["text"]) > 10_000 or "\ufffd" in record["text"]:
            continue
        if record["rating"] and record["rating"] not in {"1", "2", "3", "4", "5"}:
            continue
        if is_iso_z(record["created_at"]):
            good.append(record["id"])
    assert len(set(good)) >= 6, good
