"""The PDF writer under the printable sheets (export/pdfdoc.py, pdffont.py), read back by
pypdf: text whose glyph codes hold bytes a PDF string must escape, characters the font
lacks, and what `planner export --format pdf` imports."""

from __future__ import annotations

import io
import subprocess
import sys

from pypdf import PdfReader

from planner.export.pdfdoc import Document
from planner.export.pdftext import sheet_fonts

ESCAPED_BYTES = (0x28, 0x29, 0x5C, 0x0D, 0x0A)  # ( ) \ CR LF


def written(texts: list[str], bold: bool = False, paper: str = "a4") -> PdfReader:
    """A one-page PDF with each text on a line of its own."""
    document = Document(paper, list(sheet_fonts()))
    page = document.new_page()
    page.set_font(document.fonts[bold], 10)
    for n, text in enumerate(texts):
        page.text(20, 20 + 8 * n, text)
    return PdfReader(io.BytesIO(document.write({"Title": "test"})))


def chars_whose_glyph_ids_hold(byte: int) -> str:
    """A character of the regular font whose glyph id has `byte` as its low byte, and one
    with it as its high byte where the font has that many glyphs."""
    glyph_of = sheet_fonts()[0].glyph_of
    low = next(chr(c) for c, g in sorted(glyph_of.items()) if g & 0xFF == byte and c > 0x20)
    high = [chr(c) for c, g in sorted(glyph_of.items()) if g >> 8 == byte][:1]
    return low + "".join(high)


def test_glyph_codes_that_are_string_delimiters_or_line_ends_read_back():
    texts = [f"a{chars_whose_glyph_ids_hold(byte)}b" for byte in ESCAPED_BYTES]
    assert any(len(t) == 4 for t in texts)  # some high bytes too (CR and LF: ids 2560 and up)
    page = written(texts).pages[0]
    assert page.extract_text().splitlines() == texts
    # a line end inside a string would read as a newline byte, whichever it was: none is left raw
    content = page.get_contents().get_data()
    assert b"\r" not in content
    assert all(line.endswith(b") Tj ET") for line in content.split(b"\n") if b"(" in line)


def test_characters_the_font_lacks_draw_as_the_replacement_glyph_and_tabs_as_spaces():
    text = written(["Flex 💪 curl 漢\tx"], bold=True).pages[0].extract_text()
    assert text.strip() == "Flex \ufffd curl \ufffd x"


def test_pages_are_a4_or_letter():
    for paper, size in (("a4", (595.28, 841.89)), ("letter", (612, 792))):
        box = written(["x"], paper=paper).pages[0].mediabox
        assert (float(box.width), float(box.height)) == size


def test_pdf_export_imports_no_font_or_image_library(cli, tmp_path):
    """fpdf2 pulled in fontTools and Pillow (~290 ms); the PDF export reads fonts itself."""
    plan = tmp_path / "plan.toml"
    assert cli("plan", "--output", str(plan)).code == 0
    code = (
        "import sys, contextlib, io\n"
        f"sys.argv = ['planner', 'export', {str(plan)!r}, '--format', 'pdf', '--output', {str(tmp_path / 'p.pdf')!r}]\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "planner.export.pdf" in loaded and (tmp_path / "p.pdf").stat().st_size > 0
    assert not {m for m in loaded if m.split(".")[0] in ("fpdf", "fontTools", "PIL")}
