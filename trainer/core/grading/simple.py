"""Old import path of three names that now live in their question type's home.

Each type's grader is in ``trainer/core/qtypes/<type>.py``; this module only re-exports what
modules not yet moved import from here (``ui/widgets/feedback.py``, ``cli/grading_feedback.py``,
``core/session.py``). New code imports from the type's home.
"""

from trainer.core.qtypes.choice import chosen_options
from trainer.core.qtypes.truefalse import FALSE_TEXT, TRUE_TEXT

__all__ = ["FALSE_TEXT", "TRUE_TEXT", "chosen_options"]
