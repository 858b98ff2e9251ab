"""Every registered importer, fuzzed (issue 37, item 2): whatever shape its input takes, an
import ends in a profile that loads or in one of cvkit's own errors (a ``CvkitError``: one
line, exit 2), never a traceback.

What is drawn, per importer: random JSON shapes over the key names real files use, and real
files with random subtrees replaced (ORCID, JSON Resume); random CSV headers and cells,
zipped or in a folder (LinkedIn); random front matter and pages (academicpages); random
BibTeX-ish text (BibTeX); PDFs carrying random profiles, and damaged ones (pdf); random
bytes, JSON and folders for an importer a plugin adds. Each input goes through the whole
run: ``sniff``, ``recognise``, ``read``, the one validation and the write
(``cvkit.build.api.import_record``), and the profile written is loaded back.

Deterministic in the test command (the ``ci`` profile in conftest: ``derandomize``); the
long random search is ``bash tests/stress.sh -k fuzz``. A falsifying example found is pinned
here with ``@example``.
"""

from __future__ import annotations

import csv
import io
import json
import string
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cvkit import importers
from cvkit.build.api import import_record
from cvkit.profile.load import load_profile
from cvkit.support.errors import CvkitError

from .conftest import FIXTURES, ROOT, STRESS

pytestmark = pytest.mark.property

WILD = FIXTURES / "wild"
# 60 inputs per importer and kind in the test command; the stress profile's thousands there.
FUZZ = settings(max_examples=settings.default.max_examples if STRESS else 60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture,
                                       HealthCheck.filter_too_much])


# -- the run every input goes through ---------------------------------------------------------


def run_import(name: str, path: Path, options: dict[str, Any] | None = None) -> None:
    """sniff, recognise, read, validate and write; anything but a CvkitError fails."""
    importer = importers.get(name)
    found = importer.sniff(path)
    assert 0.0 <= found <= 1.0, found
    try:
        importers.recognise(path)
    except importers.Refused:
        pass
    try:
        imported = importers.read(name, path, options)
    except CvkitError as exc:
        assert str(exc).strip(), "an error says what is wrong"
        return
    for note in imported.report():
        assert note.what in (*importers.WHAT, "note") and note.format()
    out = path.parent / "written" / "profile.yaml"
    out.parent.mkdir(exist_ok=True)
    partial = importers.is_partial(importer)
    if partial:
        out.write_text("name: Ada Park\n", encoding="utf-8")
    try:
        result = import_record(imported, out, into=partial, source=path)
    except CvkitError as exc:
        assert str(exc).strip()
        return
    if result.verbatim is None:
        load_profile(out)


@pytest.fixture
def workdir() -> Iterator[Callable[[], Path]]:
    """A fresh folder per example (hypothesis runs many examples in one test call)."""
    made: list[tempfile.TemporaryDirectory[str]] = []

    def fresh() -> Path:
        made.append(tempfile.TemporaryDirectory(prefix="cvkit-fuzz-"))
        return Path(made[-1].name)

    yield fresh
    for folder in made:
        folder.cleanup()


# -- JSON: random shapes over real key names, and real files with parts replaced -------------


def _json_files(*folders: Path) -> list[Path]:
    files = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else [folder]:
            try:
                json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            files.append(path)
    return files


def _keys(value: Any, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            into.add(key)
            _keys(child, into)
    elif isinstance(value, list):
        for child in value:
            _keys(child, into)
    return into


JSON_SEEDS = {
    "orcid": _json_files(FIXTURES / "orcid", WILD / "orcid"),
    "jsonresume": _json_files(FIXTURES / "jsonresume-engineer.json", WILD / "jsonresume",
                              ROOT.parent / "shared" / "corpus" / "jsonresume"),
}
VOCABULARY = {name: sorted(set().union(*(_keys(json.loads(p.read_text("utf-8")), set())
                                         for p in seeds)) - {""})
              for name, seeds in JSON_SEEDS.items()}

# Values real files hold that trip a reader: impossible dates, month 00, enum spellings,
# DOIs that are not, URL schemes, entities, bullets, control and bidi characters.
ODD = ["", " ", "00", "0", "13", "2020", "2020-00", "2020-02-30", "1930-02-29", "2019-13-01",
       "present", "null", "true", "SELF", "self", "JOURNAL_ARTICLE", "journal-article",
       "doi", "DOI", "10.1000/xyz", "https://doi.org/10.5555/1", "not a doi", "arxiv",
       "2101.00001", "https://example.org", "example.org", "skype:ada", "javascript:alert(1)",
       "mailto:ada@example.org", "ada@example.org", "&amp; &lt;b&gt;", "• a • b", "- a\n- b",
       "0000-0002-1825-0097", "0000-0002-1825-0098", "\x00", "\x07bell", "\u202eevil",
       "a\r\nb", "{}", "[]", "Jan 2020", "Oct 12, 2025", "$x^2$", "\\emph{x}", "*a* _b_",
       "x" * 300]
SCALARS = (st.none() | st.booleans() | st.integers(-(10**6), 10**13)
           | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(ODD)
           | st.text(max_size=20))


def json_values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                        | st.dictionaries(keys, children, max_size=5), max_leaves=25)


