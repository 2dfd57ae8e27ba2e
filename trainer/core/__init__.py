"""The core of trainer: banks, grading, scheduling, store, generation, stats.

Nothing under trainer.core imports Textual; the CLI, the app and the group server all call it.
"""
