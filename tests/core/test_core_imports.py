"""The core and the group server never import Textual when they run.

The import-linter contracts in pyproject.toml (run by .ci/run) check the import statements; this
checks what really gets imported at run time, lazy and indirect imports included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import trainer.core
import trainer.group


def headless_modules() -> list[str]:
    """Every module of the core and of the group server (which runs without a screen)."""
    names: list[str] = []
    for package in (trainer.core, trainer.group):
        prefix = package.__name__ + "."
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix=prefix)]
    return sorted(names)


def test_importing_the_core_and_the_group_server_never_imports_textual() -> None:
    modules = headless_modules() + ["trainer.paths", "trainer.i18n"]
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
    assert "trainer.core.bank" in modules and "trainer.group.server" in modules
