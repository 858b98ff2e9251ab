"""Which writing systems a text uses: the one place that knows the CJK ranges."""

from __future__ import annotations

# CJK radicals, kana, ideographs, Hangul, compatibility ideographs, full-width forms, and the
# supplementary ideograph planes.
_CJK = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
        (0x20000, 0x2FA1F))


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK)


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def text_width(text: str) -> int:
    """About how wide ``text`` sets, in Latin letters: a CJK character is full width, about
    an em, twice a Latin letter's average."""
    return len(text) + sum(1 for c in text if is_cjk(c))
