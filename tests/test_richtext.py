from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cvkit.document import richtext
from cvkit.document.markup import html, markdown, plain
from cvkit.document.richtext import Bold, Italic, Link, Text, UnsafeLinkError, parse


def test_inline_markdown_tree() -> None:
    tree = parse("I work on **ML** and *HPC*, see [site](https://x.org) `a*b`")
    assert tree[1] == Bold((Text("ML"),))
    assert tree[3] == Italic((Text("HPC"),))
    assert isinstance(tree[5], Link) and tree[5].url == "https://x.org"
    assert richtext.plain(tree).endswith("see site a*b")


def test_raw_html_is_text() -> None:
    tree = parse("<script>alert(1)</script> </div>")
    assert tree == (Text("<script>alert(1)</script> </div>"),)
    assert str(html.render(tree)) == "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/div&gt;"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "vbscript:x"])
def test_unsafe_links_rejected(url: str) -> None:
    with pytest.raises(UnsafeLinkError):
        parse(f"[x]({url})")


@pytest.mark.property
@given(st.text())
def test_html_escaper_round_trips(text: str) -> None:
    import html as stdlib_html
    from html.parser import HTMLParser

    rendered = str(html.render(richtext.literal(text)))

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.data: list[str] = []
            self.tags: list[str] = []

        def handle_data(self, d: str) -> None:
            self.data.append(d)

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.tags.append(tag)

    parser = Collect()
    parser.feed(rendered)
    parser.close()
    assert not parser.tags
    assert "".join(parser.data) == stdlib_html.unescape(rendered) == text.replace("\r", "\r")


@pytest.mark.property
@example("`A")  # found by this test: a Markdown escape that is also a LaTeX accent
@example("$a$ and \\(b\\)")  # formulas are markup: the escaper must protect them
@example("a -- b --- c")  # read as dashes unless escaped
@example("{a$b$} and {x\\%}")  # read as LaTeX groups unless escaped
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_markdown_escaper_round_trips(text: str) -> None:
    escaped = markdown.escape(text)
    tree = parse(escaped)
    assert plain.render(tree) == text.replace("\n", " ") or not text.strip()


@pytest.mark.parametrize("written, expected", [
    # arXiv (MathJax) pairs TeX left to right, digits around it or not.
    ("Mixtral-8$\\times$7B-Instruct", [("text", "Mixtral-8"), ("math", "\\times"),
                                       ("text", "7B-Instruct")]),
    ("a {1.85$\\times$} speedup", [("text", "a 1.85"), ("math", "\\times"),
                                    ("text", " speedup")]),
    ("10$^{-3}$", [("text", "10"), ("math", "^{-3}")]),
    ("$O(\\sqrt{T})$ regret", [("math", "O(\\sqrt{T})"), ("text", " regret")]),
    ("$\\epsilon$-greedy", [("math", "\\epsilon"), ("text", "-greedy")]),
    ("$$\\sum_i x_i$$", [("display", "\\sum_i x_i")]),
    # Prose about money stays prose (pandoc's rules for a pair without TeX).
    ("raised $2M and cut $300k", [("text", "raised $2M and cut $300k")]),
    ("costs \\$5", [("text", "costs $5")]),
    ("we pay $5 and $x^2$", [("text", "we pay $5 and "), ("math", "x^2")]),
])
def test_dollars_pair_as_arxiv_and_pandoc_read_them(written: str,
                                                     expected: list[tuple[str, str]]) -> None:
    from cvkit.document.richtext import Math, Text, parse

    got = [("display" if n.display else "math", n.tex) if isinstance(n, Math)
           else ("text", n.text) if isinstance(n, Text) else ("other", repr(n))
           for n in parse(written)]
    assert got == expected


