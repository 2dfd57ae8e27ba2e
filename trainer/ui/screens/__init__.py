"""Screens of the study app: one module per screen; screens call the core."""
