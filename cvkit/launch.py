"""The ``cvkit`` command's entry: a PDF export starts its worker before anything else."""

from __future__ import annotations

import sys


def main() -> None:
    from .workers import start_early

    start_early(sys.argv[1:])
    from .cli import main as cli_main

    cli_main()
