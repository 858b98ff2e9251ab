"""MathML (as latex2mathml writes it) to OMML, the equations Word and LibreOffice edit.

Every element latex2mathml emits has a mapping here (tests/exporters/test_math.py has one
test per element); anything else keeps its children, so no formula is ever lost.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from lxml import etree

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Operators Word lays out as n-ary (limits above and below, or beside when inline).
NARY = set("∑∏∐∫∬∭∮∯∰⋃⋂⋁⋀⨁⨂⨀⨄")
_VARIANTS = {  # MathML mathvariant -> (m:sty, m:scr)
    "normal": ("p", None), "bold": ("b", None), "italic": ("i", None),
    "bold-italic": ("bi", None), "double-struck": ("p", "double-struck"),
    "script": ("p", "script"), "bold-script": ("b", "script"), "fraktur": ("p", "fraktur"),
    "bold-fraktur": ("b", "fraktur"), "sans-serif": ("p", "sans-serif"),
    "monospace": ("p", "monospace"),
}


def _m(tag: str, *children: Any, **attrs: str) -> Any:
    element = etree.Element(f"{{{M}}}{tag}", nsmap={"m": M})
    for key, value in attrs.items():
        element.set(f"{{{M}}}{key}", value)
    for child in children:
        if child is not None:
            element.append(child)
    return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _needs_literal(text: str, style: str | None) -> bool:
    """Whether LibreOffice would misread the run: its OMML import pastes a run's text into
    its own formula language, where ``| < > [ ( ^ _ " %`` and words such as ``min`` are
    syntax, and ignores ``m:sty`` (so an upright letter would be italic). A literal run
    (``m:lit``, which Word reads as "not an operator to build up") becomes quoted text
    there, drawn upright as written. Braces are the exception: the import escapes them
    itself, and inside quotes that escape would be printed."""
    if "{" in text or "}" in text:
        return False
    if len(text) > 1 and not _NUMBER.fullmatch(text):
        return True
    if style == "p" and any(c.isalpha() for c in text):
        return True
    return any(c.isascii() and not c.isalnum() and not c.isspace() for c in text)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _run(text: str, style: str | None = None, script: str | None = None,
         normal_text: bool = False) -> Any:
    run = _m("r")
    literal = not normal_text and _needs_literal(text, style)
    if style or script or normal_text or literal:
        props = _m("rPr")
        if literal:
            props.append(_m("lit"))
        if normal_text:
            props.append(_m("nor"))
        else:
            if script:
                props.append(_m("scr", val=script))
            if style:
                props.append(_m("sty", val=style))
        run.append(props)
    t = _m("t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    return run


def _text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


# ASCII that LibreOffice's equation import reads as its own syntax when alone.
_OPERATOR_GLYPHS = {"*": "\u2217", "-": "\u2212"}


def _token(element: ET.Element) -> list[Any]:
    tag = _local(element.tag)
    text = _text_of(element)
    if tag == "mo":
        text = _OPERATOR_GLYPHS.get(text, text)
    if not text:
        return []
    variant = element.get("mathvariant")
    if tag == "mtext":
        return [_run(text, normal_text=True)]
    if variant in _VARIANTS:
        style, script = _VARIANTS[variant]
        return [_run(text, style, script)]
    if tag == "mi" and len(text) == 1:
        return [_run(text)]  # a single-letter variable: Word's default, italic
    return [_run(text, "p")]  # numbers, operators, function names: upright


def _children(element: ET.Element) -> list[Any]:
    out: list[Any] = []
    waiting: Any = None  # an n-ary operator (∑ ...) whose operand is the next item
    for child in element:
        converted = convert(child)
        if waiting is not None and converted:
            waiting.find(f"{{{M}}}e").extend(converted)
            waiting = None
            continue
        out.extend(converted)
        if converted and converted[-1].tag == f"{{{M}}}nary":
            waiting = converted[-1]
    return out


def _arg(tag: str, element: ET.Element | None) -> Any:
    wrapper = _m(tag)
    if element is not None:
        for converted in convert(element):
            wrapper.append(converted)
        if not len(wrapper):
            # An empty part (the base of ``10$^{-3}$``) is a placeholder box in Word's editor
            # and LibreOffice's drawing; a space is nothing in both.
            wrapper.append(_run(" "))
    return wrapper


def _is_nary(element: ET.Element) -> bool:
    return _local(element.tag) == "mo" and _text_of(element).strip() in NARY


def _nary(base: ET.Element, sub: ET.Element | None, sup: ET.Element | None) -> Any:
    props = _m("naryPr", _m("chr", val=_text_of(base).strip()))
    if sub is None:
        props.append(_m("subHide", val="1"))
    if sup is None:
        props.append(_m("supHide", val="1"))
    return _m("nary", props, _arg("sub", sub), _arg("sup", sup), _m("e"))


def _msub(e: ET.Element) -> list[Any]:
    base, sub = list(e)[:2]
    if _is_nary(base):
        return [_nary(base, sub, None)]
    return [_m("sSub", _arg("e", base), _arg("sub", sub))]


def _msup(e: ET.Element) -> list[Any]:
    base, sup = list(e)[:2]
    if _is_nary(base):
        return [_nary(base, None, sup)]
    return [_m("sSup", _arg("e", base), _arg("sup", sup))]


def _msubsup(e: ET.Element) -> list[Any]:
    base, sub, sup = list(e)[:3]
    if _is_nary(base):
        return [_nary(base, sub, sup)]
    return [_m("sSubSup", _arg("e", base), _arg("sub", sub), _arg("sup", sup))]


def _mfrac(e: ET.Element) -> list[Any]:
    num, den = list(e)[:2]
    props = _m("fPr", _m("type", val="noBar")) if e.get("linethickness") in ("0", "0pt") \
        else None
    return [_m("f", props, _arg("num", num), _arg("den", den))]


def _msqrt(e: ET.Element) -> list[Any]:
    inner = _m("e", *_children(e))
    return [_m("rad", _m("radPr", _m("degHide", val="1")), _m("deg"), inner)]


def _mroot(e: ET.Element) -> list[Any]:
    base, degree = list(e)[:2]
    return [_m("rad", _arg("deg", degree), _arg("e", base))]


def _accent_char(e: ET.Element, over: ET.Element) -> str | None:
    text = _text_of(over).strip()
    accent = e.get("accent") == "true" or over.get("accent") == "true"
    if _local(over.tag) == "mo" and len(text) == 1 and (accent or text in "~^¯‾˙¨→˜ˇ˘`´"):
        return text
    return None


def _mover(e: ET.Element) -> list[Any]:
    base, over = list(e)[:2]
    if _is_nary(base):
        return [_nary(base, None, over)]
    char = _accent_char(e, over)
    if char in ("‾", "¯", "―", "\u0305"):
        return [_m("bar", _m("barPr", _m("pos", val="top")), _arg("e", base))]
    if char is not None:
        return [_m("acc", _m("accPr", _m("chr", val=char)), _arg("e", base))]
    return [_m("limUpp", _arg("e", base), _arg("lim", over))]


def _munder(e: ET.Element) -> list[Any]:
    base, under = list(e)[:2]
    if _is_nary(base):
        return [_nary(base, under, None)]
    return [_m("limLow", _arg("e", base), _arg("lim", under))]


def _munderover(e: ET.Element) -> list[Any]:
    base, under, over = list(e)[:3]
    if _is_nary(base):
        return [_nary(base, under, over)]
    lower = _m("limLow", _arg("e", base), _arg("lim", under))
    return [_m("limUpp", _m("e", lower), _arg("lim", over))]


def _mtable(e: ET.Element) -> list[Any]:
    matrix = _m("m")
    for row in e:
        if _local(row.tag) != "mtr":
            continue
        mr = _m("mr")
        for cell in row:
            mr.append(_m("e", *_children(cell)))
        matrix.append(mr)
    return [matrix]


def _menclose(e: ET.Element) -> list[Any]:
    return [_m("borderBox", _m("e", *_children(e)))]


def _mphantom(e: ET.Element) -> list[Any]:
    return [_m("phant", _m("e", *_children(e)))]


def _is_fence(element: ET.Element, form: str) -> bool:
    return (_local(element.tag) == "mo" and element.get("fence") == "true"
            and element.get("form") == form)


def _mrow(e: ET.Element) -> list[Any]:
    """``\\left( … \\right)`` becomes a delimiter (``m:d``), which grows with what it holds."""
    children = list(e)
    if len(children) < 2 or not (_is_fence(children[0], "prefix")
                                 and _is_fence(children[-1], "postfix")):
        return _children(e)
    inner = ET.Element("mrow")
    inner.extend(children[1:-1])
    # An empty character is \\left. or \\right.: no delimiter on that side.
    props = _m("dPr", _m("begChr", val=_text_of(children[0]).strip()),
               _m("endChr", val=_text_of(children[-1]).strip()))
    return [_m("d", props, _m("e", *_children(inner)))]


def _mspace(e: ET.Element) -> list[Any]:
    width = e.get("width", "")
    return [_run("\u2003" if width.endswith("em") and width[:-2] not in ("", "0")
                 and float(width[:-2] or 0) >= 1 else "\u2009", "p")]


_CONVERTERS: dict[str, Callable[[ET.Element], list[Any]]] = {
    "msub": _msub, "msup": _msup, "msubsup": _msubsup, "mfrac": _mfrac, "msqrt": _msqrt,
    "mroot": _mroot, "mover": _mover, "munder": _munder, "munderover": _munderover,
    "mtable": _mtable, "menclose": _menclose, "mphantom": _mphantom, "mspace": _mspace,
    "mrow": _mrow, "mi": _token, "mn": _token, "mo": _token, "mtext": _token, "ms": _token,
}
# Containers whose children simply follow one another.
CONTAINERS = {"math", "mstyle", "mpadded", "semantics", "merror", "mtd", "mtr",
              "mfenced"}
HANDLED = set(_CONVERTERS) | CONTAINERS


def convert(element: ET.Element) -> list[Any]:
    tag = _local(element.tag)
    if tag == "annotation":
        return []
    handler = _CONVERTERS.get(tag)
    if handler is not None and (tag in ("mi", "mn", "mo", "mtext", "ms", "mspace")
                                or len(element) >= {"msubsup": 3, "munderover": 3,
                                                    "msqrt": 0, "mtable": 0, "menclose": 0,
                                                    "mrow": 0, "mphantom": 0}.get(tag, 2)):
        return handler(element)
    return _children(element)


def from_mathml(math: ET.Element, half_points: int | None = None) -> Any:
    """An ``m:oMath`` element (inline) for a MathML ``math`` element.

    ``half_points`` is the size of the text around it: Word sizes each math run by its own
    ``w:sz`` and would otherwise set the formula at the document's default size."""
    equation = _m("oMath", *_children(math))
    if half_points:
        for run in equation.iter(f"{{{M}}}r"):
            props = etree.Element(f"{{{W}}}rPr", nsmap={"w": W})
            for tag in ("sz", "szCs"):
                etree.SubElement(props, f"{{{W}}}{tag}").set(f"{{{W}}}val", str(half_points))
            math_props = run.find(f"{{{M}}}rPr")
            run.insert(0 if math_props is None else 1, props)
    return equation
