"""cvkit: one validated profile in, every CV and homepage format out.

    >>> import cvkit
    >>> profile = cvkit.load_profile("examples/weilin-cai.yaml")
    >>> cvkit.export("examples/weilin-cai.yaml", ["markdown"], "out")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cvkit.support.version import __version__

if TYPE_CHECKING:
    from cvkit.build.api import (
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
    from cvkit.build.bundle import build as build_bundle
    from cvkit.importers.enrich import EnrichOptions
    from cvkit.profile.load import load_profile
    from cvkit.profile.tailor import tailor
    from cvkit.support.errors import CvkitError, ExportError, ProfileError
    from cvkit.view import build_document

_LAZY = {
    "export": "build.api", "render": "build.api", "ExportOptions": "build.api",
    "load_profile": "profile.load", "build_document": "view", "CvkitError": "support.errors",
    "ExportError": "support.errors", "ProfileError": "support.errors",
    "import_jsonresume": "build.api", "import_bibtex": "build.api", "tailor": "profile.tailor",
    "build_bundle": "build.bundle", "enrich": "build.api", "EnrichOptions": "importers.enrich",
    "import_file": "build.api", "read_import": "build.api", "validate": "build.api",
    "list_entries": "build.api", "import_profile": "build.api",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy so `cvkit --version` and `cvkit validate` import only what they use.
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, "build" if name == "build_bundle" else name)
    raise AttributeError(name)
