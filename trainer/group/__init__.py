"""Group study sessions: protocol, scoring, the game state machine, server, client, report.

Nothing in this package imports Textual; the screens live in ``trainer/ui/screens/group_*.py``.
"""
