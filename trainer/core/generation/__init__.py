"""From a report's text to a draft question bank (no Textual here).

- :mod:`~trainer.core.generation.clean`: decode (UTF-8, GB18030/GBK) and repair newspaper/PDF
  text into headings and paragraphs.
- :mod:`~trainer.core.generation.text`: sentences, clauses, numerals, the document model.
- :mod:`~trainer.core.generation.enumerations` (一是…, 最X的是…), :mod:`~.runs` (、 runs),
  :mod:`~.headings`, :mod:`~.figures`, :mod:`~.formulations` (“…”): what can be asked.
- :mod:`~trainer.core.generation.drafts`: a draft question and its content-derived id.
- :mod:`~trainer.core.generation.distractors`: wrong options taken from the same report.
- :mod:`~trainer.core.generation.generate`: drafts → a version-1 bank, YAML, ``--merge``.
"""
