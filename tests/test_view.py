from __future__ import annotations

import re
from pathlib import Path

import pytest

from cvkit.document.authors import is_owner, owner_keys, split_marks
from cvkit.profile.load import load_profile
from cvkit.profile.locale import load as load_locale
from cvkit.profile.model import Profile
from cvkit.profile.model.types import PartialDate
from cvkit.view import ViewOptions, build_document, build_letter, venue_tag


def format_date(d: PartialDate, style: str, locale: str) -> str:
    return load_locale(locale).date(d, style)


@pytest.mark.parametrize("author", ["Weilin Cai", "weilin cai*", "W. Cai†", "Cai, Weilin",
                                    "WEILIN CAI**", "Weilin  Cai"])
def test_owner_found(author: str) -> None:
    assert is_owner(author, owner_keys("Weilin Cai", ["W. Cai"]))


@pytest.mark.parametrize("author", ["Wei Cai", "Weilin Chen", "Le Qin"])
def test_others_not_owner(author: str) -> None:
    assert not is_owner(author, owner_keys("Weilin Cai", ["W. Cai"]))


def test_owner_tolerates_accents_and_scripts() -> None:
    keys = owner_keys("José Ångström", ["蔡伟林"])
    assert is_owner("Jose Angstrom", keys)
    assert is_owner("蔡伟林*", keys)
    assert is_owner("Łukasz Żółć", owner_keys("Lukasz Zolc", []))


def test_split_marks() -> None:
    assert split_marks("Weilin Cai*†") == ("Weilin Cai", "*†")
    assert split_marks("Linxiao Li\\*") == ("Linxiao Li", "*")
    assert split_marks("Plain Name") == ("Plain Name", "")


def test_venue_tag_apostrophe() -> None:
    assert venue_tag("MLSys '26") == "MLSys ’26"
    assert venue_tag("ArXiv ‘25") == "ArXiv ’25"
    assert venue_tag("WWW'26") == "WWW’26"


@pytest.mark.parametrize("style,locale,expected", [
    ("month-year", "en", "May 2026"), ("dotted", "en", "2026.05"), ("slash", "en", "05/2026"),
    ("month-year", "zh", "2026年5月"), ("year", "en", "2026"),
])
def test_date_styles(style: str, locale: str, expected: str) -> None:
    assert format_date(PartialDate.parse("2026-05"), style, locale) == expected


def test_present_is_localised() -> None:
    present = PartialDate.parse("present")
    assert format_date(present, "dotted", "en") == "Present"
    assert format_date(present, "dotted", "zh") == "至今"


def _profile(**data: object) -> Profile:
    return Profile.model_validate({"name": "Weilin Cai", **data})


def test_legend_follows_layout_marks() -> None:
    p = _profile(
        publications=[{"title": "T", "authors": ["Weilin Cai**", "A B**", "C D*"]}],
        layout={"author_marks": {"*": "Corresponding author", "**": "Equal contribution"}},
    )
    doc = build_document(p)
    sec = doc.section("publications")
    assert sec is not None
    assert sec.legend == (("*", "Corresponding author"), ("**", "Equal contribution"))
    assert doc.publications[0].authors[0].is_owner
    assert doc.publications[0].authors[0].marks == "**"


def test_sections_follow_layout_order_and_titles() -> None:
    p = _profile(awards=[{"title": "A"}], education=[{"institution": "U"}],
                 layout={"sections": ["awards", "education"], "titles": {"awards": "Prizes"}})
    doc = build_document(p)
    assert [(s.key, s.title) for s in doc.sections] == [("awards", "Prizes"),
                                                         ("education", "Education")]


