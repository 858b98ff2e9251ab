"""The ligatures TeX fonts really form, read from their TFM files and encoding vectors.

The LaTeX escaper breaks every ligature that would change the text as typed. Its table is
checked against this list, which comes from the fonts TeX Live installs (``tftopl`` prints a
TFM's ligature program), never from memory.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

# pdflatex: the T1 (text) and TS1 (symbols) fonts the LaTeX template selects (Charter, and
# Computer Modern's EC/TC fonts for \texttt and as the reference of each encoding).
T1_FONTS = ["bchr8t", "bchb8t", "bchri8t", "bchbi8t", "ecrm1000", "ecbx1000", "ecti1000",
            "ecbi1000", "ectt1000", "ecss1000", "ecsx1000"]
TS1_FONTS = ["bchr8c", "bchb8c", "bchri8c", "bchbi8c", "tcrm1000", "tcbx1000", "tcti1000",
             "tctt1000"]
ENCODINGS = {"T1": "q-ec-uni.enc", "TS1": "q-ts1-uni.enc"}
# xelatex: fontspec turns on the TeX-text mapping (-- to an en dash ...) for the main font.
XETEX_MAP = "tex-text.map"

_LIG = re.compile(r"\((/?LIG/?>{0,2}) ([COD]) (\S+) ([COD]) (\S+)\)")
_LABEL = re.compile(r"\(LABEL ([COD]) (\S+)\)")


def available() -> bool:
    return all(shutil.which(tool) for tool in ("tftopl", "kpsewhich"))


def _find(name: str, *kind: str) -> Path:
    found = subprocess.run(["kpsewhich", *kind, name], capture_output=True,
                           text=True).stdout.strip()
    if not found:
        raise FileNotFoundError(name)
    return Path(found)


def _slot(kind: str, value: str) -> int:
    return {"C": ord, "O": lambda v: int(v, 8), "D": int}[kind](value)  # type: ignore[no-any-return]


def encoding(name: str) -> list[str | None]:
    """Slot -> Unicode text, from a dvips encoding vector whose glyphs are named uniXXXX."""
    text = re.sub(r"%.*", "", _find(name).read_text("latin-1"))
    glyphs = re.findall(r"/(\S+)", text.split("[", 1)[1].split("]", 1)[0])
    assert len(glyphs) == 256, (name, len(glyphs))
    out: list[str | None] = []
    for glyph in glyphs:
        codes = re.fullmatch(r"uni((?:[0-9A-F]{4})+)", glyph)
        out.append("".join(chr(int(codes.group(1)[i:i + 4], 16))
                           for i in range(0, len(codes.group(1)), 4)) if codes else None)
    return out


def tfm_ligatures(font: str) -> list[tuple[int, int, int]]:
    """(left slot, right slot, result slot) for every ligature instruction of a TFM."""
    pl = subprocess.run(["tftopl", str(_find(f"{font}.tfm"))], capture_output=True,
                        text=True, check=True).stdout
    table = pl.split("(LIGTABLE", 1)[1] if "(LIGTABLE" in pl else ""
    labels: list[int] = []
    closed = False
    found = []
    for line in table.splitlines():
        line = line.strip()
        if line.startswith("(CHARACTER"):
            break
        if m := _LABEL.match(line):
            if closed:
                labels, closed = [], False
            labels.append(_slot(m.group(1), m.group(2)))
        elif m := _LIG.match(line):
            closed = True
            right, result = _slot(m.group(2), m.group(3)), _slot(m.group(4), m.group(5))
            found += [(left, right, result) for left in labels]
        elif line.startswith(("(KRN", "(STOP")):
            closed = True
    return found


def xetex_ligatures() -> list[tuple[str, str]]:
    """(input, output) for every many-to-one rule of XeTeX's TeX-text mapping."""
    rules = []
    for line in _find(XETEX_MAP, "-format=misc fonts").read_text("utf-8").splitlines():
        line = line.split(";", 1)[0]
        if "<>" not in line and ">" not in line:
            continue
        left, right = re.split(r"<>|>", line, maxsplit=1)
        codes = [chr(int(c, 16)) for c in re.findall(r"U\+([0-9A-Fa-f]+)", left)]
        result = "".join(chr(int(c, 16)) for c in re.findall(r"U\+([0-9A-Fa-f]+)", right))
        if len(codes) >= 2:
            rules.append(("".join(codes), result))
    return rules


def text_changing_pairs() -> set[str]:
    """Every two characters a TeX font would print as something else.

    Ligatures that read back as the same letters (fi, ffl: NFKC folds them) are typography,
    not a change of text, and are left alone.
    """
    pairs: set[str] = set()
    for enc, fonts in (("T1", T1_FONTS), ("TS1", TS1_FONTS)):
        chars = encoding(ENCODINGS[enc])
        for font in fonts:
            for left, right, result in tfm_ligatures(font):
                a, b, r = chars[left], chars[right], chars[result]
                if a is None or b is None or len(a) != 1 or len(b) != 1 \
                        or "Co" in (unicodedata.category(a), unicodedata.category(b)):
                    continue  # private-use slots (the hyphen char): no input reaches them
                if r is None or unicodedata.normalize("NFKC", r) != \
                        unicodedata.normalize("NFKC", a + b):
                    pairs.add(a + b)
    for typed, printed in xetex_ligatures():
        for i in range(len(typed) - 1):
            if unicodedata.normalize("NFKC", printed) != typed:
                pairs.add(typed[i:i + 2])
    return pairs


if __name__ == "__main__":
    print(sorted(text_changing_pairs()))
