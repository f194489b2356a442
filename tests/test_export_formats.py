"""Every export format, for three plans (the default; 4 days of home hypertrophy with
supersets; the default made from a library of hostile names), each checked by a real
reader: pypdf for the PDF, Garmin's SDK and fitdecode for the FIT files, csv for the CSV,
an HTML parser, and a checker of Liftosaur's documented grammar for the Liftoscript."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import tomllib
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import fitdecode
import pytest
import tomli_w
from fontTools.ttLib import TTFont
from garmin_fit_sdk import Decoder, Profile, Stream
from pypdf import PdfReader
from pypdf.generic import ContentStream

from planner.export import ExportOptions, export_fit_files, export_plan, prepare
from planner.export.csv import COLUMNS
from planner.export.fit import categories, category, session_steps
from planner.export.liftoscript import exercise_name
from planner.export.pdftext import FONTS, printable, sheet_fonts
from planner.export.sheets import sheets
from planner.library import library_sources, load_library
from planner.plans import build_plan
from planner.records import Card, Item, Plan, Warning, plan_inputs, replace
from planner.vocab import builtin_vocab
from test_truetype import outline

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
FORMATS = ("md", "ics", "json", "pdf", "html", "fit", "csv", "liftoscript")
HOSTILE = [
    "Press, Row; Curl \\ back|slash",
    '<b>bold</b> & "quotes" <script>x</script>',
    '=HYPERLINK("http://x") formula',
    "# not / a [week] (label): !bang {brace}",
    "Жим лёжа · Übung ß — κάμψη",
    "Line one\nline two",
    "Long " + "x" * 140,
    "Flex 💪 curl",
    "@ at sign % and +plus",
]


def cards_of(sources) -> dict[str, Card]:
    lib = load_library(sources, use_cache=False)
    return {i: lib.get(i) for i in lib.cards}


@cache
def built(name: str) -> tuple[Plan, dict[str, Card]]:
    """The three plans of the issue, with every card they use in full."""
    sources = library_sources(env={})
    if name == "default":
        inputs = plan_inputs({})
    elif name == "home4":
        inputs = plan_inputs(
            {"days": 4, "minutes": 60, "equipment": ["home"], "goal": "hypertrophy", "level": "intermediate",
             "weeks": 3, "progression": "tempo", "start": "2027-01-04"}
        )  # fmt: skip
    else:
        return hostile()
    lib = load_library(sources, use_cache=False)
    plan = build_plan(inputs, lib, builtin_vocab(), sources)
    used = {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
    return plan, {i: lib.get(i) for i in used}


@cache
def hostile() -> tuple[Plan, dict[str, Card]]:
    """The default plan made from a library in which the cards it uses carry hostile names
    (a later library folder wins on the same id), with a hand-made warning, load and ramp."""
    import tempfile

    plan, cards = built("default")
    folder = Path(tempfile.mkdtemp(prefix="hostile-lib-")) / "exercises"
    folder.mkdir()
    for n, exercise_id in enumerate(sorted(cards)):
        data = tomllib.loads(_card_text(exercise_id))
        data["name"] = HOSTILE[n % len(HOSTILE)] + ("" if n < len(HOSTILE) else f" {n}")
        (folder / f"{exercise_id}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    sources = library_sources([folder.parent], env={})
    lib = load_library(sources, use_cache=False)
    plan = build_plan(plan.inputs, lib, builtin_vocab(), sources)
    used = {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
    return with_coaching_fields(plan), {i: lib.get(i) for i in used}


def _card_text(exercise_id: str) -> str:
    from planner.resources import builtin_library_dir

    return (builtin_library_dir() / "exercises" / f"{exercise_id}.toml").read_text(encoding="utf-8")


def with_coaching_fields(plan: Plan) -> Plan:
    """What the engine will fill: a load and ramp sets on the first working item of each
    session, and a warning."""
    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            blocks, done = [], False
            for block in session.blocks:
                items = []
                for item in block.items:
                    if not done and block.kind in ("main", "accessory") and item.reps:
                        item = replace(item, load="22.5 kg", ramp=["8 x 10 kg", "5 x 16 kg"])
                        done = True
                    items.append(item)
                blocks.append(replace(block, items=items))
            sessions.append(replace(session, blocks=blocks))
        weeks.append(replace(week, sessions=sessions))
    warning = Warning(rule=8, subject="glutes; <b>", wanted="10 hard sets", reached="8", hint="--minutes 60")
    return replace(plan, weeks=weeks, warnings=[warning])


PLANS = ("default", "home4", "hostile")


def options(fmt: str) -> ExportOptions:
    return ExportOptions(format=fmt, zone="Europe/Berlin", now=NOW, start="2027-03-22")


@cache
def exported(name: str, fmt: str) -> bytes:
    """Each plan in each format, made once for all the tests that read it."""
    plan, cards = built(name)
    return export_plan(plan, options(fmt), cards)


def items(plan: Plan) -> list[Item]:
    return [i for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items]


def sessions(plan: Plan) -> int:
    return sum(len(w.sessions) for w in plan.weeks)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------- every format


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_exports_every_plan(name, fmt):
    plan, cards = built(name)
    data = exported(name, fmt)
    assert data
    assert export_plan(plan, options(fmt), cards) == data  # same inputs, same bytes


def test_the_plans_are_what_the_issue_asks_for():
    home, _ = built("home4")
    assert any(b.format == "superset" for w in home.weeks for s in w.sessions for b in s.blocks)
    names = {i.name for i in items(hostile()[0])}
    assert len(names & {h for h in HOSTILE}) >= 5


# ---------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("name", PLANS)
def test_pdf_has_one_page_per_session_and_every_name_in_its_text(name):
    plan, _ = built(name)
    reader = PdfReader(io.BytesIO(exported(name, "pdf")))
    assert len(reader.pages) == sessions(plan)
    prepared, _ = prepare(plan, "2027-03-22")
    pages = [squeeze(p.extract_text()) for p in reader.pages]
    n = 0
    for week in prepared.weeks:
        for session in week.sessions:
            text = pages[n]
            assert squeeze(printable(session.title)) in text
            for block in session.blocks:
                for item in block.items:
                    assert squeeze(printable(item.name)) in text, (item.name, n)
            n += 1


def test_pdf_paper_sizes_and_embedded_font():
    plan, cards = built("default")
    a4 = PdfReader(io.BytesIO(exported("default", "pdf")))
    letter = PdfReader(io.BytesIO(export_plan(plan, ExportOptions(format="pdf", paper="letter"), cards)))
    assert round(float(a4.pages[0].mediabox.width)) == 595 and round(float(a4.pages[0].mediabox.height)) == 842
    assert round(float(letter.pages[0].mediabox.width)) == 612 and round(float(letter.pages[0].mediabox.height)) == 792
    fonts = a4.pages[0]["/Resources"]["/Font"]
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts.values())


def test_pdf_marks_characters_without_a_glyph():
    assert printable("Flex 💪 curl") == "Flex \ufffd curl"
    assert printable("Жим лёжа · Übung ß — κάμψη") == "Жим лёжа · Übung ß — κάμψη"
    reader = PdfReader(io.BytesIO(exported("hostile", "pdf")))
    text = squeeze(" ".join(page.extract_text() for page in reader.pages))
    assert squeeze("Flex \ufffd curl") in text  # drawn with the font's own U+FFFD, and read back as one


@pytest.mark.parametrize("name", PLANS)
def test_pdf_pages_carry_their_headers_and_feet(name):
    plan, _ = built(name)
    prepared, _ = prepare(plan, "2027-03-22")
    reader = PdfReader(io.BytesIO(exported(name, "pdf")))
    all_sheets = sheets(prepared)
    assert len(all_sheets) == len(reader.pages)
    for number, (sheet, page) in enumerate(zip(all_sheets, reader.pages, strict=True), 1):
        text = squeeze(page.extract_text())
        for part in (
            sheet.plan,
            sheet.heading,
            f"{sheet.minutes} min",
            "Notes",
            f"sheet {number} of {len(all_sheets)}",
        ):
            assert squeeze(printable(part)) in text, (part, number)
        cells = sum(row.sets for section in sheet.sections for row in section.rows if not row.tick)
        assert (squeeze("load reps RIR") in text) == (cells > 0)


def glyphs_drawn(reader: PdfReader) -> dict[str, set[int]]:
    """The glyph ids each font draws, read from the pages' content: two bytes a glyph."""
    drawn: dict[str, set[int]] = {}
    for page in reader.pages:
        font = ""
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = operands[0]
            elif operator == b"Tj":
                string = operands[0]
                data = string.original_bytes if hasattr(string, "original_bytes") else bytes(string)
                drawn.setdefault(font, set()).update(struct.unpack(f">{len(data) // 2}H", data))
    return drawn


