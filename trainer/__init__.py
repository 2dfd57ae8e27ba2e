"""trainer — 学习训练器: a terminal study-and-quiz trainer for political-theory learning."""

import os

__version__ = "0.1.0"

# trainer reads pinyin of single characters only (homophone checks, ids of generated sections),
# never of phrases. Without pypinyin's phrase dictionary it needs ~35 MB instead of ~80 MB. Set
# here, before anything imports pypinyin, so that every entry point (the app, the CLI, the group
# server) reads pinyin the same way and generated ids do not depend on which ran first.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
