"""Text on the sheets: what the font can print, and text measured in the current font,
cut to a width with an ellipsis or wrapped into lines."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from planner.export.pdfdoc import BLACK, POINTS_PER_MM, Canvas, Colour
from planner.export.pdffont import EmbeddedFont
from planner.export.truetype import TrueTypeFont, read_font

FONTS = Path(__file__).parent / "fonts"
Wrapped = dict[tuple[str, float, int, tuple[bool, float]], list[str]]  # lines by text, width, most, font


@cache
def sheet_fonts() -> tuple[TrueTypeFont, TrueTypeFont]:
    """The regular and the bold font, read once per process."""
    return read_font(FONTS / "DejaVuSansCondensed.ttf"), read_font(FONTS / "DejaVuSansCondensed-Bold.ttf")


@lru_cache(maxsize=8192)  # the same names and prescriptions come back week after week
def printable(text: str) -> str:
    chars = sheet_fonts()[0].glyph_of  # the characters the font can draw
    if all(ord(c) in chars for c in text):
        return text
    return "".join(c if ord(c) in chars or c.isspace() else "\ufffd" for c in text)


class Typesetter:
    """The current font on a page, and text measured in it (in mm)."""

    def __init__(self, canvas: Canvas, fonts: Sequence[EmbeddedFont], wrapped: Wrapped) -> None:
        self.canvas = canvas
        self.fonts = fonts  # regular, bold
        self.wrapped = wrapped  # shared by the document's pages

    def font(self, bold: bool, points: float, colour: Colour = BLACK) -> None:
        self.canvas.set_font(self.fonts[bold], points, colour)
        self._widths = self.fonts[bold].widths  # glyph advances by character, in 1/1000 of the font size
        self._scale = points * 0.001 / POINTS_PER_MM
        self._font = (bold, points)

    def width(self, text: str) -> float:
        """The text's width in mm in the current font (measured here, in the loops that
        wrap and cut text, with the widths at hand)."""
        return sum(map(self._widths.__getitem__, text)) * self._scale

    def fit(self, text: str, width: float) -> str:
        """The text, cut with an ellipsis where it would run past `width`."""
        text = printable(text)
        if self.width(text) <= width:
            return text
        room = width - self.width("…")
        used, cut = 0.0, 0
        for c in text:
            used += self._widths[c] * self._scale
            if used > room:
                break
            cut += 1
        return text[:cut].rstrip() + "…"

    def lines(self, text: str, width: float, most: int) -> list[str]:
        """The text wrapped at spaces (a word too long for a line is split) into at most
        `most` lines, the last cut if need be. The same names and notes come back week
        after week, and each row is measured before it is drawn: each text is wrapped
        once per document."""
        key = (text, width, most, self._font)
        if key not in self.wrapped:
            self.wrapped[key] = self._wrap(text, width, most)
        return self.wrapped[key]

    def _wrap(self, text: str, width: float, most: int) -> list[str]:
        """Each word is measured once."""
        space = self.width(" ")
        out: list[str] = []
        current, used = "", 0.0
        for word in printable(text).split(" "):
            size = self.width(word)
            while size > width and len(word) > 1:  # split a word longer than a line
                if current:
                    out.append(current)
                    current, used = "", 0.0
                taken, cut = 0.0, 0
                for c in word:
                    step = self._widths[c] * self._scale
                    if taken + step > width and cut:
                        break
                    taken, cut = taken + step, cut + 1
                out.append(word[:cut])
                word = word[cut:]
                size = self.width(word)
            if not current:
                current, used = word, size
            elif used + space + size <= width:
                current, used = f"{current} {word}", used + space + size
            else:
                out.append(current)
                current, used = word, size
        if current:
            out.append(current)
        if len(out) > most:
            out = [*out[: most - 1], self.fit(" ".join(out[most - 1 :]), width)]
        return out
