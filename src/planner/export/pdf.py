"""A plan as printable sheets: a PDF with one page per session (fpdf2).

Each page: the plan and the session (week, day, date, title, minutes), then each block's
exercises, each with its prescription (sets x reps, load or RIR, rest, tempo in words) on
the left and one blank cell per set on the right, split for the load, the reps and the
reps left in reserve (a box to tick for warm-up rounds); superset pairs are joined by a bar
in the margin; ruled lines for notes at the foot. A long session is drawn smaller so it
still fits its page.

The font is DejaVu Sans Condensed (fonts/, with its licence), embedded as a subset, so
names in any Latin, Greek or Cyrillic script print as written; a character the font has no
glyph for (an emoji, a CJK ideograph) prints as U+FFFD. The file carries no clock of its
own: the same plan gives the same bytes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from planner.export.sheets import Row, Sheet, plan_title, sheets, warning_lines
from planner.records import Plan

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 12.0
GAP = 2.0
CELLS_PER_LINE = 8
GREY = (90, 90, 90)
LIGHT = (150, 150, 150)
# font sizes (points) and heights (mm) at full size; a session too long for its page is
# drawn with all of them scaled down
POINTS = {"name": 8.5, "rx": 7.5, "more": 6.5, "section": 9.5}
MM = {"name": 3.8, "rx": 3.4, "more": 2.9, "section": 6.0, "cell": 7.0, "tick": 4.5, "row_gap": 1.5}
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # metadata date: fixed, so the output is reproducible


@cache
def _font_chars() -> frozenset[int]:
    """The characters the embedded font can draw."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / "DejaVuSansCondensed.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=8192)  # the same names and prescriptions come back week after week
def printable(text: str) -> str:
    chars = _font_chars()
    if all(ord(c) in chars for c in text):
        return text
    return "".join(c if ord(c) in chars or c.isspace() else "\ufffd" for c in text)


