"""A TrueType font cut down to the glyphs a document uses, so a PDF carries a few kilobytes
of outlines instead of the whole font (DejaVu Sans Condensed is 680 kB).

Every glyph keeps its id: the outlines of the glyphs nobody uses are left out (their
entries in glyf are empty and their metrics zero) and the glyphs after the last one used
are dropped, so a PDF can name glyphs by their ids in the full font (CIDToGIDMap Identity)
and the page content does not depend on which glyphs the document happens to use."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from itertools import accumulate

from planner.export.truetype import TrueTypeFont

# flags of a component in a composite glyph (glyf table): they say how long its entry is
ARGS_ARE_WORDS = 0x0001
HAS_SCALE = 0x0008
MORE_COMPONENTS = 0x0020
HAS_X_AND_Y_SCALE = 0x0040
HAS_TWO_BY_TWO = 0x0080
# Tables copied into a subset as they are: what a rasteriser needs besides the outlines
# and metrics (cvt, fpgm and prep are the hinting programs, gasp says when to use them).
# A PDF needs no cmap (it names glyphs by id) and no name table.
COPIED_TABLES = ("OS/2", "cvt ", "fpgm", "gasp", "prep")
CHECKSUM_MAGIC = 0xB1B0AFBA  # head.checkSumAdjustment makes the whole file sum to this


def subset(font: TrueTypeFont, glyphs: Iterable[int]) -> bytes:
    """The font file with the outlines of `glyphs` only (and of .notdef, glyph 0, which a
    font must have, and of the parts of composite glyphs), each glyph keeping its id."""
    kept = with_components(font, {0, *glyphs})
    count = max(kept) + 1
    glyf, loca, long_offsets = _outline_tables(font, kept, count)
    tables = {tag: font.tables[tag] for tag in COPIED_TABLES if tag in font.tables}
    tables |= {
        "glyf": glyf,
        "loca": loca,
        "hmtx": _hmtx(font, kept, count),
        "hhea": _replaced(font.tables["hhea"], 34, ">H", count),  # numberOfHMetrics: every glyph has its pair
        "maxp": _replaced(font.tables["maxp"], 4, ">H", count),  # numGlyphs
        "head": _replaced(_replaced(font.tables["head"], 8, ">I", 0), 50, ">h", long_offsets),
        "post": _replaced(font.tables["post"][:32], 0, ">I", 0x00030000),  # version 3: no glyph names
    }
    return _font_file(tables)


def with_components(font: TrueTypeFont, glyphs: Iterable[int]) -> set[int]:
    """The glyphs and, recursively, every glyph a composite among them is built from."""
    kept: set[int] = set()
    todo = list(glyphs)
    while todo:
        glyph = todo.pop()
        if glyph not in kept:
            kept.add(glyph)
            todo.extend(components(font.outline(glyph)))
    return kept


def components(outline: bytes) -> list[int]:
    """The glyph ids a composite glyph is made of (none for a simple or empty glyph): each
    component is flags, a glyph id, an offset of two bytes or two words, and a transform."""
    if not outline or struct.unpack_from(">h", outline)[0] >= 0:  # numberOfContours is negative for composites
        return []
    parts, at, flags = [], 10, MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        flags, glyph = struct.unpack_from(">HH", outline, at)
        parts.append(glyph)
        at += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        at += 2 if flags & HAS_SCALE else 4 if flags & HAS_X_AND_Y_SCALE else 8 if flags & HAS_TWO_BY_TWO else 0
    return parts


def _outline_tables(font: TrueTypeFont, kept: set[int], count: int) -> tuple[bytes, bytes, int]:
    """glyf with the kept outlines (others empty), each padded to 4 bytes, and its loca:
    short offsets while glyf is under 128 KB (it nearly always is), long ones past it;
    the third value is head.indexToLocFormat to match."""
    sizes, outlines = [0] * count, []
    for glyph in sorted(kept):
        outline = font.outline(glyph)
        outline += bytes(-len(outline) % 4)
        outlines.append(outline)
        sizes[glyph] = len(outline)
    offsets = list(accumulate(sizes, initial=0))
    if offsets[-1] < 0x20000:
        return b"".join(outlines), struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets)), 0
    return b"".join(outlines), struct.pack(f">{len(offsets)}I", *offsets), 1


def _hmtx(font: TrueTypeFont, kept: set[int], count: int) -> bytes:
    """An (advance, left side bearing) pair for every glyph up to `count`, zeros for the
    glyphs left out (nothing draws them, and zeros compress to nothing)."""
    pairs = bytearray(4 * count)
    for glyph in kept:
        struct.pack_into(">Hh", pairs, 4 * glyph, font.advances[glyph], font.left_side_bearing(glyph))
    return bytes(pairs)


def _replaced(table: bytes, at: int, layout: str, value: int) -> bytes:
    out = bytearray(table)
    struct.pack_into(layout, out, at, value)
    return bytes(out)


def _font_file(tables: dict[str, bytes]) -> bytes:
    """The tables as one font file: a directory sorted by tag, each table 4-byte aligned
    with its checksum, then head.checkSumAdjustment set so the whole file sums right."""
    count = len(tables)
    power = 1 << (count.bit_length() - 1)  # the directory's binary-search fields
    header = struct.pack(">IHHHH", 0x00010000, count, 16 * power, power.bit_length() - 1, 16 * (count - power))
    records, bodies, offset, head_at = [], [], 12 + 16 * count, 0
    for tag in sorted(tables):
        body = tables[tag] + bytes(-len(tables[tag]) % 4)
        records.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(body), offset, len(tables[tag])))
        bodies.append(body)
        head_at = offset if tag == "head" else head_at
        offset += len(body)
    file = bytearray(header + b"".join(records) + b"".join(bodies))
    struct.pack_into(">I", file, head_at + 8, (CHECKSUM_MAGIC - _checksum(file)) & 0xFFFFFFFF)
    return bytes(file)


def _checksum(data: bytes | bytearray) -> int:
    """The sum of the data's big-endian 32-bit words, modulo 2**32 (length a multiple of 4)."""
    return int(sum(struct.unpack(f">{len(data) // 4}I", data))) & 0xFFFFFFFF
