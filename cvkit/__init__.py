"""cvkit: one validated profile in, every CV and homepage format out.

    >>> import cvkit
    >>> profile = cvkit.load_profile("examples/weilin-cai.yaml")
    >>> cvkit.export("examples/weilin-cai.yaml", ["markdown"], "out")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import ExportOptions, export, render
    from .errors import CvkitError, ExportError, ProfileError
    from .load import load_profile
    from .view import build_document

_LAZY = {
    "export": "api", "render": "api", "ExportOptions": "api", "load_profile": "load",
    "build_document": "view", "CvkitError": "errors", "ExportError": "errors",
    "ProfileError": "errors",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy so `cvkit --version` and `cvkit validate` import only what they use.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
