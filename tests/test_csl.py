"""Citation styles (issue 28): references as IEEE, APA 7, Chicago author-date and Vancouver
write them, in text, HTML and PDF, with the owner and marks drawn by the design.

The expected references were checked by hand against each style's guide. Where citeproc-py
(the processor cvkit uses) differs from the guide, the line says so: a fix upstream shows
here as a diff to read, not as a silent change.
"""

from __future__ import annotations

import datetime
import re
from html import unescape
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export, render
from cvkit.build.pipeline import document
from cvkit.document.richtext import plain
from cvkit.profile.load import load_profile
from cvkit.support.errors import ProfileError

from .conftest import FIXTURES, run_cvkit
from .exporters.test_contract import extract_text, normalise

PROFILE = FIXTURES / "csl.yaml"

EXPECTED = {
    "ieee": [
        "[1] A. Park and B. Chen, “Regret bounds for heavy-tailed bandits,” Journal of Machine "
        "Learning Research, vol. 25, no. 3, pp. 101–140, Mar. 2024, doi: 10.5555/jmlr.2024.3.",
        "[2] A. Park, “Fast training of mixture-of-experts models,” in International "
        "Conference on Machine Learning, Jul. 2023, pp. 12–24.",
        # The IEEE style's own output for Zotero's preprint data (repository + archive id).
        "[3] B. Chen and A. Park, “Heavy tails everywhere,” Jan. 2025, "
        "arXiv:2501.01234. [Online]. Available: https://arxiv.org/abs/2501.01234",
        "[4] A. Park, “On the theory of bandits,” Doctoral dissertation, Stanford University, "
        "2022.",
        # A CV lists every author: the style's "et al." after the first (7 or more) is not
        # applied, so the owner is never hidden.
        "[5] A. Park, B. Chen, C. Diaz, D. Evans, E. Fox, F. Gill, G. Hart, and H. Ives, "
        "“A large collaboration,” Nature, vol. 600, pp. 1–5, Nov. 2021.",
    ],
    "apa": [
        "Park, A., & Chen, B. (2024). Regret bounds for heavy-tailed bandits. Journal of "
        "Machine Learning Research, 25(3), 101–140. https://doi.org/10.5555/jmlr.2024.3",
        "Park, A. (2023). Fast training of mixture-of-experts models. International "
        "Conference on Machine Learning, 12–24.",
        "Chen, B., & Park, A. (2025). Heavy tails everywhere (arXiv:2501.01234). arXiv. "
        "https://arxiv.org/abs/2501.01234",
        # APA: "[Doctoral dissertation, Stanford University]"; citeproc-py does not suppress
        # the empty "Publication No." group and leaves the university outside the brackets.
        "Park, A. (2022). On the theory of bandits (Publication) [Doctoral dissertation]. "
        "Stanford University.",
        "Park, A., Chen, B., Diaz, C., Evans, D., Fox, E., Gill, F., Hart, G., & Ives, H. "
        "(2021). A large collaboration. Nature, 600, 1–5.",
    ],
    "chicago-author-date": [
        # Chicago capitalises both parts of a hyphenated compound (Heavy-Tailed);
        # citeproc-py's title case does not.
        "Park, Ada, and Bo Chen. 2024. “Regret Bounds for Heavy-tailed Bandits.” Journal of "
        "Machine Learning Research 25 (3): 101–40. https://doi.org/10.5555/jmlr.2024.3.",
        "Park, Ada. 2023. “Fast Training of Mixture-of-experts Models.” International "
        "Conference on Machine Learning, July, 12–24.",
        "Chen, Bo, and Ada Park. 2025. “Heavy Tails Everywhere.” arXiv:2501.01234. Preprint, "
        "arXiv, January. https://arxiv.org/abs/2501.01234.",
        "Park, Ada. 2022. “On the Theory of Bandits.” Doctoral dissertation, Stanford "
        "University.",
        "Park, Ada, Bo Chen, Cy Diaz, Dee Evans, Eve Fox, Fay Gill, Gus Hart, and Hal Ives. "
        "2021. “A Large Collaboration.” Nature 600 (November): 1–5.",
    ],
    "vancouver": [
        # Citing Medicine writes "2024 Mar;"; citeproc-py drops the space between date parts.
        "1. Park A, Chen B. Regret bounds for heavy-tailed bandits. Journal of Machine "
        "Learning Research. 2024Mar;25(3):101–40. doi:10.5555/jmlr.2024.3",
        "2. Park A. Fast training of mixture-of-experts models. In: International Conference "
        "on Machine Learning. 2023. p. 12–24.",
        "3. Chen B, Park A. Heavy tails everywhere [Internet]. arXiv; 2025. Available from: "
        "https://arxiv.org/abs/2501.01234",
        "4. Park A. On the theory of bandits [Doctoral dissertation]. Stanford University; "
        "2022.",
        "5. Park A, Chen B, Diaz C, Evans D, Fox E, Gill F, Hart G, Ives H. A large "
        "collaboration. Nature. 2021Nov;600:1–5.",
    ],
}


