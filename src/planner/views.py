"""Each command's result as text for people: (what goes to stdout, lines for stderr).
render.emit picks the view by the result's type; `width` is the terminal's (None: no
limit, nothing wraps)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planner.tables import Column, render_table, wrap

if TYPE_CHECKING:  # views are found by the result's class name: `list` imports no other command
    from planner.commands.calendar_publish import Published
    from planner.commands.calendar_serve import Served
    from planner.commands.equipment import Equipment
    from planner.commands.export import Exported
    from planner.commands.import_card import CardImports
    from planner.commands.import_free_exercise_db import DataSetImport
    from planner.commands.listing import ExerciseList
    from planner.commands.muscles import Muscles
    from planner.commands.new import NewCard
    from planner.commands.plan import PlanResult
    from planner.commands.progressions import Schemes
    from planner.commands.schema import Schema
    from planner.commands.show import ExerciseCard
    from planner.commands.stats import Stats
    from planner.commands.swap import Alternatives, Swapped
    from planner.commands.validate import Validation

View = tuple[str, list[str]]
PROSE_WIDTH = 80  # what a card's text is wrapped at when stdout is no terminal


VIEWS: dict[str, Callable[[Any, int | None], View]] = {}


def view(fn: Callable[[Any, int | None], View]) -> Callable[[Any, int | None], View]:
    """Register `fn` as the view of the result class its first parameter is annotated with."""
    VIEWS[fn.__annotations__["result"]] = fn
    return fn


def text(result: Any, width: int | None) -> View:
    return VIEWS[type(result).__name__](result, width)


def _join(items: list[str]) -> str:
    return ", ".join(items) if items else "-"


def _equipment(items: list[str]) -> str:
    return ", ".join(items) if items else "bodyweight"


def _lines(paragraph: str, width: int | None, indent: str = "") -> list[str]:
    if width is None:
        return [indent + paragraph]
    return [indent + line for line in wrap(paragraph, max(width - len(indent), 20))]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


# ---------------------------------------------------------------------------- exercises


LIST_COLUMNS = (
    Column("Name"),
    Column("ID", fixed=True),
    Column("Primary"),
    Column("Secondary"),
    Column("Equipment"),
    Column("Blocks"),
)


@view
def list_view(result: ExerciseList, width: int | None) -> View:
    if not result.cards:
        filters = f" {' '.join(result.filters)}" if result.filters else ""
        return f"No exercise matches{filters}.\n", []
    rows = [
        [
            card["name"],
            card["id"],
            _join(card["primary_muscles"]),
            _join(card["secondary_muscles"]),
            _equipment(card["equipment"]),
            _join(card["blocks"]),
        ]
        for card in result.cards
    ]
    return render_table(LIST_COLUMNS, rows, width=width), [_plural(len(result.cards), "exercise")]


@view
def show_view(result: ExerciseCard, width: int | None) -> View:
    ex = result.card
    width = width or PROSE_WIDTH  # a card is prose: wrapped for reading even when piped
    out = [f"{ex.name}  ({ex.id})", *_lines(ex.summary, width), ""]
    tags = [
        ("Primary", _join(ex.primary_muscles)),
        ("Secondary", _join(ex.secondary_muscles)),
        ("Equipment", _equipment(ex.equipment)),
        ("Pattern", f"{ex.pattern} ({ex.mechanic}, {ex.laterality})"),
        ("Level", ex.level),
        ("Position", ex.position),
        ("Blocks", _join(ex.blocks)),
        ("Measured in", ex.measure),
    ]
    flags = [
        name for name, on in (("loads the spine", ex.loads_spine), ("peak contraction", ex.peak_contraction)) if on
    ]
    if flags:
        tags.append(("Notes", ", ".join(flags)))
    limits = [
        f"lowering up to {ex.limits.eccentric_max_s} s" if ex.limits.eccentric_max_s else "",
        f"pause up to {ex.limits.pause_max_s} s" if ex.limits.pause_max_s else "",
        f"up to {ex.limits.reps_max} reps" if ex.limits.reps_max else "",
        f"up to {ex.limits.seconds_max} s" if ex.limits.seconds_max else "",
        f"up to {ex.limits.meters_max} m" if ex.limits.meters_max else "",
    ]
    tags.append(("Progress by", _join([x for x in limits if x])))
    effort = "reps in reserve" if ex.uses_rir else "no RIR (a hold, carry or jump)"
    if ex.rep_floor:
        effort += f"; at least {ex.rep_floor} reps a set"
    tags.append(("Effort", effort + ("; plyometric" if ex.plyometric else "")))
    tags.append(("Hard sets for", _join(ex.hard_set_muscles) if ex.hard_set_muscles else "none (not a hard set)"))
    if ex.finisher_formats:
        tags.append(("Finishers", _join(ex.finisher_formats)))
    tags.append(("Stresses", _join(ex.stresses) if ex.stresses else "no joint in particular"))
    if ex.easier:
        tags.append(("Easier", _join(ex.easier)))
    if ex.harder:
        tags.append(("Harder", _join(ex.harder)))
    key_width = max(len(k) for k, _ in tags)
    for key, value in tags:
        lines = _lines(value, width, " " * (key_width + 2))
        out.append(f"{key:<{key_width}}  {lines[0].lstrip()}")
        out.extend(lines[1:])
    out.append("")
    for paragraph in ex.description.strip().split("\n\n"):
        out.extend(_lines(" ".join(paragraph.split()), width))
        out.append("")
    out.append("Instructions")
    for n, step in enumerate(ex.instructions, 1):
        lines = _lines(step, width, "    ")
        out.append(f"{n:>2}. {lines[0].lstrip()}")
        out.extend(lines[1:])
    if ex.tips:
        out += ["", "Tips"]
        for tip in ex.tips:
            lines = _lines(tip, width, "   ")
            out.append(f" • {lines[0].lstrip()}")
            out.extend(lines[1:])
    if ex.faq:
        out += ["", "Frequently asked"]
        for qa in ex.faq:
            out.extend(_lines(f"Q: {qa.question}", width))
            out.extend(_lines(f"A: {qa.answer}", width))
    if ex.source:
        out += ["", *_lines(f"Source: {ex.source}" + (f" ({ex.license})" if ex.license else ""), width)]
    return "\n".join(out) + "\n", []


MUSCLE_COLUMNS = (
    Column("Muscle", fixed=True),
    Column("Name"),
    Column("Groups"),
    Column("Aliases"),
    Column("Primary", fixed=True, right=True),
    Column("Any", fixed=True, right=True),
)
EQUIPMENT_COLUMNS = (
    Column("Equipment", fixed=True),
    Column("Name"),
    Column("Aliases"),
    Column("In profiles"),
    Column("Used by", fixed=True, right=True),
)


@view
def muscles_view(result: Muscles, width: int | None) -> View:
    muscles = render_table(
        MUSCLE_COLUMNS,
        [
            [r["id"], r["name"], _join(r["groups"]), _join(r["aliases"]), str(r["primary_count"]), str(r["count"])]
            for r in result.muscles
        ],
        width=width,
    )
    groups = render_table(
        [Column("Group", fixed=True), Column("Muscles"), Column("Aliases")],
        [[g["id"], _join(g["muscles"]), _join(g["aliases"])] for g in result.groups],
        width=width,
    )
    heading = "\nGroups (usable wherever a muscle is asked for):\n\n"
    return muscles + heading + groups, ["Primary / Any: exercises that train the muscle as a primary muscle / at all"]


@view
def equipment_view(result: Equipment, width: int | None) -> View:
    items = render_table(
        EQUIPMENT_COLUMNS,
        [[r["id"], r["name"], _join(r["aliases"]), _join(r["profiles"]), str(r["count"])] for r in result.equipment],
        width=width,
    )
    profiles = render_table(
        [Column("Profile", fixed=True), Column("What it means"), Column("Exercises available", fixed=True, right=True)],
        [[p["id"], p["description"], str(p["available_exercises"])] for p in result.profiles],
        width=width,
    )
    return items + "\nProfiles (use them with --equipment):\n\n" + profiles, []


@view
def validate_view(result: Validation, width: int | None) -> View:
    out = "".join(f"{p}\n" for p in result.problems)
    return out, [] if result.problems else [result.summary]  # with problems, the error line sums up


# ---------------------------------------------------------------------------- plans


@view
def plan_view(result: PlanResult, width: int | None) -> View:
    import sys

    if result.toml is not None:
        return result.toml, []
    if result.written is not None and not sys.stdout.isatty():
        return "", []  # saved, and stdout is a pipe or a file: the plan is in the file
    from planner.render import plan_text

    return plan_text(result.plan, width=width), []


SCHEME_COLUMNS = (
    Column("Week", fixed=True, right=True),
    Column("Dose", fixed=True),
    Column("Tempo", fixed=True),
    Column("Change"),
)


@view
def progressions_view(result: Schemes, width: int | None) -> View:
    out = [
        *_lines(
            f"Progression schemes, shown on {result.name} ({result.goal} goal; a deload every {result.deload_every}th week)",
            width,
        ),
        "",
    ]
    for scheme in result.schemes:
        out.extend(_lines(f"{scheme['name']}: {scheme['description']}", width))
        rows = [[str(w["week"]), w["dose"], w["tempo"] or "-", w["change"]] for w in scheme["weeks"]]
        out.append(render_table(SCHEME_COLUMNS, rows, width=width).rstrip("\n"))
        out.append("")
    out.extend(
        _lines(
            "Use one with `planner plan --progression NAME`; add your own as progressions/NAME.toml in a library folder.",
            width,
        )
    )
    return "\n".join(out) + "\n", []


BAR_WIDTH = 40


def bar(value: float, lo: float, hi: float, scale: float, width: int = BAR_WIDTH) -> str:
    """`value` as a bar of `width` cells, each `scale` sets, with a | at each end of the
    target range lo-hi (between the cells where it falls, so the bar never hides it)."""
    marks = {round(lo / scale), round(hi / scale)}
    cells = []
    for k in range(width + 1):
        if k in marks:
            cells.append("|")
        if k < width:
            cells.append("█" if (k + 0.5) * scale <= value else "·")
    return "".join(cells)


@view
def stats_view(result: Stats, width: int | None) -> View:
    from planner.render import warnings_text

    data = result.data
    lo, hi = data["target"]
    top = max([hi, *(v for w in data["weeks"] for v in w["hard_sets"].values())])
    scale = top / BAR_WIDTH
    out = []
    for w in data["weeks"]:
        deload = " (deload)" if w["deload"] else ""
        out.extend(
            _lines(
                f"Week {w['number']}{deload}: hard sets per muscle, target {lo:g}-{hi:g} (the | marks its ends)", width
            )
        )
        for muscle, value in sorted(w["hard_sets"].items(), key=lambda kv: -kv[1]):
            major = muscle in data["major"]
            state = "" if not major or w["deload"] else ("below" if value < lo else "above" if value > hi else "ok")
            out.append(f"  {muscle:<12} {bar(value, lo, hi, scale)} {value:>5g}  {state}".rstrip())
        minutes = ", ".join(f"{s['day']} {s['minutes']:.0f}" for s in w["sessions"])
        out.extend(_lines(f"minutes per session (asked {data['minutes_asked']}): {minutes}", width, "  "))
        out.append("")
    out.extend(warnings_text(result.warnings, width))
    return "\n".join(out).rstrip("\n") + "\n", []


ALTERNATIVE_COLUMNS = (
    Column("Rank", fixed=True, right=True),
    Column("ID", fixed=True),
    Column("Name"),
    Column("Equipment"),
    Column("Why"),
)


@view
def alternatives_view(result: Alternatives, width: int | None) -> View:
    if not result.found:
        blocks = " or ".join(sorted({p.block for p in result.places}))
        return f"No other exercise in the library can stand in for {result.old.id} in the {blocks} block.\n", []
    rows = [
        [str(n), a.exercise.id, a.exercise.name, _equipment(a.exercise.equipment), a.why]
        for n, a in enumerate(result.found, 1)
    ]
    return render_table(ALTERNATIVE_COLUMNS, rows, width=width), []


@view
def swapped_view(result: Swapped, width: int | None) -> View:
    return "", []


@view
def export_view(result: Exported, width: int | None) -> View:
    return "", []  # the bytes go out as they are (render.emit)


@view
def published_view(result: Published, width: int | None) -> View:
    return "", []  # the calendar file is the result; its path goes to stderr as a note


@view
def served_view(result: Served, width: int | None) -> View:
    return "", []  # the server's own log went to stderr while it ran


# ---------------------------------------------------------------------------- bring your own


@view
def card_imports_view(result: CardImports, width: int | None) -> View:
    out, notes = [], []
    for r in result.results:
        verb = {"created": "wrote", "updated": "updated", "unchanged": "unchanged:"}.get(r.action, r.action)
        notes.append(f"{r.source}: {verb} {r.path}")
        if r.replaces:
            notes.append(f"  it replaces {r.replaces} (the same id; a later library wins)")
        for warning in r.warnings:
            notes.append(f"  warning: {warning.split(': ', 1)[-1]}")
        if r.inferred and r.action != "unchanged":
            notes.append("  inferred (check each, then remove it from `inferred` in the card):")
            for field_name, value, evidence in r.inferred:
                notes.append(f"    {field_name} = {value}" + (f"  <- {evidence}" if evidence else ""))
        out.append(str(r.path))
    return "".join(f"{line}\n" for line in out), notes


@view
def data_set_import_view(result: DataSetImport, width: int | None) -> View:
    report = result.report
    written = f"{len(report.created)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    notes = [f"{result.file}: {report.total} exercises", f"imported {report.imported} into {result.into} ({written})"]
    if report.renamed_builtin:
        notes.append(f"  {report.renamed_builtin} got an id ending in -2: the built-in library has a card with that id")
    if report.renamed_duplicate:
        notes.append(
            f"  {report.renamed_duplicate} got an id ending in -2, -3, ...: an earlier exercise has the same name"
        )
    skipped = [*report.skipped, *report.kept]
    if skipped:
        notes.append(f"skipped {len(skipped)}:")
        notes.extend(f"  {s.name}: {s.reason}" for s in skipped)
        notes.append("skipped by reason: " + "; ".join(f"{n} {reason}" for reason, n in report.skip_reasons().items()))
    if report.review:
        notes.append(
            f"to review {len(report.review)}: equipment `other`, which no plan uses until you name what they need:"
        )
        notes.extend(f"  {s.name}: {s.reason}" for s in report.review)
    return "", notes


@view
def schema_view(result: Schema, width: int | None) -> View:
    from planner.render import dumps

    return dumps(result.to_json()), []  # a schema is JSON, for people too


@view
def new_view(result: NewCard, width: int | None) -> View:
    return f"{result.path}\n", []


# the training log's views register themselves here too (`planner log`, `next`, `history`)
from planner import log_views as _log_views  # noqa: E402  (needs `view` above)

__all__ = ["VIEWS", "View", "_log_views", "text", "view"]
