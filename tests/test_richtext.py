from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cvkit import richtext
from cvkit.markup import html, markdown, plain
from cvkit.richtext import Bold, Italic, Link, Text, UnsafeLinkError, parse


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
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_markdown_escaper_round_trips(text: str) -> None:
    escaped = markdown.escape(text)
    tree = parse(escaped)
    assert plain.render(tree) == text.replace("\n", " ") or not text.strip()
