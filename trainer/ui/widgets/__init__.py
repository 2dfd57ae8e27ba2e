"""Widgets of the study app: they post messages and never touch the store."""
