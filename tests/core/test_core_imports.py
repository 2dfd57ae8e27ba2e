"""The core never imports Textual: the CLI, the app and the group server all call it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import trainer.core


def core_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(trainer.core.__path__, prefix="trainer.core.")
    )


def test_importing_every_core_module_never_imports_textual() -> None:
    modules = core_modules() + ["trainer.paths", "trainer.i18n", "trainer.group"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as e:\n"
        "        if e.name != name: raise\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core imported Textual: {result.stdout}"
    assert "trainer.core.bank" in modules
