"""A TrueType font in a PDF, as a Type0 font over a CIDFontType2 with Identity-H encoding:
the two-byte codes in the page content are the glyph ids of the full font (CIDToGIDMap
Identity), and the subset embedded keeps those ids (see truetype_subset). A /W array gives
the widths of the glyphs used and a /ToUnicode CMap maps them back to characters, so text
can be searched and copied."""

from __future__ import annotations

import zlib

import pydyf

from planner.export.truetype import TrueTypeFont
from planner.export.truetype_subset import subset

# bytes a literal string must escape: its delimiters, and line ends, which a reader would
# take as a newline byte whatever they are
ESCAPED = {ord("("): "\\(", ord(")"): "\\)", ord("\\"): "\\\\", ord("\r"): "\\r", ord("\n"): "\\n"}


class EmbeddedFont:
    """A font as one document uses it: widths in thousandths of an em (the units of /W,
    which a PDF viewer advances by), text as two-byte glyph codes, and the glyphs used,
    each with the character it stands for (for /ToUnicode)."""

    def __init__(self, font: TrueTypeFont, resource: str) -> None:
        self.font = font
        self.resource = resource  # its name in the pages' resources: F1, F2
        self.used: dict[int, str] = {}
        self.widths: dict[str, int] = _Widths(self)
        self.codes: dict[str, str] = _Codes(self)

    def glyph(self, char: str) -> tuple[int, str]:
        """The glyph that draws `char`, and the character that glyph stands for: a space
        for white space the font has no glyph for (a tab), else U+FFFD, else .notdef."""
        glyph_of = self.font.glyph_of
        if ord(char) in glyph_of:
            return glyph_of[ord(char)], char
        shown = " " if char.isspace() else "\ufffd"
        return glyph_of.get(ord(shown), 0), shown

    def thousandths(self, glyph: int) -> int:
        return int(self.font.advances[glyph] * 1000 / self.font.units_per_em + 0.5)


class _Widths(dict[str, int]):
    """Character -> advance in thousandths of an em, looked up the first time it is asked."""

    def __init__(self, font: EmbeddedFont) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, char: str) -> int:
        width = self[char] = self.font.thousandths(self.font.glyph(char)[0])
        return width


class _Codes(dict[str, str]):
    """Character -> its glyph id as two bytes of a PDF literal string (one character per
    byte, written out as Latin-1), noting the glyph as used."""

    def __init__(self, font: EmbeddedFont) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, char: str) -> str:
        glyph, shown = self.font.glyph(char)
        self.font.used.setdefault(glyph, shown)
        code = self[char] = ESCAPED.get(glyph >> 8, chr(glyph >> 8)) + ESCAPED.get(glyph & 0xFF, chr(glyph & 0xFF))
        return code


def add_font(pdf: pydyf.PDF, font: EmbeddedFont) -> pydyf.Dictionary:
    """The Type0 font and what it refers to: the CID font with its widths, the font
    descriptor with the subset font file, and the ToUnicode CMap."""
    used = sorted(font.used)
    name = f"/{_subset_tag(used)}+{font.font.postscript_name}"
    font_file = subset(font.font, used)
    file_stream = compressed(font_file, {"Length1": len(font_file)})
    descriptor = pydyf.Dictionary({"Type": "/FontDescriptor", "FontName": name, **_descriptor(font)})
    descriptor["FontFile2"] = add_object(pdf, file_stream).reference
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": name,
            "CIDSystemInfo": pydyf.Dictionary(
                {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
            ),
            "FontDescriptor": add_object(pdf, descriptor).reference,
            "DW": font.thousandths(0),
            "W": _width_array(font, used),
            "CIDToGIDMap": "/Identity",
        }
    )
    to_unicode = compressed(_to_unicode(font.used))
    type0 = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": name,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([add_object(pdf, cid_font).reference]),
            "ToUnicode": add_object(pdf, to_unicode).reference,
        }
    )
    return add_object(pdf, type0)


def compressed(data: bytes, extra: dict[str, object] | None = None) -> pydyf.Stream:
    """A Flate stream, compressed here: pydyf's own level 9 takes a quarter longer on the
    pages than zlib's default level, for 0.4 % less."""
    return pydyf.Stream([zlib.compress(data)], {"Filter": "/FlateDecode", **(extra or {})})


def add_object(pdf: pydyf.PDF, thing: pydyf.Object) -> pydyf.Object:
    """`thing`, numbered as one of the PDF's objects (so it has a reference)."""
    pdf.add_object(thing)
    return thing


def _subset_tag(glyphs: list[int]) -> str:
    """Six capital letters naming this subset, as PDF asks of a subset font's name: made
    from the glyphs it holds, so the same pages give the same name."""
    number = zlib.crc32(",".join(map(str, glyphs)).encode("ascii"))
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def _descriptor(font: EmbeddedFont) -> dict[str, object]:
    """The font descriptor's metrics, in thousandths of an em."""
    m, scale = font.font.metrics, 1000 / font.font.units_per_em
    flags = 4  # symbolic: glyphs outside the standard Latin set
    flags |= 1 if m.fixed_pitch else 0
    flags |= 64 if m.italic else 0
    flags |= 262144 if m.weight >= 600 else 0  # force bold
    return {
        "Flags": flags,
        "FontBBox": pydyf.Array([round(v * scale) for v in m.bbox]),
        "ItalicAngle": m.italic_angle,
        "Ascent": round(m.ascent * scale),
        "Descent": round(m.descent * scale),
        "CapHeight": round(m.cap_height * scale),
        # TrueType fonts do not state the width of their vertical stems: this is the usual
        # estimate from the weight class (87 for regular, 165 for bold)
        "StemV": 50 + int((m.weight / 65) ** 2),
    }


def _width_array(font: EmbeddedFont, used: list[int]) -> pydyf.Array:
    """/W: runs of consecutive glyph ids, each as its first id and the list of widths."""
    entries: list[object] = []
    run: list[int] = []
    for n, glyph in enumerate(used):
        if n and glyph != used[n - 1] + 1:
            entries += [used[n - len(run)], pydyf.Array(run)]
            run = []
        run.append(font.thousandths(glyph))
    if run:
        entries += [used[-len(run)], pydyf.Array(run)]
    return pydyf.Array(entries)


def _to_unicode(used: dict[int, str]) -> bytes:
    """A CMap from each glyph id used to its character (UTF-16, so characters beyond the
    Basic Multilingual Plane come as surrogate pairs), in blocks of 100 as the format limits."""
    pairs = [f"<{glyph:04X}> <{char.encode('utf-16-be').hex().upper()}>" for glyph, char in sorted(used.items())]
    blocks = [f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar" for chunk in _chunks(pairs, 100)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    ).encode("ascii")


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[n : n + size] for n in range(0, len(items), size)]
