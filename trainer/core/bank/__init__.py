"""Question banks: the version-1 YAML format, its data model, loading and validation.

A bank file looks like::

    bank: {id: zz-cppcc-14-2023, title: ..., source: ../seeds/report.txt}
    sections: [{id: lessons, title: 五年工作主要体会}]
    questions:
      - {id: five-musts, type: list, section: lessons, prompt: ..., items: [...], source: ...}

- model.py: the dataclasses (Bank, Section, the seven question types, Problem, BankError);
- loader.py: ``load_bank`` / ``parse_bank``, which raise only BankError, listing every problem
  of a file at once (message keys and values; ``trainer.i18n.bank.problem_text`` words each as
  ``path:line: question 'id': what to fix``);
- files.py: reading a bank and its report safely (regular files, bounded size, in its folder);
- sources.py: ``check_sources``, the verbatim-quote check against the report;
- cache.py: ``load_bank_cached``, a pickle cache for fast start-up on large banks.
"""

from trainer.core.bank.loader import load_bank, parse_bank
from trainer.core.bank.model import (
    ALTERNATIVE_SEPARATOR,
    BLANK_PATTERN,
    FORMAT_VERSION,
    ID_PATTERN,
    LETTERS,
    QUESTION_TYPES,
    AnyQuestion,
    Bank,
    BankError,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    Problem,
    Question,
    QuestionType,
    Section,
    ShortQuestion,
    TrueFalseQuestion,
    cloze_display,
)
from trainer.core.bank.sources import check_sources, squeeze

__all__ = [
    "ALTERNATIVE_SEPARATOR",
    "BLANK_PATTERN",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "LETTERS",
    "QUESTION_TYPES",
    "AnyQuestion",
    "Bank",
    "BankError",
    "ChoiceQuestion",
    "ClozeQuestion",
    "ListQuestion",
    "NumberQuestion",
    "OrderQuestion",
    "Problem",
    "Question",
    "QuestionType",
    "Section",
    "ShortQuestion",
    "TrueFalseQuestion",
    "check_sources",
    "cloze_display",
    "load_bank",
    "parse_bank",
    "squeeze",
]
