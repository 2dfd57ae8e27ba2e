"""Browse shows each question's whole answer (every accepted wording) and, for a choice, its
options; each question type says what that is (trainer/core/qtypes), the screen words it."""

from __future__ import annotations

import pytest

from trainer.core.bank import parse_bank
from trainer.i18n import set_language
from trainer.ui.screens.browse import answer_display

BANK = """\
bank: {id: browse-answers, title: 答案}
questions:
  - {id: short, type: short, prompt: 首都？, answer: 北京, accept: [北京市, 京]}
  - {id: bare, type: short, prompt: 省会？, answer: 广州}
  - {id: cloze, type: cloze, text: "坚持{{团结|团结一致}}和{{民主}}两大主题。"}
  - {id: list, type: list, prompt: 两个维护？, items: [维护核心地位|维护核心, 维护集中统一领导]}
  - {id: order, type: order, prompt: 排列, items: [第一步, 第二步, 第三步]}
  - {id: choice, type: choice, prompt: 选两项, options: [甲项, 乙项, 丙项], answer: [A, C]}
  - {id: right, type: truefalse, statement: 协商民主是重要渠道。, answer: true}
  - {id: wrong, type: truefalse, statement: 政协是立法机关。, answer: false}
  - {id: number, type: number, prompt: 多少件？, answer: 100, approx: true, unit: 次}
"""


@pytest.mark.parametrize(
    ("language", "also", "true", "false"),
    [("zh", "也接受：", "对", "错"), ("en", "also: ", "True", "False")],
)
def test_every_type_shows_its_whole_answer(language: str, also: str, true: str, false: str) -> None:
    set_language(language)
    bank = parse_bank(BANK, "browse-answers.yaml")
    shown = {question.id: answer_display(question) for question in bank.questions}
    assert shown == {
        "short": f"北京（{also}北京市；京）",
        "bare": "广州",
        "cloze": "坚持【团结｜团结一致】和【民主】两大主题。",
        "list": "1. 维护核心地位｜维护核心\n2. 维护集中统一领导",
        "order": "第一步 → 第二步 → 第三步",
        "choice": "A. 甲项  C. 丙项",
        "right": true,
        "wrong": false,
        "number": "100余次",
    }
