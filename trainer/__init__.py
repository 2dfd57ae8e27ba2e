"""trainer — 学习训练器: a terminal study-and-quiz trainer for political-theory learning."""

__version__ = "0.1.0"