def test_a_pasted_arxiv_abstract_reads_as_arxiv_shows_it(tmp_path: Path) -> None:
    """The abstract of issue 27 on the paper's page, in JSON Resume and in plain text:
    one formula (×) between 8 and 7B, and the words after it stay words."""
    import json

    from .conftest import run_cvkit

    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Jiayi Huang\npublications:\n  - title: Expanded Drop\n"
        "    authors: [Jiayi Huang]\n    venue: arXiv preprint\n    date: 2025-02\n"
        "    abstract: 'Applying Expanded Drop to Mixtral-8$\\times$7B-Instruct yields an "
        "inference speedup of 1.85$\\times$ and an error of 10$^{-3}$.'\n", encoding="utf-8")
    done = run_cvkit("export", profile, "-f", "html,jsonresume,text", "-o", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "unclosed" not in done.stderr
    resume = json.loads((tmp_path / "o" / "Jiayi_Huang_CV.json").read_text("utf-8"))
    summary = resume["publications"][0]["summary"]
    assert "Mixtral-8×7B-Instruct yields an inference speedup of 1.85×" in summary
    assert "$" not in summary
    page = next((tmp_path / "o" / "publications").glob("*/index.html")).read_text("utf-8")
    assert page.count("<math") == 3 and "7B-Instruct yields an inference speedup" in page


@pytest.mark.parametrize("tex, text", [
    ("T^{\\frac{1-ε}{2(1+ε)}}", "T^((1-ε)/(2(1+ε)))"),
    ("\\sum_{t=1}^T x_t", "∑_(t=1)^T x_t"),
    ("10^{-3}", "10^(-3)"),
    ("x_{ij}^{2}", "x_ij^2"),
    ("\\frac{1}{2}", "1/2"),
    ("\\tilde{O}(d\\sqrt{T})", "Õ(d√(T))"),
    ("\\log n + \\max_i x_i", "log n + max_i x_i"),
    ("\\Pr\\left[|x| > 1\\right]", "Pr[|x| > 1]"),
])
def test_plain_text_keeps_a_formulas_grouping(tex: str, text: str) -> None:
    """Plain text and JSON Resume print a formula in Unicode; the grouping of its
    superscripts, subscripts and fractions stays (a flat T^1-ε/2(1+ε) means another thing),
    and operators keep their names."""
    from cvkit.document.texmath import to_unicode

    assert to_unicode(tex) == text


class _Events:
    """A backend that accumulates (as the DOCX one adds runs to a paragraph): each call is
    recorded with the state bold and italic set around their children."""

    merges_text = False

    def __init__(self) -> None:
        self.events: list[str] = []
        self.state = ""

    def join(self, parts: list[None]) -> None:
        return None

    def text(self, text: str) -> None:
        self.events.append(f"{self.state}text:{text}")

    def code(self, text: str) -> None:
        self.events.append(f"{self.state}code:{text}")

    def math(self, node: richtext.Math) -> None:
        self.events.append(f"{self.state}math:{node.tex}")

    def line_break(self) -> None:
        self.events.append("break")

    def _around(self, mark: str, inner: richtext.Rich) -> None:
        was, self.state = self.state, self.state + mark
        richtext.visit(inner, self)
        self.state = was

    def bold(self, inner: richtext.Rich) -> None:
        self._around("b", inner)

    def italic(self, inner: richtext.Rich) -> None:
        self._around("i", inner)

    def link(self, target: str, inner: richtext.Rich) -> None:
        self.events.append(f"{self.state}link:{target}:{richtext.plain(inner)}")


def test_one_visitor_drives_a_backend_that_accumulates() -> None:
    backend = _Events()
    tree = parse("a **b *c* `d`** [e](https://x.org) $x^2$  \nf")
    assert richtext.visit(tree, backend) is None
    assert backend.events == ["text:a ", "btext:b ", "bitext:c", "btext: ", "bcode:d",
                              "text: ", "link:https://x.org:e", "text: ", "math:x^2", "break",
                              "text:f"]


def test_strings_backends_share_the_walk() -> None:
    """Each string format is the one walk plus its own marks and escaping."""
    tree = parse("**a & b** *c*")
    assert richtext.visit(tree, html.HtmlBackend()) == "<strong>a &amp; b</strong> <em>c</em>"
    assert richtext.visit(tree, markdown.MarkdownBackend()) == "**a & b** *c*"
    assert richtext.visit(tree, richtext.PlainText()) == "a & b c"


def test_no_format_walks_the_tree_itself() -> None:
    """Only cvkit.document.richtext matches on bold, italic and link nodes: every format renders
    through ``richtext.visit`` with a backend."""
    import ast

    package = Path(richtext.__file__).parent
    walkers = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "richtext.py" and path.parent == package:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance" \
                    and {"Bold", "Italic", "Link"} & {n.id for n in ast.walk(node.args[1])
                                                       if isinstance(n, ast.Name)}:
                walkers.append(f"{path.relative_to(package)}:{node.lineno}")
    assert walkers == []
