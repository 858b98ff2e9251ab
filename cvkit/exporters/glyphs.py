"""Characters no installed font has: Pango silently draws boxes for them, and fontconfig can
tell beforehand which characters no font covers. Checked after each PDF is laid out, in
the PDF's worker, which imports no more of cvkit than it must (the document package only
for a CV with such characters)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import lru_cache

# Pango chooses a fallback font per character; these ranges are covered by the Latin fonts
# every design lists (Latin, IPA, combining marks, Greek, Cyrillic, punctuation, currency,
# letterlike symbols), so only characters beyond them are checked against fontconfig:
# Arabic, Hebrew, Devanagari, Thai, CJK and every other script.
_LATIN_FONT_RANGES = ((0x0000, 0x052F), (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
                      (0x2100, 0x214F))
# Private use and variation selectors: nothing to print, or the user's own font.
_NOT_CHECKED = ((0xE000, 0xF8FF), (0xFE00, 0xFE0F))


def characters_to_check(text: str) -> list[str]:
    """The characters whose font fontconfig is asked about."""
    def among(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
        return any(lo <= code <= hi for lo, hi in ranges)

    return sorted(c for c in set(text) if not among(ord(c), _LATIN_FONT_RANGES)
                   and not among(ord(c), _NOT_CHECKED)
                   and unicodedata.category(c) not in ("Cc", "Cf", "Zs", "Zl", "Zp"))


def missing_glyph_warnings(text: str) -> list[str]:
    """Warn when characters beyond the Latin/Greek/Cyrillic ranges have no font.

    Pango silently draws boxes for them; fontconfig can tell beforehand which characters
    no installed font covers.
    """
    rare = characters_to_check(text)
    if not rare or shutil.which("fc-list") is None:
        return []
    missing = _uncovered(tuple(rare))
    if not missing:
        return []
    shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
    from cvkit.document.scripts import has_cjk

    if has_cjk("".join(missing)):
        hint = " (for Chinese, Japanese or Korean: apt-get install fonts-noto-cjk)"
    elif all(unicodedata.category(c) == "So" for c in missing):
        hint = " (for emoji: apt-get install fonts-noto-color-emoji)"
    else:
        hint = " (Noto has a font for almost every script: apt-get install fonts-noto-core)"
    return [f"no installed font has {len(missing)} character(s) used in the CV; they will "
            f"print as boxes: {shown}{hint}"]


@lru_cache(maxsize=64)
def _uncovered(chars: tuple[str, ...]) -> list[str]:
    def covered(group: tuple[str, ...]) -> bool:
        query = ":charset=" + " ".join(f"{ord(c):x}" for c in group)
        out = subprocess.run(["fc-list", query, "family"], capture_output=True, text=True,
                             timeout=30)
        return bool(out.stdout.strip())

    # Halving finds the few uncovered characters among hundreds in a handful of calls.
    if covered(chars):
        return []
    if len(chars) == 1:
        return list(chars)
    half = len(chars) // 2
    return _uncovered(chars[:half]) + _uncovered(chars[half:])
