"""Formulas for the formats that draw them: MathML (homepage), SVG (PDF), OMML (Word).

Each function takes a ``Math`` node and returns that format's form, or None when the TeX
is not safe or cannot be converted — the caller then prints the formula as typed. The
libraries (latex2mathml, ziamath) are imported on first use, so a profile without math
never pays for them.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cvkit.document.markup.omml import from_mathml
from cvkit.document.richtext import Math
from cvkit.support import cache, packages
from cvkit.support.processes import can_fork, end_child, fork_child, parent_ends

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# Operator names latex2mathml leaves as their TeX command.
_UNKNOWN_TO_LATEX2MATHML = {"\\arg"}


@lru_cache(maxsize=1024)
def mathml_element(tex: str, display: bool) -> ET.Element | None:
    """latex2mathml's tree for ``tex``; None when the TeX is unsafe or unreadable."""
    from latex2mathml.converter import convert_to_element

    if Math(tex, display).safe is False:
        return None
    try:
        element = convert_to_element(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on TeX it cannot read
        return None
    for node in element.iter():
        # latex2mathml leaves character references as text ("&#x0005E;"): make them
        # characters, which serialising escapes again where needed.
        if node.text:
            node.text = html.unescape(node.text)
            if node.text in _UNKNOWN_TO_LATEX2MATHML:
                node.text = node.text[1:]
        # Only presentation attributes: never a link or an event handler.
        for name in [n for n in node.attrib if n.lower().startswith(("on", "href", "xlink"))]:
            del node.attrib[name]
    # After unescaping: "&#x003B7;" is one letter (η), not a function name.
    _space_function_names(element)
    return element


def _space_function_names(element: ET.Element) -> None:
    """Thin spaces around ``log``, ``sin``, ``max`` … between letters, as TeX sets them.

    latex2mathml writes a bare <mi>, which browsers run into the next letter."""
    for parent in element.iter():
        children = list(parent)
        for i in range(len(children) - 1, -1, -1):
            child = children[i]
            if child.tag.rsplit("}", 1)[-1] == "mi" and len(child.text or "") > 1:
                if i + 1 < len(children):
                    parent.insert(i + 1, ET.Element("mspace", {"width": "0.167em"}))
                if i > 0 and children[i - 1].tag.rsplit("}", 1)[-1] in ("mi", "mn"):
                    parent.insert(i, ET.Element("mspace", {"width": "0.167em"}))


@lru_cache(maxsize=1024)
def _mathml(tex: str, display: bool) -> str | None:
    element = mathml_element(tex, display)
    if element is None:
        return None
    ET.register_namespace("", MATHML_NS)
    math = ET.Element("math", {"xmlns": MATHML_NS,
                               "display": "block" if display else "inline"})
    semantics = ET.SubElement(math, "semantics")
    row = ET.SubElement(semantics, "mrow")
    row.extend(list(element))
    annotation = ET.SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    annotation.text = tex
    # ElementTree escapes every text and attribute (latex2mathml's own string form does not).
    return ET.tostring(math, encoding="unicode", short_empty_elements=False)


def mathml(node: Math) -> str | None:
    """MathML that browsers render without scripts or fonts, with the TeX as annotation."""
    return _mathml(node.tex, node.display)


# The PDF: WeasyPrint draws SVG but not MathML, so each formula becomes inline SVG
# (ziamath, which carries its own math font), in em units so it scales with the text around
# it, lowered so its baseline sits on the line's.
_SVG_SIZE = 24.0  # the size ziamath lays out at; any value works, the result is in em


_SVGS: dict[tuple[str, bool], str | None] = {}


def _svg(tex: str, display: bool) -> str | None:
    key = (tex, display)
    if key not in _SVGS:
        stored = _from_store([key])
        _SVGS[key] = stored[key] if key in stored else _draw_svg(key)
        if key not in stored:
            _to_store({key: _SVGS[key]})
    return _SVGS[key]


@lru_cache(maxsize=1)
def _store() -> str | None:
    """Drawn formulas are kept in the user's cache, one entry each, per ziamath version:
    re-exporting a CV (or `cvkit watch`) skips ziamath. CVKIT_NO_CACHE=1 turns it off."""
    ziamath, ziafont = packages.version("ziamath"), packages.version("ziafont")
    if ziamath is None or ziafont is None:
        return None
    drawn_by = f"ziamath-{ziamath}-ziafont-{ziafont}"
    return f"math-v1-{drawn_by}"  # v1: the SVG as _resize leaves it


def _stored_name(key: tuple[str, bool]) -> str:
    return hashlib.sha256(f"{key[1]:d}{key[0]}".encode()).hexdigest()[:32] + ".svg"


def _from_store(keys: list[tuple[str, bool]]) -> dict[tuple[str, bool], str]:
    kind = _store()
    found: dict[tuple[str, bool], str] = {}
    if kind is None:
        return found
    for key in keys:
        data = cache.read(kind, _stored_name(key))
        if data is not None:
            try:
                found[key] = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    return found


def _to_store(drawn: dict[tuple[str, bool], str | None]) -> None:
    kind = _store()
    if kind is None:
        return
    for key, svg in drawn.items():
        if svg is not None:
            cache.write(kind, _stored_name(key), svg.encode("utf-8"))


def _draw_svg(key: tuple[str, bool]) -> str | None:
    tex, display = key
    if mathml_element(tex, display) is None:
        return None
    try:
        import ziafont
        import ziamath

        # Paths drawn in place, not <symbol>s: ids would repeat across the page's formulas.
        ziafont.config.svg2 = False  # type: ignore[attr-defined]
        drawing = ziamath.Latex(tex, size=_SVG_SIZE, inline=not display)  # type: ignore[attr-defined]
        svg = drawing.svg()
    except Exception:
        return None
    head = re.match(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)" viewBox="([-\d. ]+)"', svg)
    if head is None:
        return None
    width, height = float(head.group(1)), float(head.group(2))
    top = float(head.group(3).split()[1])
    below = height + top  # the part under the baseline (y = 0)
    style = f"vertical-align:{-below / _SVG_SIZE:.3f}em"
    return _resize(svg, width, height, style)


def _resize(svg: str, width: float, height: float, style: str) -> str:
    svg = re.sub(r'^<svg ([^>]*?)width="[\d.]+" height="[\d.]+"',
                 lambda m: f'<svg class="math" {m.group(1)}width="{width / _SVG_SIZE:.3f}em" '
                           f'height="{height / _SVG_SIZE:.3f}em" style="{style}"', svg, count=1)
    return svg


def svg(node: Math) -> str | None:
    return _svg(node.tex, node.display)


def draw_ahead(formulas: list[Math]) -> Callable[[], None]:
    """Start laying out formulas' SVG in a forked process and return a function that waits
    for them. ziamath lays out in pure Python, slowly (bench/export_math.py prints the cost);
    done beside the WeasyPrint import, a page of formulas costs little more than a page
    without."""
    keys = list(dict.fromkeys((f.tex, f.display) for f in formulas if f.safe))
    keys = [k for k in keys if k not in _SVGS]
    _SVGS.update(_from_store(keys))
    keys = [k for k in keys if k not in _SVGS]
    if len(keys) < 8 or not can_fork():
        return lambda: None

    read_end, write_end = os.pipe()
    parent_ends.add(read_end)
    pid, alive = fork_child()
    if pid == 0:  # the child: draws, hands the drawings over, and is gone
        status = 1
        try:
            with os.fdopen(write_end, "wb") as out:
                out.write(json.dumps([_draw_svg(key) for key in keys]).encode("utf-8"))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def finish() -> None:
        try:
            with os.fdopen(read_end, "rb") as results:
                drawn = dict(zip(keys, json.loads(results.read()), strict=True))
            _SVGS.update(drawn)
            _to_store(drawn)
        except Exception:  # noqa: S110, BLE001 (then each formula is drawn here)
            pass
        finally:
            parent_ends.discard(read_end)
            end_child(pid, alive)

    return finish


def omml(node: Math, half_points: int | None = None) -> Any | None:
    """A Word equation (``m:oMath``) for the formula, or None; ``half_points`` is the size
    of the text around it."""
    element = mathml_element(node.tex, node.display)
    if element is None:
        return None

    return from_mathml(element, half_points)
