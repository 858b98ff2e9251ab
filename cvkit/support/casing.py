"""Capitals by a language's own rules where they differ from Unicode's default mapping.

Python's ``str.upper`` maps ``i`` to ``I``; Turkish and Azerbaijani pair ``i`` with ``İ``
and ``ı`` with ``I`` (Unicode's SpecialCasing.txt, CLDR's tr-Upper), so "Eğitim" in
capitals is "EĞİTİM", never "EĞITIM".
"""

from __future__ import annotations

_DOTTED_I_LANGUAGES = frozenset({"tr", "az"})


def primary_language(lang: str) -> str:
    """The language subtag of a BCP 47 tag: ``tr`` of ``tr-TR``."""
    return lang.replace("_", "-").split("-", 1)[0].lower()


def has_own_capitals(lang: str) -> bool:
    """Whether ``lang`` capitalises differently from Python's ``str.upper``."""
    return primary_language(lang) in _DOTTED_I_LANGUAGES


def upper(text: str, lang: str) -> str:
    """``text`` in capitals by the rules of ``lang``."""
    if has_own_capitals(lang):
        text = text.replace("i", "İ")
    return text.upper()


def own_capitals(text: str, lang: str) -> str:
    """``text`` in capitals where ``lang`` has its own rules, otherwise unchanged: for a
    consumer that capitalises by Unicode's default rules alone (LaTeX's ``\\MakeUppercase``
    without a language), which leaves text already in capitals as it is."""
    return upper(text, lang) if has_own_capitals(lang) else text