def _keys_of(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(VOCABULARY[name]) | st.text(max_size=8)


def _replace_parts(data: st.DataObject, value: Any, keys: st.SearchStrategy[str]) -> Any:
    """``value`` with one to four subtrees replaced by random JSON, or taken out."""
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        parent: Any = None
        at: Any = None
        node = value
        while isinstance(node, dict | list) and node and data.draw(st.integers(0, 4)) > 0:
            at = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict)
                                           else range(len(node))))
            parent, node = node, node[at]
        replacement = data.draw(json_values(keys), label="replacement")
        if parent is None:
            value = replacement
        elif isinstance(parent, dict) and data.draw(st.booleans(), label="take out"):
            del parent[at]
        else:
            parent[at] = replacement
    return value


def _json_input(data: st.DataObject, name: str) -> Any:
    keys = _keys_of(name)
    if data.draw(st.booleans(), label="from a real file"):
        seed = data.draw(st.sampled_from(JSON_SEEDS[name]), label="seed")
        return _replace_parts(data, json.loads(seed.read_text("utf-8")), keys)
    return data.draw(st.dictionaries(keys, json_values(keys), max_size=8) | json_values(keys),
                     label="shape")


@pytest.mark.parametrize("name", ["orcid", "jsonresume"])
@FUZZ
@given(data=st.data())
def test_json_importers_survive_any_shape(name: str, data: st.DataObject,
                                          workdir: Callable[[], Path]) -> None:
    path = workdir() / f"{name}.json"
    value = _json_input(data, name)
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans(), label="ascii"))
    if data.draw(st.integers(0, 9), label="break it") == 0:  # a trailing comma, cut short
        text = data.draw(st.sampled_from([text[: len(text) // 2], text.replace("}", ",}", 1),
                                          "\ufeff" + text]))
    path.write_text(text, encoding="utf-8")
    run_import(name, path)


# -- LinkedIn: random headers and cells, zipped or in a folder --------------------------------


def _linkedin_headers() -> dict[str, list[str]]:
    """Each file's header as found in the exports of every vintage in the corpus."""
    found: dict[str, set[str]] = {}
    for path in [*(FIXTURES / "linkedin").glob("*.csv"), *WILD.glob("linkedin/*/*.csv")]:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
        found.setdefault(path.name, set()).update(header)
    return {name: sorted(columns) for name, columns in sorted(found.items())}


LINKEDIN_HEADERS = _linkedin_headers()
CELLS = st.sampled_from(ODD + ["Jan 2020", "Sept 2021", "2019", "Oct 12, 2025", "Acme, Inc.",
                               "Native or bilingual proficiency", "Yes", "No", '"quoted"',
                               "line one\nline two", "• first • second", "Zurich, Switzerland",
                               "[ada.example.org]", "PERSONAL:https://ada.example.org"]) \
    | st.text(max_size=30)


@st.composite
def linkedin_tables(draw: st.DrawFn) -> dict[str, bytes]:
    names = draw(st.lists(st.sampled_from(sorted(LINKEDIN_HEADERS)) | st.text(
        string.ascii_letters, min_size=1, max_size=8).map(lambda s: s + ".csv"),
        min_size=0, max_size=5, unique=True), label="files")
    tables = {}
    for name in names:
        known = LINKEDIN_HEADERS.get(name, [])
        header = draw(st.lists(st.sampled_from(known) if known else st.text(max_size=6),
                               max_size=8, unique=True)
                      .flatmap(lambda h: st.permutations(h)), label="header")
        header = list(header) + draw(st.lists(st.text(max_size=6), max_size=2))
        rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1),
                             max_size=4), label="rows")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        raw = out.getvalue().encode("utf-8")
        tables[name] = draw(st.sampled_from([raw, b"\xef\xbb\xbf" + raw, raw[: len(raw) // 2],
                                             raw.replace(b'"', b"", 1), b"\xff\xfe" + raw]),
                            label="encoding")
    return tables


@FUZZ
@given(tables=linkedin_tables(), zipped=st.booleans(), nested=st.booleans())
def test_linkedin_survives_any_csv(tables: dict[str, bytes], zipped: bool, nested: bool,
                                   workdir: Callable[[], Path]) -> None:
    root = workdir()
    if zipped:
        path = root / "Basic_LinkedInDataExport_01-01-2026.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, raw in tables.items():
                archive.writestr(("export/" if nested else "") + name, raw)
    else:
        path = root / "export"
        path.mkdir()
        for name, raw in tables.items():
            (path / name).write_bytes(raw)
    run_import("linkedin", path)


# -- academicpages: random front matter and pages ---------------------------------------------

FRONT_KEYS = ["title", "date", "cvkit_date", "venue", "category", "paperurl", "slidesurl",
              "bibtexurl", "codeurl", "excerpt", "citation", "authors", "collection",
              "permalink", "type", "location", "talk_type", "header", "featured"]
CONFIG_KEYS = ["author", "name", "title", "url", "baseurl", "bio", "email", "location",
               "github", "googlescholar", "orcid", "linkedin", "twitter", "dblp", "avatar",
               "employer"]
YAML_TEXT = st.sampled_from(ODD + ["<b>Ada Park</b>, Bo Li", "Li, X., <b>Huang, J.</b>, &amp; "
                                   "Wang, L. (2024). Heavy Tails. <i>COLT</i>.",
                                   "{% raw %}x{% endraw %}", "<!-- hidden -->", "2025-02-01",
                                   "@article{k, title={T}, author={A and B}}"]) \
    | st.text(max_size=30)


def _front(keys: list[str]) -> st.SearchStrategy[str]:
    """Front matter as YAML (JSON is YAML), or text that is not."""
    values = st.recursive(SCALARS | YAML_TEXT, lambda c: st.lists(c, max_size=3)
                          | st.dictionaries(st.sampled_from(keys), c, max_size=3), max_leaves=8)
    as_json = st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), values, max_size=6) \
        .map(lambda d: "\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in d.items()))
    return as_json | st.text(max_size=80) | st.sampled_from(["title: [unclosed", "a: *x",
                                                              "&a [*a, *a]", "- - -", ": :"])


@st.composite
def sites(draw: st.DrawFn) -> dict[str, str]:
    files = {"_config.yml": draw(_front(CONFIG_KEYS), label="config")}
    for folder in ("_publications", "_talks", "_teaching", "_portfolio", "_pages"):
        for i in range(draw(st.integers(0, 2), label=folder)):
            name = "about.md" if folder == "_pages" else f"2025-01-0{i + 1}-page.md"
            body = draw(st.sampled_from(["", "# Welcome\n\nI study things.\n\n## News\n\n"
                                             "- *Jan 2025*: a paper\n", "---\n"])
                        | st.text(max_size=60), label="body")
            fence = draw(st.sampled_from(["---\n", "---\r\n", ""]), label="fence")
            files[f"{folder}/{name}"] = f"{fence}{draw(_front(FRONT_KEYS))}\n{fence}{body}"
    return files


@FUZZ
@example(files={"_config.yml": "\x1f"}, style="academicpages")  # a character YAML refuses
@given(files=sites(), style=st.sampled_from(["academicpages", "acad"]))
def test_academicpages_survives_any_front_matter(files: dict[str, str], style: str,
                                                 workdir: Callable[[], Path]) -> None:
    site = workdir() / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    run_import("academicpages", site, {"style": style})


# -- BibTeX: random entries, fields, braces and LaTeX -----------------------------------------

BIB_TYPES = ["article", "inproceedings", "misc", "phdthesis", "book", "inbook", "techreport",
             "unpublished", "online", "patent", "proceedings", "incollection", "string",
             "comment", "preamble", "Article", "x"]
BIB_FIELDS = ["title", "author", "editor", "year", "month", "date", "journal", "booktitle",
              "doi", "url", "eprint", "archiveprefix", "pages", "volume", "number", "note",
              "abstract", "publisher", "address", "school", "institution", "type", "isbn",
              "issn", "eid", "series", "edition", "pubstate", "eventtitle", "origdate",
              "language", "keywords", "howpublished"]
BIB_TEXT = st.sampled_from(ODD + ["{Barnes and Noble}", "Doe, Jane and others", "M{\\\"u}ller",
                                  "\\'{e}", "{\\relax Ch}ristian", "O'Brien, Jr, Pat", "jan",
                                  "1--10", "\\url{https://x.org}", "{{nested}}", "$O(\\sqrt{T})$",
                                  "\\textquotesingle{}", "a -- b --- c", "{unbalanced",
                                  "unbalanced}", "\\", "%comment", "10.1145/3676641.3716006",
                                  "arXiv:2101.00001v2", "In press"]) | st.text(max_size=25)


@st.composite
def bib_texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4), label="entries")):
        kind = draw(st.sampled_from(BIB_TYPES))
        key = draw(st.sampled_from(["k1", "k2", "", "a b", "x,y"]) | st.text(max_size=6))
        fields = draw(st.lists(st.tuples(st.sampled_from(BIB_FIELDS) | st.text(max_size=5),
                                         BIB_TEXT, st.sampled_from(["{}", '""', "", "#"])),
                               max_size=6))
        body = ",\n".join(f"  {name} = " + (f"{{{value}}}" if quote == "{}" else
                                            f'"{value}"' if quote == '""' else
                                            f"{value} # {{{value}}}" if quote == "#" else value)
                          for name, value, quote in fields)
        opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")"), ("{", ""), ("{", "}}")]))
        parts.append(f"@{kind}{opener}{key},\n{body}\n{closer}")
    junk = draw(st.text(max_size=40), label="junk")
    return draw(st.sampled_from(["\n\n".join(parts), junk + "\n".join(parts),
                                 "\n".join(parts) + junk]))