def test_hidden_selected_and_since() -> None:
    from cvkit.profile.model.layout import Variant
    from cvkit.view import ViewOptions

    p = _profile(publications=[
        {"title": "Old", "authors": ["X"], "date": 2019, "selected": True},
        {"title": "New", "authors": ["X"], "date": 2025},
        {"title": "Hidden", "authors": ["X"], "date": 2025, "hidden": True},
    ])
    titles = lambda o: [x.title for x in build_document(p, o).publications]  # noqa: E731
    assert titles(ViewOptions()) == ["Old", "New"]
    assert titles(ViewOptions(variant=Variant(selected_only=True))) == ["Old"]
    assert titles(ViewOptions(variant=Variant(since=2020))) == ["New"]


def test_default_marks_legend_follows_the_locale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cvkit.profile.load import load_profile
    from cvkit.view import build_document

    path = tmp_path / "p.yaml"
    path.write_text("name: 蔡伟林\nlayout: {locale: zh}\npublications:\n"
                    "  - {title: T, authors: ['蔡伟林*', '顾点点*']}\n", encoding="utf-8")
    legend = build_document(load_profile(path)).section("publications").legend
    assert legend == (("*", "同等贡献"),)
    path.write_text("name: 蔡伟林\nlayout: {locale: zh, author_marks: {'*': 通讯作者}}\n"
                    "publications:\n  - {title: T, authors: ['蔡伟林*']}\n", encoding="utf-8")
    assert build_document(load_profile(path)).section("publications").legend == (
        ("*", "通讯作者"),)


ONGOING = """name: Ada Park
layout: {locale: LOCALE}
experience:
  - {organization: Acme, position: Engineer, start: 2024-03}
  - {organization: Beta, position: Hackathon mentor, date: 2023-07}
education:
  - {institution: ETH Zürich, degree: Ph.D., start: 2021-09}
projects:
  - {name: Orbit, start: 2022-01}
service:
  - {role: Reviewer, organization: NeurIPS, start: 2023}
teaching:
  - {course: Algorithms, role: TA, start: 2022-09}
"""


