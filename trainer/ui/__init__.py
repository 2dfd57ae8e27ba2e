"""The Textual study app (``trainer`` without a subcommand).

Nothing here is imported by the core; :func:`trainer.ui.app.create_app` builds the app for the
command line, the tests and the benchmarks alike.
"""
