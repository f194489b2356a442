"""A PDF of drawn pages, written with pydyf: text in embedded TrueType fonts (pdffont),
lines and rectangles, placed in millimetres from the page's top-left corner as the sheet
layout measures them (PDF itself counts points from the bottom-left)."""

from __future__ import annotations

import io
from functools import lru_cache

import pydyf

from planner.export.pdffont import EmbeddedFont, add_font, add_object, compressed
from planner.export.truetype import TrueTypeFont

POINTS_PER_MM = 72 / 25.4
PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


class Canvas:
    """One page's content as PDF operators. The font and the fill colour (which text is
    drawn in) are written when text is drawn in a new one, the stroke colour when it
    changes: they hold until changed (nothing here saves and restores the graphics state)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height  # mm
        self.ops = ["2 J", "0.57 w"]  # square line ends, lines 0.2 mm wide
        self.font: EmbeddedFont | None = None
        self.points = 10.0
        self.colour = BLACK
        self._fill = self._stroke = BLACK
        self._font_set = ""

    def set_font(self, font: EmbeddedFont, points: float, colour: Colour = BLACK) -> None:
        self.font, self.points, self.colour = font, points, colour

    def text(self, x: float, y: float, text: str) -> None:
        """`text` in the current font, starting at x with its baseline at y."""
        assert self.font is not None
        if self.colour != self._fill:
            self._fill = self.colour
            self.ops.append(f"{_rgb(self.colour)} rg")
        font_set = f"/{self.font.resource} {self.points:.2f} Tf"
        if font_set != self._font_set:
            self._font_set = font_set
            self.ops.append(font_set)
        codes = self.font.codes
        string = "".join([codes[c] for c in text])
        self.ops.append(f"BT {x * POINTS_PER_MM:.2f} {(self.height - y) * POINTS_PER_MM:.2f} Td ({string}) Tj ET")

    def stroke_colour(self, colour: Colour) -> None:
        if colour != self._stroke:
            self._stroke = colour
            self.ops.append(f"{_rgb(colour)} RG")

    def line_width(self, mm: float) -> None:
        self.ops.append(f"{mm * POINTS_PER_MM:.2f} w")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        k, h = POINTS_PER_MM, self.height
        self.ops.append(f"{x1 * k:.2f} {(h - y1) * k:.2f} m {x2 * k:.2f} {(h - y2) * k:.2f} l S")

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        """The outline of a rectangle whose top-left corner is at (x, y)."""
        k, h = POINTS_PER_MM, self.height
        self.ops.append(f"{x * k:.2f} {(h - y) * k:.2f} {width * k:.2f} {-height * k:.2f} re S")


@lru_cache(maxsize=16)  # the sheets use three colours, and change between them often
def _rgb(colour: Colour) -> str:
    return " ".join(f"{c / 255:.4f}" for c in colour)


class Document:
    """Pages of one paper size drawn in the given fonts, written out as one PDF."""

    def __init__(self, paper: str, fonts: list[TrueTypeFont]) -> None:
        self.points = PAPER_POINTS[paper]
        self.fonts = [EmbeddedFont(font, f"F{n}") for n, font in enumerate(fonts, 1)]
        self.pages: list[Canvas] = []

    def new_page(self) -> Canvas:
        page = Canvas(self.points[0] / POINTS_PER_MM, self.points[1] / POINTS_PER_MM)
        self.pages.append(page)
        return page

    def write(self, info: dict[str, str]) -> bytes:
        """The PDF: pages in order, fonts (subset to the glyphs the pages use), `info` as
        the document's metadata (strings, dates written as PDF dates). No /ID: the same
        pages give the same bytes."""
        pdf = pydyf.PDF()
        fonts = pydyf.Dictionary()
        resources = pydyf.Dictionary({"Font": fonts})
        pdf.add_object(resources)
        for page in self.pages:
            _add_page(pdf, page, self.points, resources)
        for font in self.fonts:
            fonts[font.resource] = add_font(pdf, font).reference
        pdf.info.update({key: pydyf.String(value) for key, value in info.items()})
        out = io.BytesIO()
        pdf.write(out, version=b"1.7", identifier=False, compress=True)  # compress: objects in object streams
        return out.getvalue()


def _add_page(pdf: pydyf.PDF, page: Canvas, points: tuple[float, float], resources: pydyf.Dictionary) -> None:
    content = add_object(pdf, compressed("\n".join(page.ops).encode("latin-1")))
    pdf.add_page(
        pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, *points]),
                "Contents": content.reference,
                "Resources": resources.reference,
            }
        )
    )