def references(path: Path, style: str | None) -> list[tuple[str, str, list[str]]]:
    """(label, text, owner names) of every paper, in the order listed."""
    profile = load_profile(path)
    options = ExportOptions(citation_style=style)
    doc = document(profile, options, options.selection(profile), datetime.date(2026, 1, 1),
                   path.parent)
    out = []
    for section in doc.sections:
        for group in section.publication_groups:
            for p in group.publications:
                out.append((p.reference_label, "".join(plain(part.text) for part in p.reference),
                            [plain(part.text) for part in p.reference if part.role == "owner"]))
    return out


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_references_read_as_the_style_writes_them(style: str) -> None:
    got = [f"{label} {text}".strip() for label, text, _ in references(PROFILE, style)]
    assert got == EXPECTED[style]


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_the_owner_is_found_however_the_style_writes_the_name(style: str) -> None:
    owners = {"ieee": "A. Park", "apa": "Park, A.", "vancouver": "Park A",
              "chicago-author-date": "Park, Ada"}
    for _, text, names in references(PROFILE, style):
        assert len(names) == 1, (text, names)
        assert names[0].rstrip(".") in (owners[style].rstrip("."), "Ada Park"), names


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_text_html_and_pdf_carry_the_styled_references(style: str, tmp_path: Path) -> None:
    export(PROFILE, ["text", "html", "pdf"], tmp_path,
           options=ExportOptions(citation_style=style))
    # Plain text prints a link's address after its text: "doi: 10… (https://doi.org/10…)".
    text = normalise(re.sub(r"\s*\(https?://[^)]+\)", "",
                            next(tmp_path.glob("*.txt")).read_text("utf-8")))
    pdf = normalise(extract_text("pdf", next(tmp_path.glob("*.pdf")).read_bytes()))
    html = (tmp_path / "index.html").read_text("utf-8")
    seen = normalise(unescape(re.sub(r"<[^>]+>", "", html)))
    for line in EXPECTED[style]:
        body = normalise(line.split(" ", 1)[1] if style in ("ieee", "vancouver") else line)
        for fmt, output in (("text", text), ("pdf", pdf), ("html", seen)):
            # Spaces aside: a PDF line may break inside a URL.
            assert re.sub(r"\s", "", body) in re.sub(r"\s", "", output), (fmt, body)
    # The design draws the owner (bold) and links the DOI the style prints.
    owner = {"ieee": "A. Park", "apa": "Park, A.", "chicago-author-date": "Park, Ada",
             "vancouver": "Park A"}[style]
    assert f'<strong class="owner">{owner}</strong>' in html
    assert 'href="https://doi.org/10.5555/jmlr.2024.3"' in html


def test_no_style_changes_nothing() -> None:
    assert all(not label and not text for label, text, _ in references(PROFILE, None))


def test_author_date_styles_sort_each_group_unless_the_profile_keeps_its_order(
        tmp_path: Path) -> None:
    text = PROFILE.read_text("utf-8").replace("citation_order: profile", "citation_order: style")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    got = [t.split(".", 1)[0] for _, t, _ in references(path, "apa")]
    assert got == ["Chen, B", "Park, A", "Park, A", "Park, A", "Park, A"]
    # IEEE has no sort: numbers follow the profile, straight through.
    assert [label for label, _, _ in references(path, "ieee")] == \
        ["[1]", "[2]", "[3]", "[4]", "[5]"]


