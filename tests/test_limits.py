"""Bounded inputs (issue 36, item 3): every importer reads within one limit policy
(``cvkit.support.limits``). Hostile inputs, generated here, end in one line naming the file and the
limit, exit 2, nothing written, no traceback; each run in a fresh process whose peak memory
is read from the kernel (the largest resident size of the measuring process's only child)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cvkit.importers import linkedin
from cvkit.support import limits
from cvkit.support.limits import LimitError

from .conftest import FIXTURES, run_cvkit

LINKEDIN = FIXTURES / "linkedin"
SITE = FIXTURES / "academicpages"
PEAK_MIB = 250  # the bound for any hostile input

# Runs a command as the only child of a fresh process, and says how it went: its exit
# status, output, wall time, and its peak resident memory (ru_maxrss of the children, KiB
# on Linux). An address-space cap of 4 GiB keeps a regression from taking the machine down.
MEASURE = r"""
import json, resource, subprocess, sys, time
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120,
                      preexec_fn=cap)
print(json.dumps({"returncode": done.returncode, "stdout": done.stdout,
                  "stderr": done.stderr, "seconds": time.perf_counter() - start,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measured(*args: str | Path) -> dict[str, Any]:
    """`cvkit ARGS` run and measured (see MEASURE); the figures are printed (pytest -s)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "cvkit",
                           *map(str, args)], capture_output=True, text=True, timeout=180,
                          check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    print(f"cvkit {' '.join(map(str, args[:2]))}: exit {result['returncode']}, "
          f"{result['seconds']:.2f} s, peak {result['peak_mib']:.0f} MiB")
    return result


def refused(result: dict[str, Any], *names: str, output: Path) -> str:
    """The run ended as every hostile input must: exit 2, one line on stderr naming the
    file and the limit, nothing on stdout or at ``output``, no traceback, bounded memory."""
    lines = result["stderr"].splitlines()
    assert result["returncode"] == 2, result["stderr"][-2000:]
    assert len(lines) == 1 and "Traceback" not in result["stderr"], result["stderr"][-2000:]
    assert lines[0].startswith("error: ") and lines[0].endswith("nothing was written")
    assert "refused" in lines[0] and all(name in lines[0] for name in names), lines[0]
    assert result["stdout"] == "" and not output.exists()
    assert result["peak_mib"] < PEAK_MIB
    return lines[0]


def zeros_deflated(n: int, wbits: int = zlib.MAX_WBITS) -> bytes:
    """``n`` zero bytes deflated (zlib wrapper; raw with wbits=-15), a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1 << 20)
    out = [packer.compress(block) for _ in range(n >> 20)]
    return b"".join([*out, packer.compress(bytes(n & ((1 << 20) - 1))), packer.flush()])


def export_zip(path: Path, extra: dict[str, bytes] | None = None,
               stored: bool = False, without: str = "") -> Path:
    """LinkedIn's export (the fixture's CSV files) as a zip, with ``extra`` members."""
    files = {p.name: p.read_bytes() for p in LINKEDIN.glob("*.csv") if p.name != without}
    files |= extra or {}
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return path


def with_bomb_member(path: Path, name: str, unpacked: int, row: bytes = b"") -> Path:
    """The export with member ``name`` unpacking to ``unpacked`` bytes (a header row, then
    zeros), its deflate stream made a MiB at a time: the archive stays a few hundred KB."""
    export_zip(path, without=name)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w", force_zip64=True) as member:
            member.write(row)
            block = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                member.write(block)
    return path


# -- LinkedIn: only the members read, each within its caps -------------------------------


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("bombs")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_an_unused_member_is_never_read(tmp_path: Path, bombs: Path) -> None:
    """The issue's case: a 0.3 MB export whose messages.csv unpacks to 300 MiB cost over
    600 MiB, every CSV member read whole; it is now named in the notes and left packed."""
    archive = with_bomb_member(bombs / "messages.zip", "messages.csv", 300 << 20,
                               b"CONVERSATION ID,CONTENT\n")
    assert archive.stat().st_size < 400_000
    result = measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml")
    assert result["returncode"] == 0, result["stderr"]
    assert "messages.csv: dropped: not imported: it has no place in a CV" in result["stderr"]
    assert result["peak_mib"] < PEAK_MIB


def test_only_the_members_mapped_are_opened(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    archive = export_zip(tmp_path / "export.zip", {"messages.csv": b"FROM,CONTENT\nA,hi\n"})
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    imported = linkedin.import_file(archive)
    assert sorted(opened) == sorted(p.name for p in LINKEDIN.glob("*.csv")
                                    if p.name in linkedin.COLUMNS)
    assert any(n.where == "messages.csv" and n.message == "not imported: it has no place "
               "in a CV" for n in imported.notes)


def test_a_zip_bomb_member_is_refused_before_it_is_read(tmp_path: Path, bombs: Path) -> None:
    archive = with_bomb_member(bombs / "positions.zip", "Positions.csv", 300 << 20,
                               b"Company Name,Title,Description\n")
    line = refused(measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml"),
                   str(archive), "Positions.csv", "5 MiB", output=tmp_path / "p.yaml")
    assert "unpacks to 300 MiB" in line


def test_a_member_packed_too_tightly_is_refused(tmp_path: Path) -> None:
    """Under the member cap (3 MiB), but packed ~1000 times: the ratio cap."""
    archive = with_bomb_member(tmp_path / "ratio.zip", "Skills.csv", 3 << 20, b"Name\n")
    line = refused(measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml"),
                   "Skills.csv", "packed more than 100 times", output=tmp_path / "p.yaml")
    assert str(archive) in line


def test_a_member_stated_small_is_cut_where_stated(tmp_path: Path) -> None:
    """A member whose header says 100 bytes but whose stream inflates to 16 MiB: zipfile
    stops at the stated size and finds the checksum wrong; one line, never the stream."""
    archive = export_zip(tmp_path / "lying.zip", {"Skills.csv": b"Name\n" + bytes(16 << 20)})
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        local = z.getinfo("Skills.csv").header_offset
    data[local + 22:local + 26] = (100).to_bytes(4, "little")  # its local header's size
    at = int.from_bytes(data[data.rfind(b"PK\x05\x06") + 16:][:4], "little")
    while data[at:at + 4] == b"PK\x01\x02":  # and its directory entry's
        name_len, extra_len, comment_len = (int.from_bytes(data[at + k:at + k + 2], "little")
                                            for k in (28, 30, 32))
        if data[at + 46:at + 46 + name_len] == b"Skills.csv":
            data[at + 24:at + 28] = (100).to_bytes(4, "little")
        at += 46 + name_len + extra_len + comment_len
    archive.write_bytes(bytes(data))
    result = measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml")
    lines = result["stderr"].splitlines()
    assert result["returncode"] == 1 and len(lines) == 1, result["stderr"]
    assert "Skills.csv cannot be read: Bad CRC-32" in lines[0]
    assert "Traceback" not in result["stderr"] and not (tmp_path / "p.yaml").exists()
    assert result["peak_mib"] < PEAK_MIB


def test_the_members_read_share_one_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(linkedin, "MAX_UNPACKED_BYTES", 500)
    with pytest.raises(LimitError, match=r"more than 500 bytes to read in the files of one "
                       r"export; refused"):
        linkedin.import_file(export_zip(tmp_path / "export.zip"))


def test_an_archive_listing_too_many_members_is_refused_before_it_is_opened(
        tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for i in range(limits.MAX_MEMBERS + 1):
            z.writestr(f"m{i}.csv", b"")
    result = measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml")
    refused(result, str(archive), f"{limits.MAX_MEMBERS + 1:,} members",
            output=tmp_path / "p.yaml")


def test_a_huge_csv_cell_is_one_located_line(tmp_path: Path) -> None:
    """A cell of 2 MiB (stored, so no ratio applies): one line with the file and the line;
    it ended in a _csv.Error traceback from 128 KiB on."""
    cell = b"x" * (2 << 20)
    archive = export_zip(tmp_path / "cell.zip", {
        "Positions.csv": b"Company Name,Title,Description\nAcme,Engineer,\"" + cell + b"\"\n"},
        stored=True)
    line = refused(measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml"),
                   str(archive), "Positions.csv line 2", "1,048,576 characters",
                   output=tmp_path / "p.yaml")
    assert "a quote left open?" in line


def test_a_quote_left_open_is_a_huge_cell_too(tmp_path: Path) -> None:
    rows = b"".join(b"Acme %d,Engineer,ok\n" % i for i in range(60_000))
    archive = export_zip(tmp_path / "open.zip", {
        "Positions.csv": b"Company Name,Title,Description\nAcme,\"Engineer,x\n" + rows})
    refused(measured("import", "linkedin", archive, "-o", tmp_path / "p.yaml"),
            "Positions.csv line", output=tmp_path / "p.yaml")


def test_a_cell_over_the_csv_default_but_under_the_cap_imports(tmp_path: Path) -> None:
    """200 KiB: past the csv module's default 128 KiB, well within the cell cap."""
    summary = "Long. " * 35_000
    archive = export_zip(tmp_path / "long.zip", {
        "Projects.csv": f"Title,Description\nBig,{summary}\n".encode()})
    data = linkedin.import_file(archive).data
    assert data["projects"][0]["summary"] == summary.strip()


def test_an_unzipped_export_folder_reads_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport"
    shutil.copytree(LINKEDIN, folder)
    unzipped = linkedin.import_file(folder)
    zipped = linkedin.import_file(export_zip(tmp_path / "export.zip"))
    assert unzipped.data == zipped.data
    assert [(n.what, n.where, n.message) for n in unzipped.notes] == \
        [(n.what, n.where, n.message) for n in zipped.notes]
    (folder / "Positions.csv").write_bytes(b"Company Name\n" + b"x" * (6 << 20))
    with pytest.raises(LimitError, match=r"Positions.csv: a CSV file is 6 MiB; a CSV file "
                       r"larger than 5 MiB is refused"):
        linkedin.import_file(folder)


# -- YAML: the loader's node and depth limits on every YAML an importer reads -------------

LAUGHS = "\n".join([
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    *(f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]"
      for p, x in zip("abcdefgh", "bcdefghi", strict=True))])


def site_with(tmp_path: Path, name: str, text: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")
    return site


@pytest.mark.parametrize("name, text, line", [
    ("_publications/2025-bomb.md", f"---\ntitle: Bomb\n{LAUGHS}\n---\nBody\n", 3),
    ("_talks/2025-bomb.md", f"---\ntitle: Bomb\n{LAUGHS}\n---\n", 3),
    ("_config.yml", f"title: Site\n{LAUGHS}\n", 2),
    ("_pages/about.md", f"---\n{LAUGHS}\n---\nAbout me.\n", 2),
])
def test_a_yaml_alias_bomb_is_refused_where_it_is(tmp_path: Path, name: str, text: str,
                                                  line: int) -> None:
    """~1 KB of nested aliases (9^9 values) ran past 40 s and 1.5 GB from a front matter."""
    site = site_with(tmp_path, name, text)
    out = tmp_path / "p.yaml"
    found = refused(measured("import", "academicpages", site, "-o", out),
                    f"{site / name}:", "200,000 values", output=out)
    assert found.startswith(f"error: {site / name}:")  # the line of the bomb's aliases
    assert int(found.split(f"{site / name}:")[1].split(":")[0]) >= line


@pytest.mark.parametrize("front", ["title: T\nlist: " + "[" * 100 + "]" * 100,
                                   "- " * 5000 + "x"])
def test_front_matter_nested_too_deep_is_refused(tmp_path: Path, front: str) -> None:
    """Brackets are counted before any parser (which recurses per level) sees them; a
    block nesting on one line, which only the parsed tree shows, after."""
    site = site_with(tmp_path, "_publications/deep.md", f"---\n{front}\n---\n")
    refused(measured("import", "academicpages", site, "-o", tmp_path / "p.yaml"),
            "deep.md:", "64 levels", output=tmp_path / "p.yaml")


def test_a_page_past_the_file_cap_is_refused(tmp_path: Path) -> None:
    site = site_with(tmp_path, "_teaching/huge.md", "---\ntitle: T\n---\n" + "x" * (6 << 20))
    refused(measured("import", "academicpages", site, "-o", tmp_path / "p.yaml"),
            "huge.md", "a page is 6 MiB", "5 MiB", output=tmp_path / "p.yaml")


def test_the_profile_an_import_merges_into_is_read_within_the_limits(tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    target.write_text(f"name: Ada\n{LAUGHS}\n", encoding="utf-8")
    before = target.read_bytes()
    archive = export_zip(tmp_path / "export.zip")
    result = measured("import", "linkedin", archive, "-o", target, "--into")
    lines = result["stderr"].splitlines()
    assert result["returncode"] == 2 and len(lines) == 1 and "200,000 values" in lines[0]
    assert target.read_bytes() == before and result["peak_mib"] < PEAK_MIB


def test_a_json_record_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(measured("import", "orcid", record, "-o", tmp_path / "p.yaml"),
            str(record), "nested too deeply", output=tmp_path / "p.yaml")


# -- PDF: pypdf's decompression caps, and cvkit's own on the profile it carries -----------


def pdf_with_attachment(path: Path, packed: bytes, filters: list[str] | None = None) -> Path:
    """A one-page PDF carrying a cvkit profile whose stream holds ``packed`` as it is,
    under ``filters`` (FlateDecode by default): pypdf's public writer, the stream's bytes
    swapped for ours before it is written."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    embedded = writer.add_attachment("cvkit-profile.yaml", b"name: Ada\n")
    stream = embedded.pdf_object["/EF"]["/F"].get_object()  # type: ignore[index]
    stream.set_data(packed)
    names = filters if filters is not None else ["/FlateDecode"]
    stream[NameObject("/Filter")] = ArrayObject(NameObject(n) for n in names) \
        if len(names) > 1 else NameObject(names[0])
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.fixture(scope="module")
def pdf_bomb(bombs: Path) -> Path:
    """The issue's case: a ~200 KB PDF whose attachment inflates to 200 MiB of zeros."""
    return pdf_with_attachment(bombs / "bomb.pdf", zeros_deflated(200 << 20))


def test_a_pdf_compression_bomb_attachment_is_refused(tmp_path: Path, pdf_bomb: Path) -> None:
    assert pdf_bomb.stat().st_size < 250_000
    out = tmp_path / "p.yaml"
    line = refused(measured("import", "pdf", pdf_bomb, "-o", out), str(pdf_bomb),
                   "pypdf's cap", output=out)
    assert "5 MiB" in line


def test_an_oversized_attachment_is_refused(tmp_path: Path) -> None:
    """6 MiB, under pypdf's 75 MB cap, over cvkit's: a profile is at most 5 MiB."""
    text = b"name: Ada\n" + b"# note\n" * ((6 << 20) // 7)
    pdf = pdf_with_attachment(tmp_path / "big.pdf", zlib.compress(text, 9))
    out = tmp_path / "p.yaml"
    refused(measured("import", "pdf", pdf, "-o", out), str(pdf),
            "an attached profile is 6 MiB", "5 MiB", output=out)


def test_an_attachment_packed_as_cvkit_never_packs_it_is_not_unpacked(tmp_path: Path) -> None:
    """Filters chained (each stage within pypdf's cap, the stages together far past it):
    cvkit writes FlateDecode alone, so anything else is refused before decoding."""
    pdf = pdf_with_attachment(tmp_path / "chain.pdf", zlib.compress(zeros_deflated(8 << 20)),
                              ["/FlateDecode", "/FlateDecode"])
    result = run_cvkit("import", "pdf", pdf, "-o", tmp_path / "p.yaml")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "packed as cvkit never packs it (/FlateDecode /FlateDecode)" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_a_small_attachment_still_round_trips(tmp_path: Path) -> None:
    pdf = pdf_with_attachment(tmp_path / "ok.pdf", zlib.compress(b"name: Ada\n"))
    result = run_cvkit("import", "pdf", pdf, "-o", tmp_path / "p.yaml")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.yaml").read_bytes() == b"name: Ada\n"


def test_sizes_read_as_people_read_them() -> None:
    assert [limits.size(n) for n in (812, 1536, 5 << 20, 3 << 30)] == [
        "812 bytes", "1.5 KiB", "5 MiB", "3 GiB"]


def test_a_downloaded_orcid_record_is_read_up_to_the_cap(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """--fetch reads at most a record file's cap from the server, never the whole body."""
    import io
    import urllib.request

    from cvkit.importers import orcid

    class Served(io.BytesIO):
        asked: list[int | None] = []

        def read(self, n: int | None = -1) -> bytes:
            self.asked.append(n)
            return super().read(n)

    served = Served(b'{"a": "' + b"x" * (8 << 20) + b'"}')
    monkeypatch.setattr(urllib.request, "urlopen", lambda *_, **__: served)
    with pytest.raises(LimitError, match=r"an ORCID record is over 5 MiB; an ORCID record "
                       r"larger than 5 MiB is refused"):
        orcid.fetch_record("0000-0002-1825-0097")
    assert served.asked == [(5 << 20) + 1]
