"""The one place cvkit reads the clock: the date "today" means in a document."""

from __future__ import annotations

import datetime as _dt
import os


def source_date() -> _dt.datetime:
    """SOURCE_DATE_EPOCH when set, so builds are reproducible; otherwise today, 00:00 UTC.

    Midnight rather than the current second keeps a re-export on the same day byte-identical,
    so unchanged files are not rewritten and a site's `git status` shows only real changes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
    return _dt.datetime.now(tz=_dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
