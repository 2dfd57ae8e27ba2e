"""Answer checking: ``grade(question, answer) -> Grade``.

Strict on wording, tolerant of typing. A changed content character (党→政府, 监督→管理) is a
different formulation and so ``wrong``; a homophone slip (领导/领到), a dropped filler
(必须, 切实, 坚持 …), other punctuation or another way of writing a number is accepted as
``close`` or ``correct``. ``partial`` is half a formulation or some of the items. See
docs/grading.md for the rules with examples.

Importing this module is cheap: pypinyin, cn2an, OpenCC and jieba's dictionary are loaded on
first use, or by :func:`warm_up` in a background thread. The module returns data and message
keys only; the front ends word them (see ``trainer.cli.grading_feedback``).
"""

from __future__ import annotations

from collections.abc import Sequence

from trainer.core.bank import AnyQuestion, ListQuestion
from trainer.core.grading.model import VERDICTS, Grade, GradingError, PartResult, render_diff
from trainer.core.grading.text import DiffOp, Verdict
from trainer.core.qtypes.registry import TYPES

__all__ = [
    "DiffOp",
    "Grade",
    "GradingError",
    "PartResult",
    "Verdict",
    "VERDICTS",
    "grade",
    "render_diff",
    "warm_up",
]


def grade(question: AnyQuestion, answer: str | Sequence[str]) -> Grade:
    """Check one answer.

    Args:
        question: any question of a bank.
        answer: the learner's answer: one string, or one entry per blank (cloze) or item
            (list, order). Anything else is read as text.

    Returns:
        The grade; time is bounded (long answers are cut, at most 200 parts).

    Raises:
        GradingError: the answer could not be graded (a fault of the checker or of the
            question). Nothing about the learner's memory is known then: callers must not
            record it as a wrong answer, but say so in one line and let the learner answer
            again.
    """
    answer = _coerce_answer(answer)
    # Each question type grades its own questions (trainer/core/qtypes/<type>.py); a type
    # registered after start-up is graded too.
    kind = TYPES.get(str(getattr(question, "type", "")))
    if kind is None or not isinstance(question, kind.question_class):
        raise GradingError(f"no checker for a question of type {type(question).__name__}")
    try:
        return kind.grade(question, answer)
    except GradingError:
        raise
    except Exception as error:  # noqa: BLE001 - any fault of the checker is the same to callers
        raise GradingError(f"{getattr(question, 'id', '?')}: {type(error).__name__}") from error


def warm_up() -> None:
    """Import pypinyin, cn2an and OpenCC, read jieba's fixed expressions (~0.7 s).

    The app calls this in a background thread at start-up so that the first answer is
    graded instantly; it is safe to call more than once and from any thread.
    """
    from trainer.core.grading import normalize
    from trainer.core.grading import text as grading_text

    normalize.warm_up()
    normalize.to_simplified("預熱")
    grading_text.warm_up()
    from trainer.core.grading import parts, split  # noqa: F401 - what the graders call

    sample = ListQuestion(
        id="warm-up", type="list", prompt="", items=(("必须切实加强党的全面领导",), ("四千一百",))
    )
    grade(sample, "一是切实加强党的全面领到；二是4,100")


def _coerce_answer(answer: object) -> str | list[str]:
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bytes):
        return answer.decode("utf-8", "replace")
    if isinstance(answer, Sequence):
        return ["" if item is None else str(item) for item in list(answer)[:400]]
    return "" if answer is None else str(answer)
