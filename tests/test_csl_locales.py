"""CSL locales from one rule (issue 38, item 6): every cvkit locale, and any language CSL
has, writes its references in a CSL locale file of its own language, found by the rule in
cvkit/view/csl/locales.py over what citeproc-py ships; no table to keep in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvkit.profile.locale import available, load
from cvkit.view.csl.locales import choose, shipped, terms

from .conftest import ROOT

CVKIT_LOCALES = sorted(p.stem for p in (ROOT / "locales").glob("*.yaml"))


def test_every_cvkit_locale_file_is_checked() -> None:
    assert set(CVKIT_LOCALES) <= set(available()) and len(CVKIT_LOCALES) >= 13


@pytest.mark.parametrize("code", CVKIT_LOCALES)
def test_each_cvkit_locale_has_a_csl_locale_of_its_language(code: str) -> None:
    tag = load(code).lang
    found = choose(tag)
    assert not found.fallback and found.name in shipped(), (code, found)
    assert found.name.split("-")[0] == tag.split("-")[0], (code, found.name)


@pytest.mark.parametrize("tag, name", [
    # Scripts by CLDR's likely regions, bare languages by CSL's primary dialects, regions
    # and scripts as written where CSL has them.
    ("zh-Hant", "zh-TW"), ("zh-Hans", "zh-CN"), ("pt", "pt-PT"), ("pt-BR", "pt-BR"),
    ("de-CH", "de-CH"), ("en-GB", "en-GB"), ("sr-Latn", "sr-Latn-RS"), ("ar", "ar"),
    # The languages the issue found in English: CSL has them.
    ("cs", "cs-CZ"), ("da", "da-DK"), ("fi", "fi-FI"), ("el", "el-GR"),
])
def test_the_rule(tag: str, name: str) -> None:
    assert choose(tag).name == name and not choose(tag).fallback


def test_a_language_csl_lacks_falls_back_and_says_so() -> None:
    assert choose("xx").name == "en-US" and choose("xx").fallback


def test_no_hand_table_is_left() -> None:
    source = (ROOT / "cvkit" / "view" / "csl" / "__init__.py").read_text("utf-8")
    assert "_CSL_LOCALES" not in source and '"zh-Hant": "zh-TW"' not in source


def test_a_locale_on_cvkit_path_gets_its_own_references(tmp_path: Path) -> None:
    """A Czech locale file a user adds (as the locale docs say) gets Czech references:
    "a" for "and", no English fallback."""
    from .conftest import run_cvkit

    folder = tmp_path / "ext" / "locales"
    folder.mkdir(parents=True)
    (folder / "cs.yaml").write_text("name: Čeština\nlang: cs\nbabel: cs\n", encoding="utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\nlayout: {locale: cs}\npublications:\n"
                       "  - {title: T, authors: [Ada Park, Bo Chen], venue: V, "
                       "kind: journal, date: 2024-03}\n", encoding="utf-8")
    result = run_cvkit("export", profile, "-f", "text", "--citation-style", "chicago",
                       "-o", tmp_path / "out", env={"CVKIT_PATH": str(tmp_path / "ext")})
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out").glob("*.txt")).read_text("utf-8")
    assert "Park, Ada, a Bo Chen" in text, text


def test_the_default_list_borrows_the_locales_words() -> None:
    english, german = terms("en"), terms("de")
    assert (english.pages, english.article, english.edition, english.edited_by) == \
        ("pp.", "Article", "ed.", "ed. by")
    assert (german.pages, german.edition, german.number) == ("S.", "Aufl.", "Nr.")
    assert [english.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 102)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "21st", "102nd"]


# cvkit's status labels and the CSL term each one is: a reference in a CSL style prints the
# term, cvkit's own publication list the label, so both should be the same word.
STATUS_TERMS = {"preprint": "preprint", "to appear": "forthcoming"}
# Where the CSL locale's word is the one cvkit's locale gives another status, it keeps its own.
OWN_WORD = {
    ("nl", "to appear"): "CSL's 'in voorbereiding' is nl's 'in preparation'",
    ("pl", "to appear"): "CSL's 'w przygotowaniu' is pl's 'in preparation'",
    ("nb", "preprint"): "CSL's 'innsendt manuskript' is a submitted manuscript (nb's "
                        "'submitted', 'manuscript submitted'), not a posted preprint",
}
# The thirteen locales before issue 40: their wording predates this check.
OLDER = {"ar", "de", "en", "es", "fr", "he", "it", "ja", "ko", "pt", "ru", "zh", "zh-Hant"}


def _csl_word(csl: str, term: str) -> str:
    """The CSL locale's own word for ``term``: empty where it has none of its own (the file
    lacks it, or copies the English word untranslated)."""
    from xml.etree import ElementTree

    from cvkit.view.csl.locales import DEFAULT, _folder, _term

    def word(name: str) -> str:
        return _term(ElementTree.parse(_folder() / f"locales-{name}.xml").getroot(), term)

    own = word(csl)
    return "" if csl == DEFAULT or own == word(DEFAULT) else own


@pytest.mark.parametrize("code", sorted(set(CVKIT_LOCALES) - OLDER))
def test_status_words_are_the_csl_locales_own(code: str) -> None:
    """A locale's "preprint" and "to appear" (Norwegian "Kommende", not "Kommer") are its
    CSL locale's "preprint" and "forthcoming", capitalised, wherever CSL translates them."""
    loc = load(code)
    csl = choose(loc.lang).name
    for label, term in STATUS_TERMS.items():
        own = _csl_word(csl, term)
        if own and (code, label) not in OWN_WORD:
            assert loc.labels[label] == own[:1].upper() + own[1:], (code, label, csl, own)


def test_the_status_check_reads_csl_s_own_words() -> None:
    """The check above compares where CSL translates (nb-NO's forthcoming is "kommende")
    and skips where CSL copies the English word (cs-CZ's preprint)."""
    assert _csl_word("nb-NO", "forthcoming") == "kommende"
    assert load("nb").labels["to appear"] == "Kommende"
    assert _csl_word("cs-CZ", "preprint") == "" and _csl_word("en-US", "forthcoming") == ""
