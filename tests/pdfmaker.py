"""Small PDFs written by hand, byte by byte, to reproduce what other tools' PDFs do to a
text extractor: words placed apart with no space between them (Awesome-CV's fonts), icon
glyphs mapped to private-use code points (RenderCV's icon themes, Font Awesome), tabs and
no-break spaces in place of spaces (a word processor's export), soft hyphens."""

from __future__ import annotations

import io

# Helvetica's own space is 0.278 em; a gap of 0.1 em between words reads as no space.
TIGHT_GAP = -100


def spaced_by_gaps(words: list[str], gap: int = TIGHT_GAP) -> bytes:
    """A content stream placing ``words`` with gaps and no space glyphs (a TJ array)."""
    shown = f" {gap} ".encode().join(b"(" + w.encode("latin-1") + b")" for w in words)
    return b"BT /F1 11 Tf 72 700 Td [" + shown + b"] TJ ET"


def text_line(text: bytes, y: int = 700) -> bytes:
    return b"BT /F1 11 Tf 72 %d Td (" % y + text + b") Tj ET"


def pdf(content: bytes, title: str = "Ada Park", lang: str = "en",
        to_unicode: dict[int, str] | None = None) -> bytes:
    """One page of Helvetica text; ``to_unicode`` maps byte codes to the characters a
    reader gets (a font's ToUnicode map, as icon fonts carry)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Lang (" + lang.encode() + b") >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               font + (b" /ToUnicode 7 0 R >>" if to_unicode else b" >>"),
               b"<< /Title (" + title.encode("latin-1") + b") /Producer (by hand) >>"]
    if to_unicode:
        pairs = b"".join(b"<%02X> <%04X>\n" % (code, ord(char))
                         for code, char in to_unicode.items())
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                b"/CMapName /Icons def 1 begincodespacerange <00> <FF> endcodespacerange "
                b"%d beginbfchar\n" % len(to_unicode) + pairs +
                b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def ascii_map() -> dict[int, str]:
    return {code: chr(code) for code in range(32, 127)}