def width_array(entries) -> dict[int, float]:
    """A CID font's /W as glyph id -> width: `first [w w ...]` runs or `first last w` ranges."""
    widths, n = {}, 0
    while n < len(entries):
        first = int(entries[n])
        if isinstance(entries[n + 1], list):
            widths |= {first + k: float(w) for k, w in enumerate(entries[n + 1])}
            n += 2
        else:
            widths |= dict.fromkeys(range(first, int(entries[n + 1]) + 1), float(entries[n + 2]))
            n += 3
    return widths


@pytest.mark.parametrize("name", PLANS)
def test_pdf_embeds_subsets_of_the_fonts_that_draw_every_glyph_used(name):
    reader = PdfReader(io.BytesIO(exported(name, "pdf")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    drawn = glyphs_drawn(reader)
    assert set(drawn) == set(fonts) and len(fonts) == 2  # regular and bold
    for key, reference in fonts.items():
        type0 = reference.get_object()
        assert (type0["/Subtype"], type0["/Encoding"]) == ("/Type0", "/Identity-H") and "/ToUnicode" in type0
        cid = type0["/DescendantFonts"][0].get_object()
        assert (cid["/Subtype"], cid["/CIDToGIDMap"]) == ("/CIDFontType2", "/Identity")
        assert (
            re.fullmatch(r"/[A-Z]{6}\+DejaVuSansCondensed(-Bold)?", cid["/BaseFont"])
            and cid["/BaseFont"] == type0["/BaseFont"]
        )
        bold = cid["/BaseFont"].endswith("-Bold")
        path = FONTS / ("DejaVuSansCondensed-Bold.ttf" if bold else "DejaVuSansCondensed.ttf")
        original = TTFont(path)
        descriptor = cid["/FontDescriptor"].get_object()
        assert (descriptor["/Ascent"], descriptor["/Descent"], descriptor["/CapHeight"]) == (928, -236, 729)
        assert descriptor["/StemV"] == (165 if bold else 87) and descriptor["/ItalicAngle"] == 0
        assert descriptor["/Flags"] & 4 and list(descriptor["/FontBBox"]) == [
            round(v * 1000 / 2048)
            for v in (original["head"].xMin, original["head"].yMin, original["head"].xMax, original["head"].yMax)
        ]
        data = descriptor["/FontFile2"].get_object().get_data()
        assert len(data) < path.stat().st_size / 10  # a subset, not the whole font
        subset = TTFont(io.BytesIO(data), checkChecksums=2)
        widths = width_array(cid["/W"])
        for glyph in drawn[key]:
            advance = original["hmtx"][original.getGlyphName(glyph)][0]
            assert abs(widths[glyph] - advance * 1000 / 2048) <= 0.5
            assert outline(subset, glyph) == outline(original, glyph), glyph
            if glyph != original.getGlyphID("space"):
                assert subset["glyf"][subset.getGlyphName(glyph)].numberOfContours != 0


def test_pdf_is_the_same_bytes_every_time_and_says_who_made_it():
    plan, cards = built("home4")
    first = exported("home4", "pdf")
    printable.cache_clear()
    sheet_fonts.cache_clear()
    assert export_plan(plan, options("pdf"), cards) == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata["/Producer"] == "planner (pydyf)" and reader.metadata["/CreationDate"] == "D:20000101000000Z"
    assert "/ID" not in reader.trailer


# ---------------------------------------------------------------------------- FIT


def executed(steps: list[dict]) -> list[dict]:
    """The steps a watch runs: repeat steps send it back to their first step, `repeat_steps` times in all."""
    out, counters, i = [], {}, 0
    while i < len(steps):
        step = steps[i]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            counters[i] = counters.get(i, 1) + 1
            if counters[i] <= step["repeat_steps"]:
                i = step["duration_step"]
                continue
            counters[i] = 1
        else:
            out.append(step)
        i += 1
    return out


def sdk_decode(data: bytes) -> dict:
    stream = Stream.from_byte_array(bytearray(data))
    assert Decoder(stream).is_fit() and Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def fitdecode_steps(data: bytes) -> list[dict]:
    steps = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                steps.append({f.name: f.value for f in frame.fields})
    return steps


@pytest.mark.parametrize("name", PLANS)
def test_fit_files_decode_in_both_decoders_with_one_set_step_per_planned_set(name):
    plan, cards = built(name)
    prepared, _ = prepare(plan, "2027-03-22")
    files = export_fit_files(plan, options("fit"), cards)
    assert len(files) == sessions(plan)
    for (file_name, data), session in zip(files.items(), [s for w in prepared.weeks for s in w.sessions], strict=True):
        messages = sdk_decode(data)
        assert messages["file_id_mesgs"][0]["type"] == "workout"
        [workout] = messages["workout_mesgs"]
        assert workout["sport"] == "training" and workout["sub_sport"] == "strength_training"
        steps = messages["workout_step_mesgs"]
        assert workout["num_valid_steps"] == len(steps)
        assert [s["message_index"] for s in steps] == list(range(len(steps)))
        other = fitdecode_steps(data)
        assert len(other) == len(steps)
        for a, b in zip(steps, other, strict=True):
            assert a["duration_type"] == b["duration_type"] and a.get("wkt_step_name") == b.get("wkt_step_name")
        ran = executed(steps)
        sets = [s for s in ran if s["intensity"] in ("active", "warmup") and s["duration_type"] != "open"]
        planned = [i for b in session.blocks for i in b.items]
        assert len(sets) == sum(i.sets for i in planned), file_name
        # each exercise's sets, by name
        for item in planned:
            named = [s for s in sets if item.name[:20] in s.get("wkt_step_name", "")]
            assert len(named) >= item.sets
        for step in sets:
            assert step["duration_type"] in ("reps", "time", "distance")
            assert step["exercise_category"] in Profile["types"]["exercise_category"].values()
        ramps = [s for s in ran if s["duration_type"] == "open"]
        assert len(ramps) == sum(len(i.ramp) for i in planned)


def test_fit_zip_holds_the_same_files():
    plan, cards = built("home4")
    archive = zipfile.ZipFile(io.BytesIO(export_plan(plan, options("fit"), cards)))
    assert {i.filename: archive.read(i) for i in archive.infolist()} == export_fit_files(plan, options("fit"), cards)


def test_fit_categories_cover_every_pattern_and_exist_in_the_sdk():
    known = set(Profile["types"]["exercise_category"].values())
    table = categories()
    assert set(table["patterns"]) == set(builtin_vocab().patterns.ids)
    assert set(table["patterns"].values()) | set(table["bodyweight"].values()) <= known


def test_fit_category_follows_pattern_and_equipment():
    lib = load_library(library_sources(env={}), use_cache=False)
    assert category(lib.card("push-up")) == "push_up"  # a horizontal push with body weight
    assert category(lib.card("dumbbell-bench-press")) == "bench_press"
    assert category(lib.card("goblet-squat")) == "squat"
    assert category(None) == "unknown"


def test_fit_load_and_notes_reach_the_step():
    plan, cards = built("hostile")
    files = export_fit_files(plan, options("fit"), cards)
    steps = sdk_decode(next(iter(files.values())))["workout_step_mesgs"]
    loaded = [s for s in steps if s.get("exercise_weight")]
    assert loaded and loaded[0]["exercise_weight"] == 22.5 and loaded[0]["weight_display_unit"] == "kilogram"
    assert "load 22.5 kg" in loaded[0]["notes"]


def step_definitions(data: bytes) -> int:
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        return sum(isinstance(f, fitdecode.FitDefinitionMessage) and f.name == "workout_step" for f in reader)


def test_fit_step_names_share_one_width_and_decode_as_planned():
    """Names are padded with NULs to one width per file, so that steps of one shape share a
    message definition; both decoders read every name and note as planned, no padding in
    them (the hostile names have multi-byte characters and names cut at NAME_BYTES)."""
    plan, cards = built("hostile")
    prepared, _ = prepare(plan, "2027-03-22")
    files = export_fit_files(plan, options("fit"), cards)
    for data, session in zip(files.values(), [s for w in prepared.weeks for s in w.sessions], strict=True):
        planned = session_steps([(b, [cards.get(i.exercise) for i in b.items]) for b in session.blocks])
        for decoded in (sdk_decode(data)["workout_step_mesgs"], fitdecode_steps(data)):
            assert [s.get("wkt_step_name") for s in decoded] == [s.get("wkt_step_name") for s in planned]
            assert [s.get("notes") for s in decoded] == [s.get("notes") for s in planned]
        # a definition per shape (the fields a step has and the size of its notes), not per name
        shapes = {(frozenset(step), len(step.get("notes", "").encode("utf-8"))) for step in planned}
        assert step_definitions(data) <= len(shapes)


# ---------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("name", PLANS)
def test_csv_has_one_row_per_planned_set_and_the_documented_columns(name):
    plan, _ = built(name)
    data = exported(name, "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel then reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    work = [r for r in rows if r["set_type"] == "work"]
    assert len(work) == sum(i.sets for i in items(plan))
    assert len(rows) - len(work) == sum(len(i.ramp) for i in items(plan))
    prepared, _ = prepare(plan, "2027-03-22")
    names = {i.name for i in items(prepared)}
    shown = {r["exercise"].removeprefix("'") for r in rows}
    assert shown == names
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values() if cell)


def test_csv_documents_its_columns():
    import planner.export.csv as module

    for column in COLUMNS:
        assert column in (module.__doc__ or "")


# ---------------------------------------------------------------------------- Liftoscript

# Liftosaur's documented grammar (liftosaur.com/doc/liftoscript and the app's Lezer grammar),
# for the parts planner writes
SET = r"\d+x\d+(?:-\d+)?\+?(?: \d+(?:\.\d+)?(?:kg|lb))?(?: @\d+(?:\.\d+)?)?(?: \d+s(?:\|\d+s)?)?"
NAME = r"[^/{}()#\[\]|!:,\s](?:[^/{}()#\[\]|!:,\n]*[^/{}()#\[\]|!:,\s])?"
EXERCISE = re.compile(rf"^({NAME}) / ({SET}(?:, {SET})*)(?: / warmup: none)?(?: / superset: [A-Za-z]+)?$")


def check_liftoscript(text: str) -> tuple[int, int, int]:
    """Weeks, days and exercise lines, each line checked against the grammar."""
    weeks = days = exercises = 0
    previous = ""
    for line in text.split("\n"):
        if line.startswith("## "):
            days += 1
        elif line.startswith("# "):
            weeks += 1
        elif line.startswith("//") or line == "":
            pass
        else:
            assert EXERCISE.match(line), line
            assert previous.startswith("//") and not previous.startswith("///"), f"no description above {line!r}"
            exercises += 1
        previous = line
    return weeks, days, exercises


@pytest.mark.parametrize("name", PLANS)
def test_liftoscript_follows_the_documented_grammar(name):
    plan, _ = built(name)
    text = exported(name, "liftoscript").decode("utf-8")
    weeks, days, exercises = check_liftoscript(text)
    assert (weeks, days, exercises) == (len(plan.weeks), sessions(plan), len(items(plan)))
    for item in items(plan):
        if item.rir is not None:
            assert f"@{10 - item.rir}" in text
    for warning in plan.warnings:
        assert f"/// Not reached: {warning}" in text


def test_liftoscript_names_drop_what_liftosaur_reads_as_syntax():
    assert exercise_name("# not / a [week] (label): !bang {brace}", "x") == "not a week label bang brace"
    assert exercise_name("Press, Row; Curl", "x") == "Press Row; Curl"
    assert exercise_name("///", "my-card") == "my-card"


# ---------------------------------------------------------------------------- HTML


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name", PLANS)
def test_html_is_one_self_contained_printable_page(name):
    plan, _ = built(name)
    page = exported(name, "html").decode("utf-8")
    parser = Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "@media print" in page and "break-after: page" in page
    assert page.count('<section class="session">') == sessions(plan)
    text = squeeze("".join(parser.text))
    prepared, _ = prepare(plan, "2027-03-22")
    for item in items(prepared):
        assert squeeze(item.name) in text
    if plan.warnings:
        assert "What this plan does not reach" in page
    if name == "hostile":
        assert "glutes; &lt;b&gt;" in page


# ---------------------------------------------------------------------------- Markdown


def test_markdown_lists_what_the_plan_does_not_reach_and_shows_load_and_ramp():
    md = exported("hostile", "md").decode("utf-8")
    section = md.split("### What this plan does not reach", 1)[1].split("##", 1)[0]
    assert "rule 8: glutes; \\<b\\>: 8, wanted 10 hard sets; --minutes 60" in section
    assert "| Load |" in md and "22.5 kg" in md and "8 x 10 kg, 5 x 16 kg" in md


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    from planner.plans import plan_to_toml

    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(built("home4")[0]), encoding="utf-8")
    return path


def test_cli_fit_to_a_folder_never_clobbers_without_force(cli, plan_path, tmp_path):
    folder = tmp_path / "watch"
    r = cli("export", str(plan_path), "--format", "fit", "--output", str(folder))
    assert r.code == 0, r.err
    files = sorted(folder.glob("*.fit"))
    assert len(files) == sessions(built("home4")[0]) and f"wrote {len(files)} workout files" in r.err
    files[0].write_bytes(b"mine")
    r = cli("export", str(plan_path), "--format", "fit", "--output", str(folder))
    assert r.code == 1 and "--force" in r.err and not r.has_traceback
    assert files[0].read_bytes() == b"mine"
    assert cli("export", str(plan_path), "--format", "fit", "--output", str(folder), "--force").code == 0
    assert files[0].read_bytes().startswith(b"\x0e")  # a FIT header again


def test_cli_formats_from_the_output_suffix(cli, plan_path, tmp_path):
    for suffix, magic in (
        (".pdf", b"%PDF-"),
        (".zip", b"PK\x03\x04"),
        (".html", b"<!DOCTYPE html>"),
        (".csv", b"\xef\xbb\xbf"),
    ):
        out = tmp_path / f"plan{suffix}"
        r = cli("export", str(plan_path), "--output", str(out))
        assert r.code == 0, r.err
        assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--format", "pdf", "--paper", "b5"], "--paper: unknown paper size 'b5'"), (["--format", "docx"], "--format")],
)
def test_cli_bad_export_options_are_one_line(cli, plan_path, args, says):
    r = cli("export", str(plan_path), *args)
    assert r.code == 1 and not r.has_traceback and says in r.err and len(r.err.strip().splitlines()) == 1
