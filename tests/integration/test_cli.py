"""The `empathica` command as a user runs it: a real process, a real database, the real model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("empathica")

pytestmark = pytest.mark.model


def run(args: list[str], env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(EXE), *args],
        env=env,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "EMPATHICA_DATABASE_URL": db_url,
        "EMPATHICA_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_analyze_file_keeps_order_and_quarantines_bad_rows(tmp_path: Path, env: dict[str, str]) -> None:
    src = write(
        tmp_path / "tickets.csv",
        "ticket,body,channel,rating\n"
        "A1,I am furious: charged twice and nobody answers my emails!,email,1\n"
        "A2,,chat,\n"
        "A3,Thank you so much - the technician was wonderful.,phone,five\n"
        "A4,Thank you so much - the technician was wonderful.,phone,5\n",
    )
    out = tmp_path / "out.jsonl"
    proc = run(
        ["analyze", str(src), "--out", str(out), "--text-column", "body", "--id-column", "ticket"], env
    )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["line"] for r in lines] == [2, 3, 4, 5]
    assert [r["id"] for r in lines] == ["A1", "A2", "A3", "A4"]
    assert "empty" in lines[1]["rejected"]
    assert "rating" in lines[2]["rejected"]
    assert lines[0]["sentiment"] == "negative" and lines[3]["sentiment"] == "positive"
    assert lines[0]["metadata"]["channel"] == "email"
    assert set(lines[0]["emotions"]["scores"]) >= {"anger", "gratitude", "neutral"}
    assert len(lines[0]["ekman"]["scores"]) == 7
    assert "4 rows, 2 analysed, 2 rejected" in proc.stderr
    assert "quarantine list" in proc.stderr

    listed = run(["quarantine", "list", "--source", "tickets.csv"], env)
    assert listed.returncode == 0, listed.stderr
    assert "empty" in listed.stdout and "five" in listed.stdout


def test_stdin_to_stdout_jsonl(env: dict[str, str]) -> None:
    data = (
        b'{"id": "x", "text": "Where is my parcel? It has been three weeks."}\n'
        b'{"id": "y", "text": "thanks!"}\n'
    )
    proc = run(["analyze", "-", "--format", "jsonl"], env, stdin=data)
    assert proc.returncode == 0, proc.stderr
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert ids == ["x", "y"]


def test_ingest_is_idempotent_and_analyze_stored_catches_up(tmp_path: Path, env: dict[str, str]) -> None:
    src = write(
        tmp_path / "reviews.jsonl",
        '{"id": "r1", "text": "Delivery was late and the box was crushed.", "channel": "review_site"}\n'
        '{"id": "r2", "text": "Lovely staff, quick refund.", "channel": "review_site", "rating": 5}\n'
        "{not json}\n",
    )
    first = run(["ingest", str(src), "--source", "reviews"], env)
    assert first.returncode == 0, first.stderr
    assert "3 rows read: 2 stored, 0 already stored, 1 rejected" in first.stderr
    again = run(["ingest", str(src), "--source", "reviews"], env)
    assert "0 stored, 2 already stored" in again.stderr

    analysed = run(["analyze", "--stored"], env)
    assert analysed.returncode == 0, analysed.stderr
    assert "2 items analysed" in analysed.stderr
    assert "already analysed" in run(["analyze", "--stored"], env).stderr


def test_replay_fixes_a_quarantined_row(tmp_path: Path, env: dict[str, str]) -> None:
    src = write(tmp_path / "s.csv", "id,text,rating\n1,The app crashes at checkout,lots\n")
    run(["ingest", str(src), "--source", "survey"], env)
    listed = run(["quarantine", "list", "--source", "survey"], env)
    row_id = next(line.split("│")[1].strip() for line in listed.stdout.splitlines() if "survey" in line)
    still = run(["quarantine", "replay", row_id], env)
    assert still.returncode == 1 and "still rejected" in still.stderr
    fixed = run(["quarantine", "replay", row_id, "--set", "rating=2"], env)
    assert fixed.returncode == 0, fixed.stderr
    assert "stored" in fixed.stderr
    assert "No quarantined rows" in run(["quarantine", "list", "--source", "survey"], env).stderr


def test_user_errors_are_one_line_not_a_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    missing = run(["analyze", str(tmp_path / "nope.csv")], env)
    assert missing.returncode == 2
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr

    wrong_column = run(["analyze", str(write(tmp_path / "a.csv", "id,body\n1,hello there\n"))], env)
    assert wrong_column.returncode == 2
    assert "text" in wrong_column.stderr and "body" in wrong_column.stderr
    assert "Traceback" not in wrong_column.stderr

    bad_setting = run(["analyze", "--stored"], {**env, "EMPATHICA_MAX_TEXT_CHARS": "lots"})
    assert bad_setting.returncode == 2 and "EMPATHICA_MAX_TEXT_CHARS" in bad_setting.stderr


def test_usage_mistakes_get_the_usage_message_not_a_traceback(env: dict[str, str]) -> None:
    unknown = run(["bogus"], env)
    assert unknown.returncode == 2 and "No such command 'bogus'" in unknown.stderr
    option = run(["analyze", "--nope", "x.csv"], env)
    assert option.returncode == 2 and "No such option: --nope" in option.stderr
    for args in ([], ["quarantine"]):
        bare = run(args, env)
        assert bare.returncode == 2 and "Usage:" in bare.stdout + bare.stderr, args
    assert all("Traceback" not in r.stderr for r in (unknown, option))


def test_custom_taxonomy_is_used_without_retraining(tmp_path: Path, env: dict[str, str]) -> None:
    taxonomy = write(
        tmp_path / "pets.yaml",
        "causes:\n"
        "  - name: grooming\n"
        "    description: Washing, brushing and trimming pets at the salon.\n"
        "    examples: ['They cut my poodle far too short', 'The dog came back still muddy']\n"
        "  - name: vet_bills\n"
        "    description: What the vet charged for treatment and medicine.\n"
        "    examples: ['The vet charged 300 for a check-up', 'Medicine for the cat costs a fortune']\n",
    )
    src = write(tmp_path / "pets.jsonl", '{"id": "p1", "text": "They trimmed my spaniel far too short"}\n')
    proc = run(["analyze", str(src), "--taxonomy", str(taxonomy)], env)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["causes"][0]["label"] == "grooming"
    assert record["causes"][0]["evidence"] in record["text"]

    broken = write(tmp_path / "broken.yaml", "causes:\n  - name: x\n    examples: ['a']\n")
    bad = run(["analyze", str(src), "--taxonomy", str(broken)], env)
    assert bad.returncode == 2
    assert "broken.yaml, line 2" in bad.stderr and "description" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_reply_prints_a_grounded_draft(env: dict[str, str]) -> None:
    proc = run(
        [
            "reply",
            "--text",
            "My parcel arrived two weeks late and the box was crushed. Really disappointed.",
            "--agent-name",
            "Priya",
            "--company",
            "Kettleby Home",
            "--json",
        ],
        env,
    )
    assert proc.returncode == 0, proc.stderr
    draft = json.loads(proc.stdout)
    assert draft["grounding"]["cause"] == "delivery"
    assert "Priya" in draft["text"]
    assert [p["role"] for p in draft["parts"]].count("next_step") >= 1


def test_reply_batch_keeps_order_and_reports_bad_lines(tmp_path: Path, env: dict[str, str]) -> None:
    src = write(
        tmp_path / "in.jsonl",
        '{"id": "a", "text": "The app logs me out every five minutes. So annoying.", "channel": "chat"}\n'
        "not json\n"
        '{"id": "b", "text": ""}\n'
        '{"id": "c", "text": "Thank you, the engineer was brilliant and so kind!", "channel": "review"}\n',
    )
    out = tmp_path / "drafts.jsonl"
    proc = run(["reply", "--file", str(src), "--out", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") for r in lines] == ["a", None, "b", "c"]
    assert "line 2" in lines[1]["error"] and "text" in lines[2]["error"]
    assert lines[0]["channel"] == "chat" and lines[3]["channel"] == "review"
    assert set(lines[0]) >= {"id", "text", "parts", "grounding"}
    assert "apologise" not in [p["role"] for p in lines[3]["parts"]]  # praise is thanked, not apologised for
    assert "2 with errors" in proc.stderr


def test_reply_with_a_broken_playbook_names_the_line(tmp_path: Path, env: dict[str, str]) -> None:
    book = write(tmp_path / "book.yaml", "causes:\n  delivery:\n    steps: [\n")
    proc = run(["reply", "--text", "Where is my parcel?", "--playbook", str(book)], env)
    assert proc.returncode == 2
    assert "book.yaml" in proc.stderr and "line" in proc.stderr
    assert "Traceback" not in proc.stderr


VOICE = """\
greeting:
  warm: ["Good day {name},"]
  neutral: ["Good day {name},"]
  formal: ["Good day {name},"]