class _Page:
    """Drawing helpers on one page at one scale."""

    def __init__(self, pdf: FPDF, scale: float) -> None:
        self.pdf = pdf
        self.scale = scale
        self.span = pdf.w - 2 * MARGIN
        self.left = self.span * 0.44

    def pt(self, key: str) -> float:
        return POINTS[key] * self.scale

    def mm(self, key: str) -> float:
        return MM[key] * self.scale

    def font(self, bold: bool, points: float, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", points)
        self.pdf.set_text_color(*colour)
        # glyph advance widths by code point (fpdf2's TTFFont.cw), in 1/1000 of the font size
        self._widths: Mapping[int, float] = self.pdf.fonts[FAMILY.lower() + ("B" if bold else "")].cw  # type: ignore[assignment]
        self._scale = points * 0.001 / self.pdf.k

    def width(self, text: str) -> float:
        """The text's width in mm in the current font: FPDF.get_string_width copies the
        graphics state on every call, which made long plans take seconds."""
        widths = self._widths
        return sum(widths[ord(c)] for c in text) * self._scale

    def fit(self, text: str, width: float) -> str:
        """The text, cut with an ellipsis where it would run past `width`."""
        text = printable(text)
        if self.width(text) <= width:
            return text
        room = width - self.width("…")
        used, cut = 0.0, 0
        for c in text:
            used += self._widths[ord(c)] * self._scale
            if used > room:
                break
            cut += 1
        return text[:cut].rstrip() + "…"

    def lines(self, text: str, width: float, most: int) -> list[str]:
        """The text wrapped at spaces (a word too long for a line is split) into at most
        `most` lines, the last cut if need be. Each word is measured once."""
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
                    step = self._widths[ord(c)] * self._scale
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


def _details(page: _Page, row: Row) -> list[str]:
    if not row.details:
        return []
    page.font(False, page.pt("more"))
    return page.lines(row.details, page.left, 2)


def _name(page: _Page, row: Row) -> list[str]:
    page.font(True, page.pt("name"))
    return page.lines(row.name, page.left, 8)  # a name is never cut: it wraps


def _row_height(page: _Page, row: Row) -> float:
    text = page.mm("name") * len(_name(page, row)) + page.mm("rx") + page.mm("more") * len(_details(page, row))
    cell_lines = -(-row.sets // CELLS_PER_LINE)
    cells = cell_lines * (page.mm("tick") if row.tick else page.mm("cell")) + (cell_lines - 1)
    return max(text, cells) + page.mm("row_gap")


def _content_height(page: _Page, sheet: Sheet) -> float:
    return sum(page.mm("section") + sum(_row_height(page, r) for r in s.rows) for s in sheet.sections if s.rows)


def _draw_cells(page: _Page, row: Row, x0: float, y: float) -> None:
    pdf = page.pdf
    area = pdf.w - MARGIN - x0
    per_line = min(row.sets, CELLS_PER_LINE)
    if row.tick:
        side = page.mm("tick")
        for k in range(row.sets):
            line, col = divmod(k, CELLS_PER_LINE)
            pdf.rect(x0 + col * (side + 2), y + line * (side + 1), side, side)
        return
    width = min(24.0, area / per_line)
    height = page.mm("cell")
    pdf.set_draw_color(*LIGHT)
    page.font(False, 4.5, LIGHT)
    for k in range(row.sets):
        line, col = divmod(k, CELLS_PER_LINE)
        x, top = x0 + col * width, y + line * (height + 1)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(x, top, width - 1, height)
        pdf.set_draw_color(*LIGHT)
        third = (width - 1) / 3
        for part, label in enumerate(("load", "reps", "RIR")):
            if part:
                pdf.line(x + part * third, top + 0.8, x + part * third, top + height - 0.8)
            if k == 0:  # the first cell says what goes where; the others follow it
                pdf.text(x + part * third + 0.5, top + 1.9, label)
    pdf.set_draw_color(0, 0, 0)


def _draw_sheet(pdf: FPDF, sheet: Sheet, number: int, total: int, warnings: list[str]) -> None:
    pdf.add_page()
    page = _Page(pdf, 1.0)
    top = MARGIN
    page.font(False, 8, GREY)
    pdf.text(MARGIN, top + 3, page.fit(sheet.plan, page.span - 30))
    pdf.text(pdf.w - MARGIN - pdf.get_string_width(f"{sheet.minutes} min"), top + 3, f"{sheet.minutes} min")
    page.font(True, 14)
    pdf.text(MARGIN, top + 10, page.fit(sheet.heading, page.span))
    pdf.set_line_width(0.5)
    pdf.line(MARGIN, top + 12.5, pdf.w - MARGIN, top + 12.5)
    pdf.set_line_width(0.2)
    body_top = top + 16
    foot = 22.0 + (4.0 + 3.2 * len(warnings) if warnings else 0.0)
    room = pdf.h - MARGIN - body_top - foot
    page = _Page(pdf, max(min(1.0, room / max(_content_height(page, sheet), 1.0)), 0.4))
    y = body_top
    for section in sheet.sections:
        if not section.rows:
            continue
        page.font(True, page.pt("section"))
        pdf.text(MARGIN, y + page.mm("section") * 0.6, page.fit(section.title, page.span))
        y += page.mm("section")
        pair_start: dict[str, float] = {}
        for row in section.rows:
            height = _row_height(page, row)
            names = _name(page, row)
            for n, text in enumerate(names):
                pdf.text(MARGIN, y + page.mm("name") * (n + 0.75), text)
            below = y + page.mm("name") * len(names)
            page.font(False, page.pt("rx"))
            pdf.text(MARGIN, below + page.mm("rx") * 0.75, page.fit(row.prescription, page.left))
            details = _details(page, row)
            page.font(False, page.pt("more"), GREY)
            for n, text in enumerate(details):
                pdf.text(MARGIN, below + page.mm("rx") + page.mm("more") * (n + 0.75), text)
            _draw_cells(page, row, MARGIN + page.left + GAP, y)
            if row.group:
                pair_start.setdefault(row.group, y)
                pdf.set_line_width(0.8)
                pdf.line(MARGIN - 3, pair_start[row.group], MARGIN - 3, y + height - page.mm("row_gap"))
                pdf.set_line_width(0.2)
            y += height
    y = pdf.h - MARGIN - foot + 4
    if warnings:
        page.font(True, 7.5)
        pdf.text(MARGIN, y, "What this plan does not reach")
        page.font(False, 7, GREY)
        for text in warnings:
            y += 3.2
            pdf.text(MARGIN, y, page.fit(text, page.span))
        y += 4
    page.font(True, 8)
    pdf.text(MARGIN, y + 2, "Notes")
    pdf.set_draw_color(*LIGHT)
    for k in range(2):
        pdf.line(MARGIN, y + 8 + 6 * k, pdf.w - MARGIN, y + 8 + 6 * k)
    pdf.set_draw_color(0, 0, 0)
    page.font(False, 6.5, LIGHT)
    label = f"sheet {number} of {total} · made by planner"
    pdf.text(pdf.w - MARGIN - pdf.get_string_width(label), pdf.h - MARGIN / 2, label)


def plan_pdf(plan: Plan, *, paper: str = "a4") -> bytes:
    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)  # a missing glyph was already replaced by U+FFFD
    pdf = FPDF(orientation="portrait", unit="mm", format="Letter" if paper == "letter" else "A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    pdf.set_title(printable(f"Training plan: {plan_title(plan)}"))
    pdf.set_creator("planner")
    pdf.set_producer("planner (fpdf2)")
    pdf.set_creation_date(EPOCH)
    pdf.file_id = lambda: None  # type: ignore[method-assign]  # no random /ID: same plan, same bytes
    all_sheets = sheets(plan)
    warnings = warning_lines(plan)
    for number, sheet in enumerate(all_sheets, 1):
        _draw_sheet(pdf, sheet, number, len(all_sheets), warnings if number == 1 else [])
    if not all_sheets:
        from planner.errors import PlannerError

        raise PlannerError("the plan has no sessions to print")
    return bytes(pdf.output())
