"""TrueType fonts read with the standard library alone (truetype_subset cuts them down).

The PDF export needs four things from a font file: which glyph draws each character
(cmap), how wide each glyph is (hmtx, in units of head.unitsPerEm), the metrics a PDF font
descriptor states, and the outlines of the glyphs a document uses, to embed. fontTools
does all this and much more, but importing it cost more than the rest of `planner export`
together. Table layouts: the OpenType specification,
https://learn.microsoft.com/typography/opentype/spec/"""

from __future__ import annotations

import struct
from pathlib import Path

from planner import structs


@structs.struct(frozen=True)
class Metrics:
    """What a PDF font descriptor says about a font, in font units."""

    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]  # every glyph's outline lies inside
    italic_angle: float
    weight: int  # OS/2 usWeightClass: 400 regular, 700 bold
    fixed_pitch: bool
    italic: bool


@structs.struct(frozen=True)
class TrueTypeFont:
    postscript_name: str
    units_per_em: int
    glyph_of: dict[int, int]  # code point -> glyph id
    advances: tuple[int, ...]  # glyph id -> advance width, in font units
    metrics: Metrics
    tables: dict[str, bytes]

    def outline(self, glyph: int) -> bytes:
        """The glyph's entry in glyf (empty for a glyph with no outline, such as a space)."""
        start, end = _location(self.tables, glyph)
        return self.tables["glyf"][start:end]

    def left_side_bearing(self, glyph: int) -> int:
        """hmtx has (advance, left side bearing) pairs for the first hhea.numberOfHMetrics
        glyphs, then the bearings alone of the glyphs after them."""
        paired = _u16(self.tables["hhea"], 34)
        at = 4 * glyph + 2 if glyph < paired else 4 * paired + 2 * (glyph - paired)
        return _i16(self.tables["hmtx"], at)


def _u16(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">H", data, at)[0]
    return value


def _i16(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">h", data, at)[0]
    return value


def _u32(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">I", data, at)[0]
    return value


def read_font(path: Path) -> TrueTypeFont:
    tables = _tables(path.read_bytes())
    glyph_of = _cmap(tables["cmap"])
    return TrueTypeFont(
        postscript_name=_postscript_name(tables["name"]),
        units_per_em=_u16(tables["head"], 18),
        glyph_of=glyph_of,
        advances=_advances(tables),
        metrics=_metrics(tables, glyph_of),
        tables=tables,
    )


def _tables(data: bytes) -> dict[str, bytes]:
    """Each table's bytes by tag, from the table directory at the start of the file."""
    if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
        raise ValueError("not a TrueType font (an OpenType font with CFF outlines, or not a font)")
    count = _u16(data, 4)
    records = struct.iter_unpack(">4sIII", data[12 : 12 + 16 * count])
    return {tag.decode("latin-1"): data[offset : offset + length] for tag, _, offset, length in records}


def _cmap(table: bytes) -> dict[int, int]:
    """Code point -> glyph id from the best Unicode subtable: format 12 covers every plane,
    format 4 only the Basic Multilingual Plane."""
    by_format: dict[int, int] = {}
    count = _u16(table, 2)
    for platform, encoding, offset in struct.iter_unpack(">HHI", table[4 : 4 + 8 * count]):
        if platform == 0 or (platform == 3 and encoding in (1, 10)):  # Unicode, or Windows Unicode
            by_format.setdefault(_u16(table, offset), offset)
    if 12 in by_format:
        return cmap_format_12(table, by_format[12])
    if 4 in by_format:
        return cmap_format_4(table, by_format[4])
    raise ValueError("the font has no Unicode cmap (format 4 or 12)")


def cmap_format_12(table: bytes, offset: int) -> dict[int, int]:
    """Groups of consecutive code points drawn by consecutive glyphs."""
    groups = _u32(table, offset + 12)
    start = offset + 16
    glyph_of: dict[int, int] = {}
    for first, last, glyph in struct.iter_unpack(">III", table[start : start + 12 * groups]):
        glyph_of.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
    return glyph_of


