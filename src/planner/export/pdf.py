"""A plan as printable sheets: a PDF with one page per session (drawn with pdfdoc, on pydyf).

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

from collections.abc import Sequence

from planner.export.pdfdoc import BLACK, Canvas, Colour, Document
from planner.export.pdffont import EmbeddedFont
from planner.export.pdftext import Typesetter, Wrapped, printable, sheet_fonts
from planner.export.sheets import Row, Sheet, plan_title, sheets, warning_lines
from planner.records import Plan

MARGIN = 12.0
GAP = 2.0
CELLS_PER_LINE = 8
GREY: Colour = (90, 90, 90)
LIGHT: Colour = (150, 150, 150)
# font sizes (points) and heights (mm) at full size; a session too long for its page is
# drawn with all of them scaled down
POINTS = {"name": 8.5, "rx": 7.5, "more": 6.5, "section": 9.5}
MM = {"name": 3.8, "rx": 3.4, "more": 2.9, "section": 6.0, "cell": 7.0, "tick": 4.5, "row_gap": 1.5}
CREATED = "D:20000101000000Z"  # metadata date (2000-01-01): fixed, so the output is reproducible


class _Page(Typesetter):
    """Drawing helpers on one page at one scale."""

    def __init__(self, canvas: Canvas, fonts: Sequence[EmbeddedFont], scale: float, wrapped: Wrapped) -> None:
        super().__init__(canvas, fonts, wrapped)
        self.scale = scale
        self.span = canvas.width - 2 * MARGIN
        self.left = self.span * 0.44

    def pt(self, key: str) -> float:
        return POINTS[key] * self.scale

    def mm(self, key: str) -> float:
        return MM[key] * self.scale


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
    canvas = page.canvas
    area = canvas.width - MARGIN - x0
    per_line = min(row.sets, CELLS_PER_LINE)
    if row.tick:
        side = page.mm("tick")
        for k in range(row.sets):
            line, col = divmod(k, CELLS_PER_LINE)
            canvas.rect(x0 + col * (side + 2), y + line * (side + 1), side, side)
        return
    width = min(24.0, area / per_line)
    height = page.mm("cell")
    page.font(False, 4.5, LIGHT)
    for k in range(row.sets):
        line, col = divmod(k, CELLS_PER_LINE)
        x, top = x0 + col * width, y + line * (height + 1)
        canvas.stroke_colour(BLACK)
        canvas.rect(x, top, width - 1, height)
        canvas.stroke_colour(LIGHT)
        third = (width - 1) / 3
        for part, label in enumerate(("load", "reps", "RIR")):
            if part:
                canvas.line(x + part * third, top + 0.8, x + part * third, top + height - 0.8)
            if k == 0:  # the first cell says what goes where; the others follow it
                canvas.text(x + part * third + 0.5, top + 1.9, label)
    canvas.stroke_colour(BLACK)


def _draw_sheet(page: _Page, sheet: Sheet, number: int, total: int, warnings: list[str]) -> None:
    canvas = page.canvas
    top = MARGIN
    page.font(False, 8, GREY)
    canvas.text(MARGIN, top + 3, page.fit(sheet.plan, page.span - 30))
    canvas.text(canvas.width - MARGIN - page.width(f"{sheet.minutes} min"), top + 3, f"{sheet.minutes} min")
    page.font(True, 14)
    canvas.text(MARGIN, top + 10, page.fit(sheet.heading, page.span))
    canvas.line_width(0.5)
    canvas.line(MARGIN, top + 12.5, canvas.width - MARGIN, top + 12.5)
    canvas.line_width(0.2)
    body_top = top + 16
    foot = 22.0 + (4.0 + 3.2 * len(warnings) if warnings else 0.0)
    room = canvas.height - MARGIN - body_top - foot
    page = _Page(canvas, page.fonts, max(min(1.0, room / max(_content_height(page, sheet), 1.0)), 0.4), page.wrapped)
    y = body_top
    for section in sheet.sections:
        if not section.rows:
            continue
        page.font(True, page.pt("section"))
        canvas.text(MARGIN, y + page.mm("section") * 0.6, page.fit(section.title, page.span))
        y += page.mm("section")
        pair_start: dict[str, float] = {}
        for row in section.rows:
            height = _row_height(page, row)
            names = _name(page, row)
            for n, text in enumerate(names):
                canvas.text(MARGIN, y + page.mm("name") * (n + 0.75), text)
            below = y + page.mm("name") * len(names)
            page.font(False, page.pt("rx"))
            canvas.text(MARGIN, below + page.mm("rx") * 0.75, page.fit(row.prescription, page.left))
            details = _details(page, row)
            page.font(False, page.pt("more"), GREY)
            for n, text in enumerate(details):
                canvas.text(MARGIN, below + page.mm("rx") + page.mm("more") * (n + 0.75), text)
            _draw_cells(page, row, MARGIN + page.left + GAP, y)
            if row.group:
                pair_start.setdefault(row.group, y)
                canvas.line_width(0.8)
                canvas.line(MARGIN - 3, pair_start[row.group], MARGIN - 3, y + height - page.mm("row_gap"))
                canvas.line_width(0.2)
            y += height
    _draw_foot(page, canvas.height - MARGIN - foot + 4, warnings)
    page.font(False, 6.5, LIGHT)
    label = f"sheet {number} of {total} · made by planner"
    canvas.text(canvas.width - MARGIN - page.width(label), canvas.height - MARGIN / 2, label)


def _draw_foot(page: _Page, y: float, warnings: list[str]) -> None:
    """What the plan does not reach (on the first sheet), and ruled lines for notes."""
    canvas = page.canvas
    if warnings:
        page.font(True, 7.5)
        canvas.text(MARGIN, y, "What this plan does not reach")
        page.font(False, 7, GREY)
        for text in warnings:
            y += 3.2
            canvas.text(MARGIN, y, page.fit(text, page.span))
        y += 4
    page.font(True, 8)
    canvas.text(MARGIN, y + 2, "Notes")
    canvas.stroke_colour(LIGHT)
    for k in range(2):
        canvas.line(MARGIN, y + 8 + 6 * k, canvas.width - MARGIN, y + 8 + 6 * k)
    canvas.stroke_colour(BLACK)


def plan_pdf(plan: Plan, *, paper: str = "a4") -> bytes:
    all_sheets = sheets(plan)
    if not all_sheets:
        from planner.errors import PlannerError

        raise PlannerError("the plan has no sessions to print")
    document = Document("letter" if paper == "letter" else "a4", list(sheet_fonts()))
    warnings = warning_lines(plan)
    wrapped: Wrapped = {}
    for number, sheet in enumerate(all_sheets, 1):
        page = _Page(document.new_page(), document.fonts, 1.0, wrapped)
        _draw_sheet(page, sheet, number, len(all_sheets), warnings if number == 1 else [])
    info = {
        "Title": printable(f"Training plan: {plan_title(plan)}"),
        "Creator": "planner",
        "Producer": "planner (pydyf)",
        "CreationDate": CREATED,
    }
    return document.write(info)
