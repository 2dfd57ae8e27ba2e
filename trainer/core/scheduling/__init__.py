"""Spaced repetition with FSRS-6 (the ``fsrs`` package): ratings, the scheduler and the queue.

One home per concept:

* :mod:`.ratings` — a graded answer → an FSRS rating (:func:`rating_from_grade`);
* :mod:`.memory` — the scheduler from the learner's settings (:func:`make_scheduler`) and the
  forgetting curve on the store's plain columns (:func:`retrievability`);
* :mod:`.queue` — today's queue (:func:`build_queue`, :func:`order_queue`);
* :mod:`.replay` — one answer or a question's whole log applied to its card, and the lapse
  rule (:func:`replay.replay`, :func:`replay.is_lapse`); the store calls it;
* :mod:`.exam` — scheduling for an exam date (:class:`ExamPlan`, :class:`ExamScheduler`);
* :mod:`.fitting` — FSRS parameters fitted to the learner's history (:func:`fit_parameters`).

Every public name stays importable from ``trainer.core.scheduling``.
"""

from __future__ import annotations

from trainer.core.scheduling import exam, fitting
from trainer.core.scheduling.exam import (
    CRAM_DAYS,
    EXAM_EARLY_RETENTION,
    EXAM_MARGIN,
    EXAM_TARGET,
    NEW_RESERVE_DAYS,
    ExamOutlook,
    ExamPlan,
    ExamScheduler,
    exam_outlook,
    new_limit_for_exam,
    normal_due,
    parse_exam_date,
    planned_due,
)
from trainer.core.scheduling.memory import (
    DECAY,
    DEFAULT_MAXIMUM_INTERVAL_DAYS,
    DEFAULT_NEW_PER_DAY,
    DEFAULT_RETENTION,
    FACTOR,
    LEARN_AHEAD,
    LEARNING_STEPS,
    LEECH_LAPSES,
    MAX_RETENTION,
    MIN_RETENTION,
    RELEARNING_STEPS,
    SECONDS_PER_DAY,
    CardLike,
    card_id_for,
    days_until_recall,
    decay_of,
    interval_days,
    is_learning,
    is_leech,
    make_scheduler,
    new_card,
    recall_after,
    retrievability,
)
from trainer.core.scheduling.queue import (
    INTERLEAVE_HEAD,
    bank_sibling_keys,
    build_queue,
    changed_questions,
    interleave,
    interleave_questions,
    mean,
    order_queue,
    removed_questions,
    select_questions,
    sibling_keys,
)
from trainer.core.scheduling.ratings import (
    FAST_BASE_MS,
    FAST_PER_CHAR_MS,
    RATING_NAMES,
    expected_length,
    expected_text,
    fast_threshold_ms,
    rating_from_grade,
    rating_name,
    to_rating,
)

__all__ = [
    "CRAM_DAYS",
    "DECAY",
    "DEFAULT_MAXIMUM_INTERVAL_DAYS",
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_RETENTION",
    "EXAM_EARLY_RETENTION",
    "EXAM_MARGIN",
    "EXAM_TARGET",
    "FACTOR",
    "FAST_BASE_MS",
    "FAST_PER_CHAR_MS",
    "INTERLEAVE_HEAD",
    "LEARNING_STEPS",
    "LEARN_AHEAD",
    "LEECH_LAPSES",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "NEW_RESERVE_DAYS",
    "RATING_NAMES",
    "RELEARNING_STEPS",
    "SECONDS_PER_DAY",
    "CardLike",
    "ExamOutlook",
    "ExamPlan",
    "ExamScheduler",
    "bank_sibling_keys",
    "build_queue",
    "card_id_for",
    "changed_questions",
    "days_until_recall",
    "exam",
    "fitting",
    "decay_of",
    "exam_outlook",
    "expected_length",
    "expected_text",
    "fast_threshold_ms",
    "interleave",
    "interleave_questions",
    "interval_days",
    "is_learning",
    "is_leech",
    "make_scheduler",
    "mean",
    "new_card",
    "new_limit_for_exam",
    "normal_due",
    "order_queue",
    "parse_exam_date",
    "planned_due",
    "rating_from_grade",
    "rating_name",
    "recall_after",
    "removed_questions",
    "retrievability",
    "select_questions",
    "sibling_keys",
    "to_rating",
]
