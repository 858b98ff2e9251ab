"""Importing WeasyPrint fast, and the one FontConfiguration a process shares.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several library names
per platform. Each name that is not a file makes cffi call ``ctypes.util.find_library``,
which on Linux spawns ``ldconfig``/``gcc`` subprocesses: about 0.2 s of a 0.5 s import. Every
list also names the plain soname (``libpango-1.0.so.0``), which loads directly, so during
the import we answer "not found" at once. Should that ever fail, the import is retried the
ordinary way.
"""

from __future__ import annotations

import ctypes.util
import sys
from functools import lru_cache
from types import ModuleType
from typing import Any


@lru_cache(maxsize=1)
def weasyprint() -> ModuleType:
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    original = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = lambda name: None
    try:
        import weasyprint as module
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint as module
    finally:
        ctypes.util.find_library = original
    loaded: ModuleType = module
    return loaded


@lru_cache(maxsize=1)
def font_config() -> Any:
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()