@pytest.mark.parametrize(("locale", "present"), [("en", "Present"), ("zh", "至今")])
def test_a_start_without_an_end_is_ongoing_in_every_format(tmp_path: Path, locale: str,
                                                            present: str) -> None:
    import io
    import json

    import docx
    from pypdf import PdfReader

    from .conftest import run_cvkit

    profile = tmp_path / "p.yaml"
    profile.write_text(ONGOING.replace("LOCALE", locale), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cvkit("export", profile, "-f", "all", "-f", "jsonresume", "-o", out)
    assert result.returncode == 0, result.stderr
    texts = {
        "pdf": "\n".join(p.extract_text() for p in PdfReader(next(out.glob("*.pdf"))).pages),
        "docx": "\n".join(p.text for p in docx.Document(io.BytesIO(
            next(out.glob("*.docx")).read_bytes())).paragraphs),
        "html": (out / "index.html").read_text("utf-8"),
        "latex": next(out.glob("*.tex")).read_text("utf-8"),
        "markdown": next(out.glob("*.md")).read_text("utf-8"),
        "text": next(out.glob("*.txt")).read_text("utf-8"),
    }
    for fmt, text in texts.items():
        # experience, education, project, service, teaching: five ongoing periods
        assert text.count(present) >= 5, (fmt, text[:2000])
    start = "Mar 2024" if locale == "en" else "2024年3月"
    assert f"{start} – {present}" in texts["text"]
    single = "Jul 2023" if locale == "en" else "2023年7月"
    assert single in texts["text"] and f"{single} –" not in texts["text"]
    resume = json.loads(next(out.glob("*.json")).read_text("utf-8"))
    assert resume["work"][0]["startDate"] == "2024-03" and "endDate" not in resume["work"][0]
    assert resume["work"][1]["startDate"] == resume["work"][1]["endDate"] == "2023-07"


def test_date_and_a_period_together_are_refused(tmp_path: Path) -> None:
    from cvkit.support.errors import ProfileError

    profile = tmp_path / "p.yaml"
    profile.write_text("name: A\nexperience:\n  - {organization: X, date: 2023, start: 2022}\n",
                       encoding="utf-8")
    with pytest.raises(ProfileError, match="write either date"):
        load_profile(profile)


def test_year_groups_list_papers_newest_first(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: A\nlayout: {publication_groups: year}\npublications:\n"
        "  - {title: March, authors: [A], date: 2025-03}\n"
        "  - {title: Old, authors: [A], date: 2023-07}\n"
        "  - {title: July, authors: [A], date: 2025-07}\n", encoding="utf-8")
    doc = build_document(load_profile(profile))
    groups = doc.section("publications").publication_groups  # type: ignore[union-attr]
    assert [(g.title, [p.title for p in g.publications]) for g in groups] == [
        ("2025", ["July", "March"]), ("2023", ["Old"])]
    assert [p.number for p in doc.publications] == [1, 2, 3]


ORCID = "0000-0002-1825-0097"


def test_the_owner_is_found_by_orcid_whatever_the_spelling(tmp_path: Path) -> None:
    """An author carrying the profile's ORCID iD is the owner however the name is written;
    a namesake with another iD is not; names without iDs are matched by name as before."""
    profile = tmp_path / "p.yaml"
    profile.write_text(
        f"name: Weilin Cai\nlinks: {{orcid: 'https://orcid.org/{ORCID}'}}\npublications:\n"
        f"  - title: By iD\n    authors: [Bo Chen, {{name: 蔡伟林*, orcid: {ORCID}}}]\n"
        "  - title: Namesake\n    authors: [{name: Weilin Cai, orcid: 0000-0001-5109-3700},"
        " Bo Chen]\n"
        "  - title: By name\n    authors: [Weilin Cai, Bo Chen]\n", encoding="utf-8")
    pubs = build_document(load_profile(profile)).publications
    owners = [[(a.name, a.marks, a.orcid) for a in p.authors if a.is_owner] for p in pubs]
    assert owners == [[("蔡伟林", "*", ORCID)], [], [("Weilin Cai", "", "")]]
    # In a citation style too: the owner's name is the design's.
    from cvkit.build.api import ExportOptions, render

    html = render(load_profile(profile), "html",
                  ExportOptions(citation_style="apa"), tmp_path).data.decode("utf-8")
    assert '<strong class="owner">蔡伟林</strong><sup class="mark">*</sup>' in html


def test_an_ambiguous_owner_is_a_located_warning(tmp_path: Path) -> None:
    from cvkit.support.errors import Problem

    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Jing Wang\naliases: [J. Wang]\npublications:\n"
        "  - title: Two of them\n    authors: [J. Wang, Jing Wang, Bo Chen]\n"
        "  - title: One\n    authors: [Jing Wang, Bo Chen]\n", encoding="utf-8")
    warnings: list[Problem] = []
    load_profile(profile, warnings)
    said = [w.format() for w in warnings]
    assert len(said) == 1 and re.search(r"p\.yaml:5:\d+: publications\[0\]\.authors\[1\]: "
                                        r"J\. Wang, Jing Wang: 2 names here match Jing Wang",
                                        said[0]), said
    # An iD settles it: the warning goes.
    profile.write_text(profile.read_text("utf-8").replace(
        "name: Jing Wang\n", f"name: Jing Wang\nlinks: {{orcid: {ORCID}}}\n").replace(
        "[J. Wang, Jing Wang, Bo Chen]", f"[J. Wang, {{name: Jing Wang, orcid: {ORCID}}}, "
        "Bo Chen]"), encoding="utf-8")
    warnings.clear()
    doc = build_document(load_profile(profile, warnings))
    assert warnings == []
    assert [a.name for a in doc.publications[0].authors if a.is_owner] == ["Jing Wang"]


def test_an_orcid_is_checked_and_stored_bare(tmp_path: Path) -> None:
    from cvkit.support.errors import ProfileError

    profile = tmp_path / "p.yaml"
    profile.write_text("name: A\npublications:\n  - title: T\n    authors: "
                       "[{name: A, orcid: 0000-0002-1825-0098}]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p\.yaml:4:\d+: publications\[0\]\.authors\[0\]"
                       r"\.orcid: .*check digit"):
        load_profile(profile)


