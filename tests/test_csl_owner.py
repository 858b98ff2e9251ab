"""The owner is never hidden (issue 38, item 1): in every bundled alias style and every
format, each paper of a profile where the owner is the 1st, 5th and 25th of 30 authors shows
them, bold where the format has bold, with their equal-contribution mark; by default every
author is listed (a CV is not a journal's reference list), and with --max-authors 6 the list
is cut around the owner ("…, W. Cai*, et al."). The same in the default list."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, export
from cvkit.build.pipeline import document
from cvkit.document import Publication
from cvkit.document.richtext import plain
from cvkit.profile.load import load_profile
from cvkit.view.context import Ctx
from cvkit.view.publications import cut_around_owner

from .exporters.test_contract import extract_text, normalise

ALIASES = ["apa", "ieee", "vancouver", "chicago", "mla", "harvard", "acm"]
# How each style writes the owner's name (first author / later author, where they differ).
OWNER = {"apa": {"Cai, W."}, "ieee": {"W. Cai"}, "vancouver": {"Cai W"},
         "chicago": {"Cai, Weilin", "Weilin Cai"}, "mla": {"Cai, Weilin", "Weilin Cai"},
         "harvard": {"Cai, W."}, "acm": {"Weilin Cai"}}
PLACES = (1, 5, 25)
_GIVEN = ["Ann", "Bo", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kai", "Lu", "Max",
          "Ned", "Oz", "Pia", "Quinn", "Rex", "Sue", "Tom", "Uma", "Val", "Wes", "Xia", "Yan",
          "Zoe", "Abe", "Bea", "Cal"]
_FAMILY = ["Lee", "Chen", "Diaz", "Evans", "Fox", "Gill", "Hart", "Ives", "Jones", "Kim",
           "Lopez", "Moss", "Nash", "Ortiz", "Park", "Quan", "Ross", "Shaw", "Tran", "Usui",
           "Vega", "Wolf", "Xu", "Young", "Zhang", "Abbott", "Baker", "Cole", "Dunn"]


def thirty_authors(place: int) -> list[str]:
    """29 co-authors and the owner at ``place``; the owner and the second author share the
    equal-contribution mark, the last is the corresponding author."""
    names = [f"{g} {f}" for g, f in zip(_GIVEN, _FAMILY, strict=True)]
    names.insert(place - 1, "Weilin Cai*")
    names[1 if place != 2 else 2] += "*"
    names[-1] += "†"
    return names


def write_profile(folder: Path) -> Path:
    lines = ["name: Weilin Cai", "layout: {publication_groups: none, citation_order: profile}",
             "publications:"]
    for place, kind, venue in ((1, "journal", "Journal of Things"),
                               (5, "conference", "Conference on Stuff"),
                               (25, "journal", "Annals of Many Authors")):
        lines += [f"  - title: The owner is author {place} of 30",
                  f"    authors: {json.dumps(thirty_authors(place), ensure_ascii=False)}",
                  f"    venue: {venue}", f"    kind: {kind}", f"    date: 2024-0{place % 9 + 1}",
                  f"    pages: '{place}-{place + 9}'"]
    path = folder / "thirty.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def publications(path: Path, options: ExportOptions) -> tuple[Publication, ...]:
    profile = load_profile(path)
    return document(profile, options, options.selection(profile), datetime.date(2026, 1, 1),
                    path.parent).publications


@pytest.mark.parametrize("limit", [None, 6], ids=["all-authors", "max-authors-6"])
@pytest.mark.parametrize("style", ALIASES)
def test_the_owner_and_their_mark_in_every_format(style: str, limit: int | None,
                                                  tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    options = ExportOptions(citation_style=style, max_authors=limit)
    owners = []
    for pub in publications(path, options):
        roles = [(part.role, plain(part.text)) for part in pub.reference]
        found = [i for i, (role, _) in enumerate(roles) if role == "owner"]
        assert len(found) == 1, (style, roles)
        owner = roles[found[0]][1]
        assert owner in OWNER[style], (style, owner)
        assert roles[found[0] + 1] == ("mark", "*"), (style, roles)
        text = "".join(t for _, t in roles)
        if limit is None:  # every author, the last one too, with every mark
            assert "Dunn" in text and "et al" not in text, text
            assert [t for role, t in roles if role == "mark"] == ["*", "*", "†"], roles
        else:  # six names, the owner among them, and the style's et al.
            assert "Dunn" not in text and "et al." in text, text
            shown = sum(f in text for f in _FAMILY[:6]) + 1
            assert shown <= 7 and ("\u2026" in text) == (pub.origin.title.endswith("25 of 30"))
        owners.append(owner)

    out = tmp_path / "out"
    export(path, ["text", "markdown", "html", "pdf", "latex", "docx"], out, options=options)
    flat = normalise(next(out.glob("*.txt")).read_text("utf-8"))
    pdf = normalise(extract_text("pdf", next(out.glob("*.pdf")).read_bytes()))
    markdown = next(out.glob("*.md")).read_text("utf-8")
    page = (out / "index.html").read_text("utf-8")
    tex = next(out.glob("*.tex")).read_text("utf-8")
    runs = _docx_owner_runs(next(out.glob("*.docx")).read_bytes())
    for owner in set(owners):
        times = owners.count(owner)
        assert flat.count(f"{owner}*") == times, ("text", owner)
        # pypdf reads the raised mark after the name, sometimes after a space.
        assert len(re.findall(re.escape(owner) + r" ?\*", pdf)) == times, ("pdf", owner)
        assert markdown.count(f"**{owner}**\\*") == times, ("markdown", owner)
        assert page.count(f'<strong class="owner">{html.escape(owner)}</strong>'
                          '<sup class="mark">*</sup>') == times, ("html", owner)
        assert tex.count(f"\\cvSelf{{{owner}}}\\textsuperscript{{*}}") == times, ("latex", owner)
        assert runs.count((owner, "*")) == times, ("docx", owner, runs)


def _docx_owner_runs(data: bytes) -> list[tuple[str, str]]:
    """(owner, mark) as Word shows them: the runs in the design's self-author style, and
    the mark run after them."""
    import docx

    found = []
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        runs = paragraph.runs
        i = 0
        while i < len(runs):
            if runs[i].style.name == "CV Self Author":
                j = i
                while j < len(runs) and runs[j].style.name == "CV Self Author":
                    j += 1
                mark = runs[j].text if j < len(runs) and runs[j].style.name == "CV Mark" else ""
                found.append(("".join(r.text for r in runs[i:j]), mark))
                i = j
            else:
                i += 1
    return found


@pytest.mark.parametrize("style", ["ieee", "apa"])
def test_a_cut_list_compiles_and_reads_back_from_the_latex_pdf(style: str,
                                                               tmp_path: Path) -> None:
    from cvkit.exporters.latex import compile_tex, engine_of

    from .exporters.test_latex import require_tex

    path = write_profile(tmp_path)
    export(path, ["latex"], tmp_path / "out",
           options=ExportOptions(citation_style=style, max_authors=6))
    tex = next((tmp_path / "out").glob("*.tex"))
    require_tex(engine_of(tex.read_text("utf-8")))
    pdf, _ = compile_tex(tex)
    text = normalise(extract_text("pdf", pdf.read_bytes()))
    owner = next(iter(OWNER[style]))
    assert len(re.findall(re.escape(owner) + r" ?\*", text)) == 3, text
    assert "Dunn" not in text and text.count("et al.") == 3


def test_the_default_list_cuts_around_the_owner_in_every_format(tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    pubs = publications(path, ExportOptions(max_authors=6))
    shown = [", ".join(a.name + a.marks for a in p.authors) for p in pubs]
    assert shown == [
        "Weilin Cai*, Ann Lee*, Bo Chen, Cy Diaz, Dee Evans, Eve Fox, et al.",
        "Ann Lee, Bo Chen*, Cy Diaz, Dee Evans, Weilin Cai*, Eve Fox, et al.",
        "Ann Lee, Bo Chen*, Cy Diaz, Dee Evans, Eve Fox, …, Weilin Cai*, et al."]
    # How many names each list leaves out: for the "…", for the "et al.", and in all.
    assert [[a.omitted for a in p.authors if not a.is_person] for p in pubs] == \
        [[24], [24], [19, 5]]
    assert [p.authors_omitted for p in pubs] == [24, 24, 24]
    assert all(len(p.all_authors) == 30 for p in pubs)  # metadata keeps every author
    out = tmp_path / "out"
    export(path, ["text", "markdown", "html", "pdf", "docx"], out,
           options=ExportOptions(max_authors=6))
    for fmt, suffix in (("text", ".txt"), ("markdown", ".md"), ("html", ".html"),
                        ("pdf", ".pdf"), ("docx", ".docx")):
        file = out / "index.html" if fmt == "html" else next(out.glob(f"*{suffix}"))
        data = file.read_bytes()
        if fmt == "docx":
            import docx

            read = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        elif fmt in ("pdf", "html"):
            read = extract_text(fmt, data)
        else:
            read = data.decode("utf-8").replace("**", "")  # Markdown's bold
        flat = normalise(read)
        for line in shown:
            assert re.sub(r"\s", "", normalise(line)) in re.sub(r"\s", "", flat), (fmt, line)
    page = (out / "publications" / "the-owner-is-author-25-of-30" / "index.html")
    metadata = page.read_text("utf-8")
    assert metadata.count('<meta name="citation_author"') == 30  # the paper's page: all


def test_cut_around_owner_keeps_the_owner_and_counts_what_it_leaves_out() -> None:
    from cvkit.document import Author

    people = [Author(f"A{i}", i == 9, "*" if i == 9 else "") for i in range(12)]
    for limit, expected, omitted in (
            (None, [f"A{i}" for i in range(12)], 0),
            (12, [f"A{i}" for i in range(12)], 0),
            (3, ["A0", "A1", "…", "A9", "et al."], 9),
            (1, ["…", "A9", "et al."], 11),
            (10, [f"A{i}" for i in range(10)] + ["et al."], 2)):
        cut, left_out = cut_around_owner(people, limit, "et al.")
        assert [a.name for a in cut] == expected and left_out == omitted, limit
    last = [Author(f"A{i}", i == 11) for i in range(12)]
    cut, left_out = cut_around_owner(last, 4, "et al.")
    assert [a.name for a in cut] == ["A0", "A1", "A2", "…", "A11"] and left_out == 8
    # "others" closing a list stays its last word.
    others = [*people[:5], Author("et al.", False, is_et_al=True)]
    cut, _ = cut_around_owner(others, 3, "et al.")
    assert [a.name for a in cut][-1] == "et al." and len(cut) == 4
    assert Ctx.__dataclass_fields__["max_authors"].default is None


def test_max_authors_from_the_layout_a_variant_and_the_command_line(tmp_path: Path) -> None:
    from .conftest import run_cvkit

    path = write_profile(tmp_path)
    text = path.read_text("utf-8").replace(
        "layout: {", "variants: {short: {max_authors: 3}}\nlayout: {max_authors: 6, ")
    path.write_text(text, encoding="utf-8")
    for options, names in ((ExportOptions(), 6), (ExportOptions(variant="short"), 3),
                           (ExportOptions(variant="short", max_authors=4), 4)):
        pubs = publications(path, options)
        assert [sum(a.is_person for a in p.authors) for p in pubs] == [names] * 3, options
    result = run_cvkit("export", path, "-f", "text", "--max-authors", "2", "-o", tmp_path / "o")
    assert result.returncode == 0, result.stderr
    out = normalise(next((tmp_path / "o").glob("*.txt")).read_text("utf-8"))
    assert normalise("Ann Lee, …, Weilin Cai*, et al.") in out
    bad = run_cvkit("export", path, "--max-authors", "0", "-o", tmp_path / "x")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
