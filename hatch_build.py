"""Build hook: the built-in formats' templates compiled to Python modules, carried by the
wheel under ``cvkit/exporters/_compiled_templates`` as it carries every other module (pip byte-compiles
them when it installs the wheel). An editable install writes them into the checkout's
package instead, as bytecode for the interpreter installing it (``cvkit/exporters/_compiled_templates``
is ignored by git). How and why: ``cvkit/exporters/template_modules.py``.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _template_modules(root: Path) -> ModuleType:
    """cvkit's template build, loaded from its file: the package's dependencies are not
    installed where a wheel is built (Jinja2 is: the build system requires it)."""
    path = root / "cvkit" / "exporters" / "template_modules.py"
    spec = importlib.util.spec_from_file_location("_cvkit_template_modules", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class CompiledTemplates(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "cvkit-compiled-templates"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        build = _template_modules(root)
        if version == "editable":
            build.build_in_place(root / "cvkit")
            return
        self._scratch = tempfile.mkdtemp(prefix="cvkit-templates-")
        target = Path(self._scratch) / "compiled"
        build.build(root / "templates", root / "themes", target)
        build_data["force_include"][str(target)] = "cvkit/exporters/_compiled_templates"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
