"""Old import path of ``chosen_options``, which now lives in its question type's home.

Each type's grader is in ``trainer/core/qtypes/<type>.py``; this module only re-exports what
``ui/widgets/feedback.py`` still imports from here. New code imports from the type's home;
drop this module once that import moves.
"""

from trainer.core.qtypes.choice import chosen_options

__all__ = ["chosen_options"]
