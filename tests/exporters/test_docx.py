"""The Word CV read back by python-docx and converted by a real LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from cvkit.build.api import ExportOptions, render
from cvkit.profile.load import load_profile
from cvkit.profile.model import Profile

from ..conftest import EXAMPLES, ROOT, require_tool, run_cvkit
from .test_contract import assert_carries, extract_text, normalise
from .test_pdf import profile_urls

docx = pytest.importorskip("docx")
THEMES = ["academic", "industry"]


@cache
def rendered(path: Path, theme: str = "academic") -> bytes:
    return render(load_profile(path), "docx", ExportOptions(theme=theme), path.parent).data


def read_back(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(lines)


def hyperlinks(data: bytes) -> set[str]:
    part = docx.Document(io.BytesIO(data)).part
    return {rel.target_ref for rel in part.rels.values() if rel.reltype.endswith("/hyperlink")}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_docx_carries_every_item_and_link(path: Path, theme: str) -> None:
    data = rendered(path, theme)
    assert_carries("docx", read_back(data), path)
    missing = profile_urls(path) - hyperlinks(data)
    assert not missing, f"links without a w:hyperlink: {sorted(missing)}"


WITH_PAPERS = [p for p in EXAMPLES if load_profile(p).publications]


@pytest.mark.parametrize("path", WITH_PAPERS, ids=[p.stem for p in WITH_PAPERS])
def test_owner_is_a_bold_styled_run(path: Path) -> None:
    profile = load_profile(path)
    document = docx.Document(io.BytesIO(rendered(path)))
    owner_runs = [r for p in document.paragraphs if p.style.name == "CV Publication"
                  for r in p.runs if r.style is not None and r.style.name == "CV Self Author"]
    assert owner_runs, "no owner run in any publication"
    assert document.styles["CV Self Author"].font.bold
    names = {normalise(r.text) for r in owner_runs}
    assert names <= {normalise(n) for n in (profile.name, *profile.aliases)}
    pubs_with_owner = [p for p in profile.publications if not p.hidden and any(
        normalise(a.rstrip("*†‡§ ")) in {normalise(profile.name), *map(normalise,
                                                                       profile.aliases)}
        for a in p.authors)]
    assert len(owner_runs) >= len(pubs_with_owner)


def test_named_styles_page_size_and_footer_fields() -> None:
    data = rendered(ROOT / "examples" / "weilin-cai.yaml")
    document = docx.Document(io.BytesIO(data))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "CV Entry", "CV Publication", "List Bullet"} <= used
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    # Dates sit on a right tab stop, not in a table.
    assert not document.tables
    tab_stops = document.styles["CV Entry"].paragraph_format.tab_stops
    assert any(t.alignment == 2 or str(t.alignment).endswith("RIGHT (2)") for t in tab_stops)
    fonts = document.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert fonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_letter_paper() -> None:
    path = ROOT / "examples" / "minimal.yaml"
    data = render(load_profile(path), "docx", ExportOptions(paper="letter"),
                  path.parent).data
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert abs(section.page_width.inches - 8.5) < 0.01


def test_core_properties_and_reproducible_bytes(tmp_path: Path) -> None:
    src = ROOT / "examples" / "weilin-cai.yaml"
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    outputs = []
    for run in ("a", "b"):
        result = run_cvkit("export", src, "-f", "docx", "-o", tmp_path / run, env=env)
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / run / "Weilin_Cai_CV.docx").read_bytes())
    assert outputs[0] == outputs[1]
    props = docx.Document(io.BytesIO(outputs[0])).core_properties
    assert props.author == "Weilin Cai"
    assert "Weilin Cai" in props.title
    assert "ML Systems" in props.keywords
    assert props.created.year == 2026 and props.created.month == 1


def test_text_xml_cannot_hold_is_dropped_with_a_warning(tmp_path: Path) -> None:
    # The loader strips control characters; an imported profile built in Python may not.
    profile = Profile.model_construct(**{
        **Profile(name="x").__dict__, "name": "Ada\x0bPark", "headline": "Bad\x01text\ufffe"})
    artifact = render(profile, "docx", ExportOptions(), tmp_path)
    text = read_back(artifact.data)
    assert "AdaPark" in text and "Badtext" in text
    assert any("U+000B" in w and "U+0001" in w for w in artifact.warnings)


def test_hostile_text_is_literal(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: 'Eve <w:t>x</w:t> & </w:p>'\n"
                       "about: '<script>alert(1)</script> {{ 7*7 }}'\n", encoding="utf-8")
    text = read_back(render(load_profile(profile), "docx", ExportOptions(), tmp_path).data)
    assert "Eve <w:t>x</w:t> & </w:p>" in text
    assert "<script>alert(1)</script> {{ 7*7 }}" in text


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(docx_path: Path, out: Path) -> Path:
    soffice = _soffice()
    require_tool(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert soffice
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{out}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                          capture_output=True, text=True, timeout=180)
    pdf = out / (docx_path.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf


def test_libreoffice_converts_every_example(tmp_path: Path) -> None:
    require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
    for path in EXAMPLES:
        source = tmp_path / f"{path.stem}.docx"
        source.write_bytes(rendered(path))
        pdf = convert_with_libreoffice(source, tmp_path)
        assert_carries("docx→pdf", extract_text("pdf", pdf.read_bytes()), path)


def test_cjk_profile_survives_libreoffice(tmp_path: Path) -> None:
    require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
    profile = tmp_path / "p.yaml"
    profile.write_text("name: 蔡伟林\nheadline: 香港科技大学（广州）\nlayout: {locale: zh}\n",
                       encoding="utf-8")
    source = tmp_path / "cjk.docx"
    source.write_bytes(render(load_profile(profile), "docx", ExportOptions(), tmp_path).data)
    pdf = convert_with_libreoffice(source, tmp_path)
    text = normalise(extract_text("pdf", pdf.read_bytes()))
    assert "蔡伟林" in text and "香港科技大学" in text


def test_photo_is_embedded_and_unusable_formats_warn(tmp_path: Path) -> None:
    from base64 import b64decode

    (tmp_path / "me.png").write_bytes(b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    (tmp_path / "me.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada\nphoto: me.png\n", encoding="utf-8")
    data = render(load_profile(profile), "docx", ExportOptions(), tmp_path).data
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1
    without = render(load_profile(profile), "docx", ExportOptions(include_photo=False),
                     tmp_path).data
    assert len(docx.Document(io.BytesIO(without)).inline_shapes) == 0
    profile.write_text("name: Ada\nphoto: me.svg\n", encoding="utf-8")
    artifact = render(load_profile(profile), "docx", ExportOptions(), tmp_path)
    assert any("left out" in w for w in artifact.warnings)


def test_raw_ooxml_goes_in_through_public_handles() -> None:
    """A hyperlink and a page-number field go into a paragraph through a run's public
    ``element`` and lxml (``addprevious``, ``replace``), not python-docx's private ``_p`` and
    ``_r``: the paragraph's XML is what appending to its private element gave."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from lxml import etree

    from cvkit.document.markup.docx import add_link
    from cvkit.exporters.docx_styles import add_field

    def xml(paragraph: object) -> bytes:
        return etree.tostring(paragraph._p)  # type: ignore[attr-defined]

    document = docx.Document()
    public, private = document.add_paragraph("see "), document.add_paragraph("see ")
    add_link(public, "the site", "https://example.org/", str, style=None, bold=True)
    add_field(public, "PAGE")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), private.part.relate_to("https://example.org/", RT.HYPERLINK,
                                                is_external=True))
    run = private.add_run("the site")
    run.bold = run.font.cs_bold = True
    link.append(run._r)
    private._p.append(link)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field_run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    field_run.append(text)
    field.append(field_run)
    private._p.append(field)
    assert xml(public) == xml(private)
    assert b"<w:hyperlink" in xml(public) and b'w:instr="PAGE"' in xml(public)