def cmap_format_4(table: bytes, offset: int) -> dict[int, int]:
    """Segments of code points, each mapped by adding a delta or through an array of glyph ids."""
    segments = _u16(table, offset + 6) // 2
    ends_at = offset + 14
    starts_at = ends_at + 2 * segments + 2  # after the ends and a reserved word
    deltas_at = starts_at + 2 * segments
    range_offsets_at = deltas_at + 2 * segments
    glyph_of: dict[int, int] = {}
    for n in range(segments):
        start, end = _u16(table, starts_at + 2 * n), _u16(table, ends_at + 2 * n)
        delta, range_offset = _u16(table, deltas_at + 2 * n), _u16(table, range_offsets_at + 2 * n)
        for code in range(start, min(end, 0xFFFE) + 1):  # the last segment ends at 0xFFFF, mapping nothing
            if range_offset:  # counted in bytes from this range offset's own place in the table
                glyph = _u16(table, range_offsets_at + 2 * n + range_offset + 2 * (code - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            else:
                glyph = (code + delta) & 0xFFFF
            if glyph:
                glyph_of[code] = glyph
    return glyph_of


def _postscript_name(table: bytes) -> str:
    """Name 6 of the name table, the one a PDF's BaseFont repeats."""
    count, storage = _u16(table, 2), _u16(table, 4)
    for platform, _, _, name_id, length, offset in struct.iter_unpack(">6H", table[6 : 6 + 12 * count]):
        if name_id == 6 and platform in (1, 3):  # Macintosh (ASCII) or Windows (UTF-16)
            raw = table[storage + offset : storage + offset + length]
            return raw.decode("utf-16-be" if platform == 3 else "latin-1")
    raise ValueError("the font has no PostScript name")


def _advances(tables: dict[str, bytes]) -> tuple[int, ...]:
    """Every glyph's advance: hmtx has (advance, left side bearing) pairs for the first
    hhea.numberOfHMetrics glyphs; the glyphs after them all take the last advance."""
    paired, glyphs = _u16(tables["hhea"], 34), _u16(tables["maxp"], 4)
    advances = struct.unpack_from(f">{2 * paired}H", tables["hmtx"])[::2]
    return advances + advances[-1:] * (glyphs - paired)


def _metrics(tables: dict[str, bytes], glyph_of: dict[int, int]) -> Metrics:
    head, hhea, post, os2 = tables["head"], tables["hhea"], tables["post"], tables["OS/2"]
    ascent = _i16(hhea, 4)
    return Metrics(
        ascent=ascent,
        descent=_i16(hhea, 6),
        cap_height=_cap_height(tables, glyph_of, ascent),
        bbox=struct.unpack_from(">4h", head, 36),
        italic_angle=struct.unpack_from(">i", post, 4)[0] / 65536,  # a 16.16 fixed-point number
        weight=_u16(os2, 4),
        fixed_pitch=_u32(post, 12) != 0,
        italic=bool(_u16(head, 44) & 2),  # macStyle bit 1
    )


def _cap_height(tables: dict[str, bytes], glyph_of: dict[int, int], ascent: int) -> int:
    """OS/2 states it from version 2 on; before that (DejaVu's OS/2 is version 1) it is the
    top of the capital H, as the spec defines it."""
    if _u16(tables["OS/2"], 0) >= 2:
        return _i16(tables["OS/2"], 88)
    start, end = _location(tables, glyph_of.get(ord("H"), 0))
    return _i16(tables["glyf"], start + 8) if end > start else ascent  # yMax of the outline


def _location(tables: dict[str, bytes], glyph: int) -> tuple[int, int]:
    """Where a glyph's outline starts and ends in glyf: loca holds an offset per glyph and
    one more for the end, halved in the short format (head.indexToLocFormat 0)."""
    if _i16(tables["head"], 50):
        start, end = struct.unpack_from(">II", tables["loca"], 4 * glyph)
        return start, end
    start, end = struct.unpack_from(">HH", tables["loca"], 2 * glyph)
    return 2 * start, 2 * end
