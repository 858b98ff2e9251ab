"""What is installed beside cvkit: a distribution's version (which names a cache) and the
plug-ins registered under an entry-point group.

``importlib.metadata`` is loaded on the first question, not with cvkit: it brings the
``email`` and ``zipfile`` packages along, and an export of built-in formats with cvkit's own
locales asks nothing of it.
"""

from __future__ import annotations


def version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None where it is not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed(distribution)
    except PackageNotFoundError:
        return None


def entry_points(group: str) -> dict[str, str]:
    """The plug-ins of ``group``: each one's name and its ``module:attribute``."""
    from importlib.metadata import entry_points as registered

    return {ep.name: ep.value for ep in registered(group=group)}