def test_others_is_the_styles_et_al_and_marks_follow_the_name(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada Park\npublications:\n"
                    "  - {title: T, authors: [Bo Chen*, Ada Park*, others], venue: V,"
                    " kind: journal, date: 2024}\n", encoding="utf-8")
    profile = load_profile(path)
    options = ExportOptions(citation_style="apa")
    doc = document(profile, options, options.selection(profile), datetime.date(2026, 1, 1))
    pub = doc.sections[0].publication_groups[0].publications[0]
    roles = [(part.role, plain(part.text)) for part in pub.reference][:5]
    assert roles == [("", "Chen, B."), ("mark", "*"), ("", ", "), ("owner", "Park, A."),
                     ("mark", "*")]
    # The style's own et-al form (APA: a comma, no ampersand), after every name given.
    assert "Park, A.*, et al. (2024)" in "".join(plain(p.text) for p in pub.reference)


def test_math_in_a_title_stays_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada Park\nlayout: {citation_style: ieee}\npublications:\n"
                    "  - {title: 'Regret $O(\\sqrt{T})$ for bandits', authors: [Ada Park],"
                    " venue: V, kind: journal, date: 2024}\n", encoding="utf-8")
    tex = render(load_profile(path), "latex", ExportOptions(), tmp_path).data.decode()
    assert "“Regret $O(\\sqrt{T})$ for bandits,”" in tex


def test_an_unknown_style_is_located_with_close_matches(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ada\nlayout:\n  citation_style: ieeee\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert re.search(r"p\.yaml:3:19: layout\.citation_style: unknown citation style "
                     r"'ieeee'; did you mean ieee, ", str(caught.value)), str(caught.value)
    result = run_cvkit("export", PROFILE, "--citation-style", "apaa", "-o", tmp_path)
    assert result.returncode != 0 and "did you mean apa" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_csl_file_beside_the_profile(tmp_path: Path) -> None:
    from cvkit.support.styles import resolve

    (tmp_path / "mine.csl").write_bytes(resolve("ieee").read_bytes())
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.read_text("utf-8").replace(
        "layout: {", "layout: {citation_style: mine.csl, "), encoding="utf-8")
    assert [f"{lb} {t}" for lb, t, _ in references(path, None)] == EXPECTED["ieee"]


def test_styles_command_lists_and_searches() -> None:
    result = run_cvkit("styles", "chicago-author-date")
    assert result.returncode == 0
    assert re.search(r"^chicago-author-date +Chicago Manual of Style 18th edition \(author-"
                     r"date\)$", result.stdout, re.M), result.stdout[:500]
    assert "vancouver" in run_cvkit("styles", "vancouver").stdout


ANONYMOUS = ("name: Ada Park\npublications:\n  - {title: Lecture notes on bandits, "
             "venue: Course notes, kind: other, date: 2024}\n")
GERMAN = ("name: Ada Park\nlayout: {locale: de}\npublications:\n  - {title: T, authors: "
          "[Ada Park, Bo Chen], venue: V, kind: journal, date: 2024-03}\n")


