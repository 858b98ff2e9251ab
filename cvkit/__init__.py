"""cvkit: one validated profile in, every CV and homepage format out.

    >>> import cvkit
    >>> profile = cvkit.load_profile("examples/weilin-cai.yaml")
    >>> cvkit.export("examples/weilin-cai.yaml", ["markdown"], "out")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .api import (
        ExportOptions,
        enrich,
        export,
        import_bibtex,
        import_file,
        import_jsonresume,
        import_profile,
        list_entries,
        read_import,
        render,
        validate,
    )
    from .bundle import build as build_bundle
    from .errors import CvkitError, ExportError, ProfileError
    from .importers.enrich import EnrichOptions
    from .load import load_profile
    from .tailor import tailor
    from .view import build_document

_LAZY = {
    "export": "api", "render": "api", "ExportOptions": "api", "load_profile": "load",
    "build_document": "view", "CvkitError": "errors", "ExportError": "errors",
    "ProfileError": "errors", "import_jsonresume": "api", "import_bibtex": "api",
    "tailor": "tailor", "build_bundle": "bundle", "enrich": "api",
    "EnrichOptions": "importers.enrich", "import_file": "api", "read_import": "api",
    "validate": "api", "list_entries": "api", "import_profile": "api",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy so `cvkit --version` and `cvkit validate` import only what they use.
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, "build" if name == "build_bundle" else name)
    raise AttributeError(name)
