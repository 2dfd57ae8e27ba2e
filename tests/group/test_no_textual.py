"""The group server, protocol and client run headless: importing them never imports Textual."""

from __future__ import annotations

import subprocess
import sys


def test_group_package_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "import trainer.group.protocol, trainer.group.scoring, trainer.group.game\n"
        "import trainer.group.server, trainer.group.client, trainer.group.report\n"
        "import trainer.group.history\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