@FUZZ
@given(text=bib_texts(), enrich=st.booleans())
def test_bibtex_survives_any_text(text: str, enrich: bool,
                                  workdir: Callable[[], Path]) -> None:
    path = workdir() / "refs.bib"
    path.write_text(text, encoding="utf-8")
    run_import("bibtex", path, {"enrich": enrich})


# -- a PDF cvkit made: random profiles inside, damaged files ----------------------------------


def _pdf_with(name: str, payload: bytes) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_attachment(name, payload)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PROFILES = st.sampled_from([b"name: Ada\n", b'{"name": "Ada"}', b"name: [\n", b"- a\n- b\n",
                            b"\xff\xfe", b"", b"name: Ada\npublications: 3\n"]) \
    | st.binary(max_size=60) | st.text(max_size=60).map(str.encode)


@FUZZ
@example(name="cvkit-profile.yaml", payload=b"name: Ada\npublications: 3\n", damage=0, cut=0.0)
@given(name=st.sampled_from(["cvkit-profile.yaml", "cvkit-profile.json", "cvkit-profile.",
                             "other.yaml"]),
       payload=PROFILES, damage=st.integers(0, 3), cut=st.floats(0, 1))
def test_pdf_survives_any_attachment_and_damage(name: str, payload: bytes, damage: int,
                                                cut: float,
                                                workdir: Callable[[], Path]) -> None:
    pdf = _pdf_with(name, payload)
    if damage == 1:
        pdf = pdf[: int(len(pdf) * cut)]
    elif damage == 2:
        at = int(len(pdf) * cut) % max(len(pdf), 1)
        pdf = pdf[:at] + b"\x00garbage)>>]" + pdf[at + 12:]
    path = workdir() / "cv.pdf"
    path.write_bytes(pdf)
    run_import("pdf", path)