THREE_PROJECTS = """name: Ada
experience:
- organization: Lab
  position: Engineer
  start: 2020
  projects:
""" + "".join(f"""  - name: Project {n}
    contributions: [first of {n}, second of {n}, third of {n}]
    highlights: [aside of {n}]
""" for n in "ABC")


def _three_projects(tmp_path: Path, theme: str = "academic") -> bytes:
    profile = tmp_path / "p.yaml"
    profile.write_text(THREE_PROJECTS, encoding="utf-8")
    return render(load_profile(profile), "docx", ExportOptions(theme=theme), tmp_path).data


@pytest.mark.parametrize("theme", ["academic", "classic"])
def test_each_numbered_list_restarts_at_one(tmp_path: Path, theme: str) -> None:
    """Each contributions list is its own numbering instance (a ``w:num`` over the List
    Number style's abstract numbering, with a ``startOverride`` of 1), as Word's lists are."""
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(_three_projects(tmp_path, theme)))
    numbering = document.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    style_num = document.styles["List Number"].element.find(
        f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    list_number = nums[style_num].find(qn("w:abstractNumId")).get(qn("w:val"))
    firsts = [p for p in document.paragraphs if p.text.startswith("first of")]
    assert len(firsts) == 3
    ids = []
    for p in firsts:
        num_id = p.paragraph_format.element.find(
            f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
        num = nums[num_id]
        assert num.find(qn("w:abstractNumId")).get(qn("w:val")) == list_number
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"
        ids.append(num_id)
    assert len(set(ids)) == 3
    others = [p for p in document.paragraphs if p.style.name == "List Number"
              and p.text.startswith(("second", "third"))]
    assert others, "no second or third items to check"
    for p in others:  # the other items continue their own list
        own = p.paragraph_format.element.find(
            f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
        assert own == ids["ABC".index(p.text[-1])]


def test_sub_project_bullets_hang_at_their_heading() -> None:
    """A sub-project's bullet or number sits where its heading starts, and its text on a tab
    stop of its own (the template's 0.25 in list tab is cleared: it caught a narrow bullet
    with no gap after it, "•Explored")."""
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as tmp:
        document = docx.Document(io.BytesIO(_three_projects(Path(tmp))))
    paragraphs = document.paragraphs
    head = next(p for p in paragraphs if p.text == "Project A")
    items = [p for p in paragraphs if p.style.name in ("List Number", "List Bullet")]
    assert items, "no list items to check"
    for p in items:
        f = p.paragraph_format
        bullet_at = f.left_indent + f.first_line_indent
        assert abs(bullet_at - head.paragraph_format.left_indent) <= 635  # a twip
        stops = {(s.position, s.alignment) for s in f.tab_stops}
        assert (f.left_indent, docx.enum.text.WD_TAB_ALIGNMENT.LEFT) in stops


def test_numbered_lists_restart_in_libreoffice(tmp_path: Path) -> None:
    require_tool(_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
    source = tmp_path / "three.docx"
    source.write_bytes(_three_projects(tmp_path))
    lines = [" ".join(line.split()) for line in
             extract_text("pdf", convert_with_libreoffice(source, tmp_path).read_bytes())
             .splitlines()]
    for n in "ABC":
        assert f"1. first of {n}" in lines and f"3. third of {n}" in lines, lines