def test_the_default_list_prints_the_fields_references_need(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Ada Park\nlayout: {publication_groups: none}\npublications:\n"
        "  - {title: Heavy Tails, authors: [Ada Park], kind: journal, venue: PLOS ONE,"
        " volume: '19', issue: '7', article_number: e0270533, date: 2024}\n"
        "  - {title: Bandits, authors: [Ada Park], kind: book, edition: '2', series: Lecture"
        " Notes, publisher: Springer, publisher_place: Cham, date: 2024}\n"
        "  - {title: Chapter, authors: [Ada Park], editors: [Bo Chen, Cy Diaz], kind: chapter,"
        " book_title: Handbook of Bandits, pages: 1-20, date: 2024}\n"
        "  - {title: Paper, authors: [Ada Park], venue: ICML 2024, book_title: Proceedings of"
        " ICML, pages: 1-9, date: 2024}\n"
        "  - {title: Report, authors: [Ada Park], kind: report, institution: ETH Zürich,"
        " number: TR-1, date: 2024}\n"
        "  - {title: Thesis, authors: [Ada Park], kind: thesis, institution: Stanford"
        " University, thesis_type: PhD thesis, date: 2022}\n"
        "  - {title: Edited, editors: [Ada Park, Bo Chen], kind: book, publisher: MIT Press,"
        " date: 2023}\n"
        "  - {title: No venue, authors: [Ada Park], kind: book, status: in preparation}\n",
        encoding="utf-8")
    pubs = build_document(load_profile(profile)).publications
    assert [(p.venue, p.details) for p in pubs] == [
        ("PLOS ONE", "19(7), Article e0270533"),
        ("", "2nd ed., Lecture Notes, Cham: Springer"),
        ("Handbook of Bandits", "ed. by Bo Chen, Cy Diaz, pp. 1-20"),
        ("ICML 2024", "in Proceedings of ICML, pp. 1-9"),
        ("ETH Zürich", "No. TR-1"),
        ("Stanford University", "PhD thesis"),
        ("", "MIT Press"),
        ("", "")]
    # An edited volume shows its editors where the authors go, the owner among them.
    assert [(a.name, a.is_owner) for a in pubs[6].authors] == [("Ada Park", True),
                                                                ("Bo Chen", False)]
    # No venue: the line starts with what there is, never with a comma.
    text = render_text(profile)
    assert "\n    , " not in text and "Lecture Notes, Cham: Springer" in text
    assert "(In preparation)" in text


def render_text(profile: Path) -> str:
    from cvkit.build.api import render

    return render(load_profile(profile), "text").data.decode("utf-8")


def test_a_cover_letter_leaves_the_photo_out_that_the_cv_shows() -> None:
    profile = Profile.model_validate({"name": "Ada Park", "photo": "ada.jpg"})
    assert build_document(profile, ViewOptions()).photo == "ada.jpg"
    assert build_letter(profile, "Dear committee,").photo == ""
    hidden = Profile.model_validate({"name": "Ada Park", "photo": "ada.jpg",
                                     "layout": {"design": {"photo": False}}})
    assert build_document(hidden, ViewOptions()).photo == ""


def test_a_skill_groups_items_are_its_entrys_tags() -> None:
    """The words a design draws as tags (altacv's skills) are the view's, typed: the
    exporters read ``Entry.tags``, not the profile's record."""
    profile = Profile.model_validate({
        "name": "Ada Park", "skills": [{"category": "Languages", "items": ["Python", "C++"]}],
        "languages": [{"language": "English", "fluency": "native"}],
        "layout": {"sections": ["skills", "languages"]}})
    skills, languages = build_document(profile).sections
    assert [e.tags for e in skills.entries] == [("Python", "C++")]
    assert [e.tags for e in languages.entries] == [()]