@pytest.mark.parametrize("profile, style, expected", [
    # A work without authors: the style moves its title to the author's place (APA 9.12).
    (ANONYMOUS, "apa", "Lecture notes on bandits. (2024). Course notes."),
    (ANONYMOUS, "chicago-author-date", "“Lecture Notes on Bandits.” 2024. Course notes."),
    # The profile's locale is the style's: "und", German quotes, month names.
    (GERMAN, "chicago-author-date", "Park, Ada, und Bo Chen. 2024. „T“. V, März."),
], ids=["anonymous-apa", "anonymous-chicago", "locale-de"])
def test_works_without_authors_and_other_locales(profile: str, style: str, expected: str,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(profile, encoding="utf-8")
    assert [t for _, t, _ in references(path, style)] == [expected]


@pytest.mark.parametrize("style", ["ieee", "apa"])
def test_styled_latex_compiles_right_to_left_too(style: str, tmp_path: Path) -> None:
    from cvkit.exporters.latex import compile_tex, engine_of

    from .exporters.test_latex import require_tex

    for source in (PROFILE, FIXTURES / "arabic.yaml"):
        out = tmp_path / source.stem
        export(source, ["latex"], out, options=ExportOptions(citation_style=style))
        tex = next(out.glob("*.tex"))
        require_tex(engine_of(tex.read_text("utf-8")))
        pdf, _ = compile_tex(tex)
        assert pdf.exists()


def test_docx_numbers_past_nine_get_a_wider_column(tmp_path: Path) -> None:
    import io

    import docx

    path = tmp_path / "p.yaml"
    papers = "".join(f"  - {{title: Paper {i}, authors: [Ada Park], venue: V, kind: journal,"
                     f" date: {2000 + i}}}\n" for i in range(11))
    path.write_text(f"name: Ada Park\npublications:\n{papers}", encoding="utf-8")
    data = render(load_profile(path), "docx", ExportOptions(citation_style="ieee"), tmp_path)
    paragraphs = [p for p in docx.Document(io.BytesIO(data.data)).paragraphs
                  if p.style.name == "CV Publication"]
    assert [p.text.split("\t")[0] for p in paragraphs][-2:] == ["[10]", "[11]"]
    indents = {p.paragraph_format.left_indent for p in paragraphs}
    assert len(indents) == 1 and None not in indents  # every reference aligned alike
    from docx.enum.text import WD_TAB_ALIGNMENT

    for p in paragraphs:  # the label's tab reaches the text's edge, not the design's stop
        stops = {(s.position, s.alignment) for s in p.paragraph_format.tab_stops}
        assert (p.paragraph_format.left_indent, WD_TAB_ALIGNMENT.LEFT) in stops, stops


def test_a_style_citeproc_cannot_apply_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.csl").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        "  <info><title>Broken</title><id>x</id></info>\n"
        "  <citation><layout><text variable=\"title\"/></layout></citation>\n"
        '  <bibliography><layout><text macro="nope"/></layout></bibliography>\n'
        "</style>\n", encoding="utf-8")
    result = run_cvkit("export", PROFILE, "-f", "text", "--citation-style",
                       tmp_path / "broken.csl", "-o", tmp_path / "out")
    assert result.returncode == 1 and "citation style broken.csl: citeproc-py could not " \
        "format the publications" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def _count_public_path(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the references rendered through the public path, as they come."""
    from cvkit.view import csl

    public_path: list[int] = []
    original = csl._after_placeholders

    def spy(style: csl.Style, data: dict[str, object], number: int,
            et_al_after: int | None = None) -> str:
        public_path.append(number)
        return original(style, data, number, et_al_after)

    monkeypatch.setattr(csl, "_after_placeholders", spy)
    return public_path


def test_numbering_through_the_keys_is_checked_and_has_a_public_twin(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut (setting citeproc's keys) is taken on this citeproc-py, and turning it
    off gives every reference the same text through the public path."""
    from cvkit.support import cache
    from cvkit.view import csl

    monkeypatch.setattr(cache, "enabled", lambda: False)  # every reference rendered here
    public_path = _count_public_path(monkeypatch)
    shortcut = references(PROFILE, "ieee")
    assert public_path == []
    monkeypatch.setattr(csl, "KEYED_NUMBERS", False)
    assert references(PROFILE, "ieee") == shortcut
    assert public_path == [1, 2, 3, 4, 5]


def test_a_citeproc_without_settable_keys_takes_the_public_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A citeproc-py whose bibliography takes no ``keys`` (renamed or read-only, say): the
    shortcut gives way to the public path with the same text, not an AttributeError."""
    from cvkit.support import cache
    from cvkit.view import csl

    monkeypatch.setattr(cache, "enabled", lambda: False)
    monkeypatch.setattr(csl, "KEYED_NUMBERS", False)
    public = references(PROFILE, "ieee")
    monkeypatch.setattr(csl, "KEYED_NUMBERS", True)
    original = csl._bibliography

    class NoKeys:
        def __init__(self, inner: object) -> None:
            object.__setattr__(self, "inner", inner)

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(name)

    monkeypatch.setattr(csl, "_bibliography", lambda *a, **k: NoKeys(original(*a, **k)))
    assert references(PROFILE, "ieee") == public


def test_a_citeproc_that_numbers_otherwise_takes_the_public_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A citeproc-py whose references are not numbered by ``bibliography.keys`` (here: by
    their place in ``items``, counted from the end): the keys shortcut sees the numbers are
    not the ones asked for and takes the public path, and the text is what the public path
    alone gives under that citeproc, without an error or a warning."""
    from citeproc.source import CitationItem

    from cvkit.support import cache
    from cvkit.view import csl

    monkeypatch.setattr(cache, "enabled", lambda: False)
    monkeypatch.setattr(CitationItem, "number", property(
        lambda item: len(item.bibliography.items) - item.bibliography.items.index(item)))
    public_path = _count_public_path(monkeypatch)
    with_shortcut = references(PROFILE, "ieee")
    assert public_path == [1, 2, 3, 4, 5]
    monkeypatch.setattr(csl, "KEYED_NUMBERS", False)
    assert references(PROFILE, "ieee") == with_shortcut


def _made_by_citeproc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The titles of the references citeproc-py writes from here on (not from the cache),
    under a cache of this test's own."""
    from cvkit.view import csl

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made: list[str] = []
    original = csl._bibliography

    def spy(style: csl.Style, items: list[dict[str, object]],
            et_al_after: int | None = None) -> object:
        made.extend(str(data["title"]) for data in items if data.get("type") != "document")
        return original(style, items, et_al_after)

    monkeypatch.setattr(csl, "_bibliography", spy)
    return made


def _with(tmp_path: Path, *lines: str, layout: str = "") -> Path:
    """The CSL fixture with these lines added at its top level and ``layout`` in its
    layout."""
    path = tmp_path / f"profile{len(list(tmp_path.glob('profile*')))}.yaml"
    text = PROFILE.read_text(encoding="utf-8")
    if layout:
        text = text.replace("citation_order: profile}", f"citation_order: profile, {layout}}}")
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("style", ["ieee", "apa"])
def test_an_other_selection_of_the_papers_takes_their_references_from_the_cache(
        style: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Variant, since and max_entries choose the papers but never a paper's text: once made,
    a reference is not written again for an export that selects otherwise (the dropped
    papers are the last ones, so the numbers of the others stand)."""
    made = _made_by_citeproc(monkeypatch, tmp_path)
    path = _with(tmp_path, "variants: {recent: {since: 2023}}")
    every = references(path, style)
    assert len(made) == 5
    for options in ({"variant": "recent"}, {"since": 2022},
                    {"max_entries": {"publications": 3}}):
        made.clear()
        profile = load_profile(path)
        chosen = ExportOptions(citation_style=style, **options)  # type: ignore[arg-type]
        doc = document(profile, chosen, chosen.selection(profile), datetime.date(2026, 1, 1),
                       path.parent)
        listed = [p for s in doc.sections for g in s.publication_groups for p in g.publications]
        assert 2 < len(listed) < 5, options
        assert made == [], options
        assert [(p.reference_label, "".join(plain(part.text) for part in p.reference))
                for p in listed] == [(label, text) for label, text, _ in every[:len(listed)]]


def test_what_a_reference_depends_on_writes_it_again(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """The style, the locale, the et-al cut and who is drawn as the owner change a
    reference's text: each writes the references it changes again, never one kept from
    before."""
    made = _made_by_citeproc(monkeypatch, tmp_path)
    base = _with(tmp_path)
    chicago = references(base, "chicago-author-date")
    made.clear()
    assert references(base, "ieee") != chicago and len(made) == 5
    made.clear()
    german = references(_with(tmp_path, layout="locale: de"), "chicago-author-date")
    assert len(made) == 5 and german[0][1].startswith("Park, Ada, und Bo Chen. 2024. „")
    made.clear()
    cut = references(_with(tmp_path, layout="max_authors: 3"), "chicago-author-date")
    assert made == ["A large collaboration"]
    assert "Evans" not in cut[4][1] and "Evans" in chicago[4][1] and "et al." in cut[4][1]
    made.clear()
    # Bo Chen as one of the owner's spellings: written again where his name was not marked
    # already (the last author of the first paper is, for the style's sake).
    chen = references(_with(tmp_path, "aliases: [Bo Chen]"), "chicago-author-date")
    assert made == ["Heavy tails everywhere", "A large collaboration"]
    assert [owners for _, _, owners in chen] == [["Park, Ada", "Bo Chen"], ["Park, Ada"],
                                                 ["Chen, Bo", "Ada Park"], ["Park, Ada"],
                                                 ["Park, Ada", "Bo Chen"]]


def test_every_part_of_what_citeproc_is_asked_keys_the_cached_reference() -> None:
    """The cache key is made from the fields of ``Asked``, not from a list: a field added
    to what citeproc-py is given is in the key without a word."""
    import dataclasses

    from cvkit.view.csl import Asked

    base = Asked("style", "en-US", None, 1, {"title": "A"})
    changed = {"style": "other", "locale": "de-DE", "et_al_after": 3, "number": 2,
               "data": {"title": "B"}}
    assert set(changed) == {f.name for f in dataclasses.fields(Asked)}
    for name, value in changed.items():
        assert dataclasses.replace(base, **{name: value}).key != base.key, name