"""


def test_reply_speaks_with_the_phrases_given(tmp_path: Path, env: dict[str, str]) -> None:
    voice = write(tmp_path / "voice.yaml", VOICE)
    args = ["reply", "--text", "Where is my parcel? It is two weeks late.", "--customer-name", "Alex"]
    ours = run([*args, "--phrases", str(voice)], env)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.startswith("Good day Alex,\n")
    configured = run(args, {**env, "EMPATHICA_PHRASES": str(voice)})
    assert configured.stdout == ours.stdout
    shipped = run(args, env)
    assert shipped.returncode == 0 and not shipped.stdout.startswith("Good day")


def test_reply_with_broken_phrases_names_the_line(tmp_path: Path, env: dict[str, str]) -> None:
    broken = write(tmp_path / "voice.yaml", VOICE.replace("{name}", "{nmae}", 1))
    proc = run(["reply", "--text", "Where is my parcel?", "--phrases", str(broken)], env)
    assert proc.returncode == 2
    assert "voice.yaml, line 2" in proc.stderr and "{nmae}" in proc.stderr
    assert "Traceback" not in proc.stderr
    missing = run(["reply", "--text", "Where is my parcel?", "--phrases", str(tmp_path / "nope.yaml")], env)
    assert missing.returncode == 2 and "phrases file not found" in missing.stderr
    served = run(["serve", "--port", "1"], {**env, "EMPATHICA_PHRASES": str(broken)})
    assert served.returncode == 2 and "voice.yaml, line 2" in served.stderr
    assert "Traceback" not in served.stderr


def test_coach_single_and_batch(tmp_path: Path, env: dict[str, str]) -> None:
    angry = "I've been charged twice and nobody answers my emails. I'm furious."
    proc = run(["coach", "--customer", angry, "--reply", "See our billing FAQ.", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    cold = json.loads(proc.stdout)
    assert cold["empathy_needed"] in {"some", "high"} and cold["suggestions"]
    pairs = write(
        tmp_path / "pairs.jsonl",
        json.dumps({"id": 1, "customer": angry, "reply": "See our billing FAQ."})
        + "\n"
        + json.dumps({"id": 2, "customer": angry, "reply": ""})
        + "\n"
        + json.dumps(
            {
                "id": 3,
                "customer": angry,
                "reply": "I'm really sorry you were charged twice and left without an answer - that's "
                "maddening. I've refunded the duplicate charge today and you'll see it within 3 days.",
            }
        )
        + "\n",
    )
    out = tmp_path / "verdicts.jsonl"
    batch = run(["coach", "--file", str(pairs), "--out", str(out)], env)
    assert batch.returncode == 0, batch.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in lines] == [1, 2, 3]
    assert "error" in lines[1]
    assert lines[2]["score"] > lines[0]["score"] == cold["score"]


def test_analyze_gives_each_message_its_stage_and_the_thread_its_own(
    tmp_path: Path, env: dict[str, str]
) -> None:
    src = write(
        tmp_path / "chat.csv",
        "id,text,thread_id,role\n"
        "m1,Do you have the blue jacket in medium before I order it?,T1,customer\n"
        "m2,Yes we do - happy to help with your order!,T1,agent\n"
        "m3,I ordered it last week and the parcel arrived torn and the jacket is stained.,T1,customer\n"
        "m4,Any news?,T1,customer\n"
        "m5,Love my new boots.,,customer\n",
    )
    proc = run(["analyze", str(src)], env)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    threads = [r["thread"] for r in records]
    assert threads[4] is None
    assert all(t == threads[0] for t in threads[:4])
    thread = threads[0]
    assert thread["id"] == "T1" and thread["messages"] == 4
    # the question before buying is older; the complaint is the latest message that says enough
    assert (thread["label"], thread["evidence_id"]) == ("after", "m3")
    quoted = {r["id"]: r["stage"]["evidence"] for r in records[:4] if r["id"] != "m2"}
    assert quoted[thread["evidence_id"]] == thread["evidence"]  # a customer's words, never the agent's
    assert all(r["stage"] is not None for r in records)
