"""planner's own TrueType reader and subsetter (export/truetype*.py), checked against
fontTools, an independent reader (used here only, never by planner itself)."""

from __future__ import annotations

import io
import struct
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import planner.export
from planner.export.truetype import TrueTypeFont, cmap_format_4, read_font
from planner.export.truetype_subset import components, subset, with_components

FONTS = Path(planner.export.__file__).parent / "fonts"
FILES = ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf")
TEXT = "Week 1 · Жим лёжа · Übung ß — κάμψη … éŉ\ufffd"  # ŉ: a composite made of a composite


@cache
def ours(name: str) -> TrueTypeFont:
    return read_font(FONTS / name)


@cache
def theirs(name: str) -> TTFont:
    return TTFont(FONTS / name)


def outline(font: TTFont, glyph_id: int) -> tuple:
    """What draws a glyph: its points, contour ends and flags, or its components."""
    glyf = font["glyf"]
    glyph = glyf[font.getGlyphName(glyph_id)]
    if glyph.isComposite():
        return tuple((font.getGlyphID(c.glyphName), c.x, c.y, c.flags) for c in glyph.components)
    coordinates, ends, flags = glyph.getCoordinates(glyf)
    return list(coordinates), list(ends), list(flags)


@pytest.mark.parametrize("name", FILES)
def test_cmap_advances_and_metrics_match_fonttools(name):
    font, reference = ours(name), theirs(name)
    assert font.glyph_of == {code: reference.getGlyphID(glyph) for code, glyph in reference.getBestCmap().items()}
    assert font.advances == tuple(reference["hmtx"][g][0] for g in reference.getGlyphOrder())
    assert [font.left_side_bearing(g) for g in range(0, len(font.advances), 97)] == [
        reference["hmtx"][reference.getGlyphName(g)][1] for g in range(0, len(font.advances), 97)
    ]
    assert font.units_per_em == reference["head"].unitsPerEm == 2048
    assert font.postscript_name == reference["name"].getDebugName(6)
    m = font.metrics
    assert (m.ascent, m.descent) == (reference["hhea"].ascent, reference["hhea"].descent)
    head = reference["head"]
    assert m.bbox == (head.xMin, head.yMin, head.xMax, head.yMax)
    assert m.cap_height == reference["glyf"]["H"].yMax  # OS/2 version 1 states none
    assert m.weight == reference["OS/2"].usWeightClass and m.italic_angle == reference["post"].italicAngle == 0


def test_cmap_format_4_gives_what_format_12_gives_in_the_basic_plane():
    font = ours(FILES[0])
    table = font.tables["cmap"]
    count = struct.unpack_from(">H", table, 2)[0]
    offsets = [o for p, e, o in struct.iter_unpack(">HHI", table[4 : 4 + 8 * count]) if (p, e) == (3, 1)]
    assert struct.unpack_from(">H", table, offsets[0])[0] == 4
    basic = {code: glyph for code, glyph in font.glyph_of.items() if code <= 0xFFFF}
    assert cmap_format_4(table, offsets[0]) == basic
    assert len(font.glyph_of) > len(basic)  # format 12 (the one read) reaches past the plane


def closure(font: TTFont, glyph_id: int) -> set[int]:
    """The glyph and, recursively, the glyphs it is made of, as fontTools reads them."""
    glyph = font["glyf"][font.getGlyphName(glyph_id)]
    parts = {glyph_id}
    for component in glyph.components if glyph.isComposite() else []:
        parts |= closure(font, font.getGlyphID(component.glyphName))
    return parts


def test_components_of_composite_glyphs_recursively():
    font, reference = ours(FILES[0]), theirs(FILES[0])
    for char in "éёŉЖ":
        glyph = font.glyph_of[ord(char)]
        described = reference["glyf"][reference.getGlyphName(glyph)]
        expected = [reference.getGlyphID(c.glyphName) for c in described.components] if described.isComposite() else []
        assert components(font.outline(glyph)) == expected
        assert with_components(font, [glyph]) == closure(reference, glyph)
    apostrophe = components(font.outline(font.glyph_of[ord("ŉ")]))[1]
    assert components(font.outline(apostrophe))  # ŉ is n and an apostrophe that is itself a composite


@pytest.mark.parametrize("name", FILES)
def test_subset_is_a_valid_font_with_the_same_outlines_and_ids(name):
    font, reference = ours(name), theirs(name)
    used = {font.glyph_of[ord(c)] for c in TEXT}
    data = subset(font, used)
    assert len(data) < len(font.tables["glyf"]) / 5
    assert sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF == 0xB1B0AFBA  # checkSumAdjustment
    small = TTFont(io.BytesIO(data), checkChecksums=2)  # raises on a table whose checksum is wrong
    assert small["maxp"].numGlyphs == max(with_components(font, used)) + 1
    assert small["head"].indexToLocFormat == 0 and len(small.reader["loca"]) == 2 * (small["maxp"].numGlyphs + 1)
    paired, count = small["hhea"].numberOfHMetrics, small["maxp"].numGlyphs
    assert paired <= count and len(small.reader["hmtx"]) == 4 * paired + 2 * (count - paired)
    assert {"glyf", "loca", "head", "hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep"} <= set(small.keys())
    for glyph in with_components(font, used | {0}):
        assert outline(small, glyph) == outline(reference, glyph), glyph
        assert small["hmtx"][small.getGlyphName(glyph)] == reference["hmtx"][reference.getGlyphName(glyph)]
    for glyph in used - {font.glyph_of[ord(" ")]}:
        assert small["glyf"][small.getGlyphName(glyph)].numberOfContours != 0  # a drawn glyph has its outline
    dropped = font.glyph_of[ord("Z")]
    assert dropped not in used and small["glyf"][small.getGlyphName(dropped)].numberOfContours == 0


def test_a_subset_past_128_kb_of_outlines_uses_long_offsets():
    font, reference = ours(FILES[0]), theirs(FILES[0])
    data = subset(font, range(len(font.advances)))
    small = TTFont(io.BytesIO(data), checkChecksums=2)
    assert small["head"].indexToLocFormat == 1
    for glyph in range(1, len(font.advances), 211):
        assert outline(small, glyph) == outline(reference, glyph), glyph


def test_subsets_are_deterministic():
    font = ours(FILES[1])
    assert subset(font, [40, 41, 92]) == subset(font, [92, 41, 40])
