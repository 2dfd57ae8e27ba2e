"""A report travels with its bank (issue #20, item 1): its text never reaches the terminal as
control sequences."""

from __future__ import annotations

from pathlib import Path

from trainer.core.bank import load_bank


def test_a_report_with_escape_sequences_is_read_with_them_visible(tmp_path: Path) -> None:
    # The Read screen shows the report: its control characters must not reach the terminal.
    (tmp_path / "r.txt").write_bytes("坚持\x1b]52;c;eA==\x07党的领导\r\n第二段".encode())
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: b, title: t, source: r.txt}\nquestions:\n"
        "  - {id: q, type: short, prompt: p, answer: a, source: 党的领导}\n",
        encoding="utf-8",
    )
    text = load_bank(bank).reading_text()
    assert text == "坚持\\x1b]52;c;eA==\\x07党的领导\n第二段"