# -- every registered importer: random files and folders --------------------------------------

ANY_FILE = st.one_of(st.binary(max_size=200).map(lambda b: ("cv.bin", b)),
                     json_values(st.text(max_size=6)).map(
                         lambda v: ("cv.json", json.dumps(v).encode())),
                     st.text(max_size=200).map(lambda t: ("cv.txt", t.encode())),
                     st.just(("empty.json", b"")), st.just(("folder", None)))


@pytest.mark.parametrize("name", importers.available())
@FUZZ
@given(given_file=ANY_FILE)
def test_every_importer_refuses_what_it_does_not_read_in_one_line(
        name: str, given_file: tuple[str, bytes | None],
        workdir: Callable[[], Path]) -> None:
    file_name, raw = given_file
    path = workdir() / file_name
    if raw is None:
        path.mkdir()
        (path / "notes.txt").write_text("hello", encoding="utf-8")
    else:
        path.write_bytes(raw)
    run_import(name, path)


def test_every_built_in_importer_is_fuzzed_with_inputs_of_its_own() -> None:
    own = {"orcid", "jsonresume", "linkedin", "academicpages", "bibtex", "pdf"}
    assert set(importers.BUILTIN) == own, "a new importer needs a strategy above"


# -- the corpus: every real file, with every importer -----------------------------------------

CORPUS = sorted([*WILD.glob("orcid/*.json"), *WILD.glob("jsonresume/*.json"),
                 *WILD.glob("linkedin/*"), FIXTURES / "orcid" / "record.json",
                 FIXTURES / "jsonresume-engineer.json", FIXTURES / "linkedin",
                 FIXTURES / "academicpages", FIXTURES / "papers.bib", FIXTURES / "broken.bib"])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_corpus_imports_or_is_refused_in_one_line(path: Path, tmp_path: Path) -> None:
    """Each real file with the importer that recognises it, and with every other one."""
    for name in importers.available():
        copy = tmp_path / name / path.name
        copy.parent.mkdir()
        if path.is_dir():
            import shutil

            shutil.copytree(path, copy)
        else:
            copy.write_bytes(path.read_bytes())
        run_import(name, copy)
