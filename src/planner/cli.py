"""The command line. The only module that imports typer and rich: it parses arguments,
calls the core, renders the result (a table for people, --json for scripts) and turns a
PlannerError into one line on stderr with its exit code."""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from planner import __version__
from planner.errors import PlannerError

if TYPE_CHECKING:  # the core loads inside the commands that need it: `--help` stays fast
    from planner.library import Library, Problem
    from planner.models import Exercise
    from planner.records import PlanInputs

app = typer.Typer(
    name="planner",
    help="Plan your training: browse a library of exercises, generate weekly plans, export them to your calendar.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's import alone costs more than the rest of `--help`
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    library_paths: list[Path] = field(default_factory=list)
    use_cache: bool = True


LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        "-L",
        metavar="DIR",
        help="Another library folder on top of the built-in and user ones (repeatable; later wins). "
        "Also read from PLANNER_LIBRARY.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"planner {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    library: LibraryOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every card afresh instead of using the library index cache.")
    ] = False,
) -> None:
    ctx.obj = State(list(library or []), use_cache=not no_cache)


# ---------------------------------------------------------------------------- helpers


def _stdout() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")


def _sources_and_library(ctx: typer.Context, library: list[Path] | None) -> tuple[list[Any], Library]:
    """Every library source (global and per-command --library), and the cards they hold,
    each bad file reported once on stderr and skipped."""
    from planner.library import library_sources

    sources = library_sources([*ctx.obj.library_paths, *(library or [])])
    lib = _read_library(ctx, sources)
    _report_skipped(lib.problems)
    return sources, lib


def _read_library(ctx: typer.Context, sources: list[Any]) -> Library:
    """The cards of these sources, with a progress bar when reading them is slow."""
    from planner.library import load_library

    with IndexProgress() as progress:
        lib = load_library(sources, use_cache=ctx.obj.use_cache, progress=progress)
    # a command ends soon after: leave the library's many objects out of every later garbage
    # collection (with ten thousand cards, the first would walk most of a million of them)
    gc.freeze()
    return lib


class IndexProgress:
    """A progress bar on stderr while cards are read, drawn only on a terminal and only once
    reading has taken `after` seconds: a warm index loads faster than a bar could be drawn,
    while indexing thousands of new cards takes a while."""

    def __init__(self, after: float = 0.5, console: Any = None) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.after = after
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> IndexProgress:
        return self

    def __call__(self, done: int, total: int, folder: Path) -> None:
        if self.bar is None:
            if done % 32 or self.clock() - self.started < self.after:
                return
            if self.console is None:
                if not sys.stderr.isatty():
                    self.after = float("inf")  # never: piped or redirected output gets no bar
                    return
                from rich.console import Console

                self.console = Console(stderr=True)
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("reading cards in {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(str(folder), total=total)
        self.bar.update(self.task, completed=done, total=total, description=str(folder))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _open_library(ctx: typer.Context, library: list[Path] | None) -> Library:
    return _sources_and_library(ctx, library)[1]


def _report_skipped(problems: list[Problem]) -> None:
    by_file: dict[Path, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    for file_problems in by_file.values():
        more = f" (+{len(file_problems) - 1} more; `planner validate` lists them)" if len(file_problems) > 1 else ""
        _warn(f"{file_problems[0]}{more}")


def _join(items: list[str]) -> str:
    return ", ".join(items) if items else "-"


def _equipment_text(items: list[str]) -> str:
    return ", ".join(items) if items else "bodyweight"


def _table(headers: tuple[str, ...], rows: list[list[str]], right: tuple[int, ...] = ()) -> None:
    from planner.tables import render_table, terminal_width

    sys.stdout.write(render_table(headers, rows, width=terminal_width(), right=right))


# ---------------------------------------------------------------------------- list / show


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    muscle: Annotated[
        list[str] | None,
        typer.Option(
            "--muscle",
            "-m",
            help="Muscle or group (legs, core, push, ...); repeat for any of several. Aliases work: 'gluteus maximus'.",
        ),
    ] = None,
    primary: Annotated[bool, typer.Option("--primary", help="Match --muscle against primary muscles only.")] = False,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            "--equipment",
            "-e",
            help="What you have: equipment names or a profile (bodyweight, home, gym); repeatable. "
            "Shows exercises that need nothing else.",
        ),
    ] = None,
    block: Annotated[
        str | None, typer.Option("--block", "-b", help="warmup, activation, main, accessory or finisher.")
    ] = None,
    pattern: Annotated[
        str | None, typer.Option("--pattern", "-p", help="Movement pattern, e.g. hinge, squat, horizontal_pull.")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="Your level: shows exercises at or below it (beginner, intermediate, advanced)."),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Words to find in the name, aliases or summary.")
    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """List exercises, filtered by muscle, equipment, block, pattern, level or text."""
    from planner.library import build_query, select
    from planner.vocab import builtin_vocab

    query = build_query(builtin_vocab(), muscle or [], primary, equipment or [], block, pattern, level, search)
    lib = _open_library(ctx, library)
    found = select(lib, query)
    if as_json:  # every field of each match, prose included
        _print_json([lib.get(card["id"]).to_data() for card in found])
        return
    rows = [
        [
            card["name"],
            card["id"],
            _join(card["primary_muscles"]),
            _join(card["secondary_muscles"]),
            _equipment_text(card["equipment"]),
            _join(card["blocks"]),
        ]
        for card in found
    ]
    _table(("Name", "ID", "Primary", "Secondary", "Equipment", "Blocks"), rows)
    _warn(f"{len(found)} exercise{'s' * (len(found) != 1)}")


@app.command()
def show(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise id, as `planner list` shows it.", metavar="EXERCISE")],
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Show one exercise card in full: tags, description, instructions, tips and FAQ."""
    ex = _open_library(ctx, library).get(exercise)
    if as_json:
        _print_json(ex.to_data())
        return
    from rich.markup import escape

    console = _stdout()
    out = console.print
    out(f"[bold]{escape(ex.name)}[/]  [dim]({ex.id})[/]")
    out(escape(ex.summary))
    out("")
    tags = [
        ("Primary", _join(ex.primary_muscles)),
        ("Secondary", _join(ex.secondary_muscles)),
        ("Equipment", _equipment_text(ex.equipment)),
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
    width = max(len(k) for k, _ in tags)
    for key, value in tags:
        out(f"[bold]{key:<{width}}[/]  {escape(value)}")
    out("")
    for paragraph in ex.description.strip().split("\n\n"):
        out(escape(" ".join(paragraph.split())))
        out("")
    out("[bold underline]Instructions[/]")
    for n, step in enumerate(ex.instructions, 1):
        out(f"{n:>2}. {escape(step)}")
    if ex.tips:
        out("")
        out("[bold underline]Tips[/]")
        for tip in ex.tips:
            out(f" • {escape(tip)}")
    if ex.faq:
        out("")
        out("[bold underline]Frequently asked[/]")
        for qa in ex.faq:
            out(f"[bold]Q: {escape(qa.question)}[/]")
            out(f"A: {escape(qa.answer)}")
    if ex.source:
        out("")
        out(f"[dim]Source: {escape(ex.source)}{' (' + escape(ex.license) + ')' if ex.license else ''}[/]")


# ---------------------------------------------------------------------------- vocabularies


@app.command()
def muscles(ctx: typer.Context, as_json: JsonOption = False, library: LibraryOption = None) -> None:
    """The muscle vocabulary: ids, groups, aliases and how many exercises train each."""
    from planner.vocab import builtin_vocab

    vocab = builtin_vocab()
    lib = _open_library(ctx, library)
    rows = []
    for muscle in vocab.muscles.ids:
        info = vocab.muscle_info(muscle)
        rows.append(
            {
                "id": muscle,
                "name": info["name"],
                "region": info["region"],
                "major": bool(info.get("major", False)),
                "groups": [g for g, members in vocab.groups.items() if muscle in members],
                "aliases": list(info.get("aliases", [])),
                "primary_count": sum(muscle in ex.primary_muscles for ex in lib.exercises.values()),
                "count": sum(muscle in ex.muscles for ex in lib.exercises.values()),
            }
        )
    groups: list[dict[str, Any]] = [
        {"id": g, "muscles": list(m), "aliases": list(vocab.raw["groups"][g].get("aliases", []))}
        for g, m in vocab.groups.items()
    ]
    if as_json:
        _print_json({"muscles": rows, "groups": groups})
        return
    _table(
        ("Muscle", "Name", "Groups", "Aliases", "Primary", "Any"),
        [
            [r["id"], r["name"], _join(r["groups"]), _join(r["aliases"]), str(r["primary_count"]), str(r["count"])]
            for r in rows
        ],
        right=(4, 5),
    )
    typer.echo("\nGroups (usable wherever a muscle is asked for):\n")
    _table(("Group", "Muscles", "Aliases"), [[g["id"], _join(g["muscles"]), _join(g["aliases"])] for g in groups])
    _warn("Primary / Any: exercises that train the muscle as a primary muscle / at all")


@app.command()
def equipment(ctx: typer.Context, as_json: JsonOption = False, library: LibraryOption = None) -> None:
    """Equipment names, aliases and profiles, with how many exercises use each."""
    from planner.vocab import builtin_vocab

    vocab = builtin_vocab()
    lib = _open_library(ctx, library)
    profiles = vocab.profiles
    rows = [
        {
            "id": item,
            "name": vocab.raw["equipment"][item]["name"],
            "aliases": list(vocab.raw["equipment"][item].get("aliases", [])),
            "profiles": [p for p, items in profiles.items() if item in items],
            "count": sum(item in ex.equipment for ex in lib.exercises.values()),
        }
        for item in vocab.equipment.ids
    ]
    profile_rows = [
        {
            "id": p,
            "description": vocab.raw["profiles"][p]["description"],
            "equipment": list(items),
            "aliases": list(vocab.raw["profiles"][p].get("aliases", [])),
            "available_exercises": sum(ex.available_with(set(items)) for ex in lib.exercises.values()),
        }
        for p, items in profiles.items()
    ]
    if as_json:
        _print_json({"equipment": rows, "profiles": profile_rows})
        return
    _table(
        ("Equipment", "Name", "Aliases", "In profiles", "Used by"),
        [[r["id"], r["name"], _join(r["aliases"]), _join(r["profiles"]), str(r["count"])] for r in rows],
        right=(4,),
    )
    typer.echo("\nProfiles (use them with --equipment):\n")
    _table(
        ("Profile", "What it means", "Exercises available"),
        [[p["id"], p["description"], str(p["available_exercises"])] for p in profile_rows],
        right=(2,),
    )


# ---------------------------------------------------------------------------- validate


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Card files or library folders to check. Default: every library source.", metavar="[PATH]..."
        ),
    ] = None,
    library: LibraryOption = None,
) -> None:
    """Check exercise cards: TOML syntax, every field, duplicate ids and easier/harder links.
    Prints every problem; exits 1 if there is any."""
    from planner.library import (
        Library,
        duplicate_problems,
        exercise_files,
        library_sources,
        link_problems,
        placeholder_problems,
        read_card,
    )

    sources = library_sources([*ctx.obj.library_paths, *(library or [])])
    lib = _read_library(ctx, sources)
    if paths:
        files: list[Path] = []
        for path in paths:
            if not path.exists():
                raise PlannerError(f"{path}: no such file or folder")
            files.extend(exercise_files(path) if path.is_dir() else [path])
        combined = Library(dict(lib.cards), dict(lib.paths))
        cards: list[tuple[Exercise, Path]] = []
        problems = []
        for f in files:
            exercise, file_problems = read_card(f)
            problems += file_problems
            problems += placeholder_problems(exercise, f, file_problems)  # TODOs left by `planner new`
            if exercise is not None:
                cards.append((exercise, f))
                combined.add(exercise, f)
        problems += duplicate_problems(files)
        problems += link_problems(combined, cards)
        count = len(files)
    else:
        problems = list(lib.problems)
        count = 0
        for source in sources:
            source_files = list(exercise_files(source.path))
            problems += duplicate_problems(source_files)
            count += len(source_files)
        problems += link_problems(lib)
        # placeholders sit in the prose, which the index leaves out: read each card in full
        problems += [p for ex in lib.sorted() for p in placeholder_problems(lib.get(ex.id), lib.paths[ex.id])]
    problems += _coaching_problems(sources)
    for problem in problems:
        typer.echo(str(problem))
    bad_files = len({p.path for p in problems})
    summary = f"{count} card{'s' * (count != 1)} checked: "
    if problems:
        _warn(
            summary + f"{len(problems)} problem{'s' * (len(problems) != 1)} in {bad_files} file{'s' * (bad_files != 1)}"
        )
        raise typer.Exit(1)
    _warn(summary + "all good")


def _coaching_problems(sources: list[Any]) -> list[Any]:
    """The coach's data (templates/*.toml) and progression schemes of every source, checked as
    `planner plan` would read them."""
    from planner.coach.progress import load_schemes
    from planner.coach.rules import load_coaching
    from planner.library import Problem
    from planner.vocab import builtin_vocab

    folders = [s.path for s in sources]
    out = []
    for check in (lambda: load_coaching(folders, builtin_vocab()), lambda: load_schemes(folders)):
        try:
            check()
        except PlannerError as e:
            path, _, message = e.message.partition(": ")
            out.append(Problem(Path(path), message))
    return out


# ---------------------------------------------------------------------------- plans

PLAN_KEYS = (
    "days",
    "on",
    "minutes",
    "equipment",
    "goal",
    "level",
    "focus",
    "exclude",
    "weeks",
    "progression",
    "deload_every",
    "seed",
    "start",
    "units",
)


def _plan_inputs(given: dict[str, Any], profile: Path | None) -> PlanInputs:
    """Defaults, then the profile file, then the options typed: later wins."""
    from planner.vocab import builtin_vocab

    values: dict[str, Any] = {}
    if profile is not None:
        from planner.library import read_toml

        data, problem = read_toml(profile)
        if data is None:
            raise PlannerError(str(problem) if problem else f"{profile}: cannot read")
        unknown = sorted(set(data) - set(PLAN_KEYS))
        if unknown:
            raise PlannerError(f"{profile}: {unknown[0]}: not a plan setting; use {', '.join(PLAN_KEYS)}")
        values.update(data)
    values.update({k: v for k, v in given.items() if v is not None and v != []})
    if "on" in values:
        days = values["on"]
        values["on"] = [d for d in (days.split(",") if isinstance(days, str) else days) if d.strip()]
        if given.get("days") is not None and given["days"] != len(values["on"]):
            raise PlannerError(f"--days {given['days']} and --on {','.join(values['on'])} disagree; give one of them")
    vocab = builtin_vocab()
    values["equipment"] = [
        vocab.equipment_terms.entry(w, "--equipment") for w in values.get("equipment", ["bodyweight"])
    ]
    values["focus"] = [vocab.muscle_terms.entry(w, "--focus") for w in values.get("focus", [])]
    return _checked_inputs(values, given, profile)


def _checked_inputs(values: dict[str, Any], given: dict[str, Any], profile: Path | None) -> PlanInputs:
    """Plan settings checked; a wrong one named as the option (or the profile's key) it came from."""
    from planner.records import InputError, plan_inputs

    try:
        return plan_inputs(values)
    except InputError as e:
        where = f"{profile}: " if profile is not None and given.get(e.key) is None else ""
        raise PlannerError(f"{where}--{e.key.replace('_', '-')}: {e}") from None


@app.command()
def plan(
    ctx: typer.Context,
    days: Annotated[int | None, typer.Option("--days", "-d", help="Training days a week, 2 to 6 (default 3).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Weekdays instead of --days, e.g. mon,wed,fri.")] = None,
    minutes: Annotated[int | None, typer.Option("--minutes", "-t", help="Minutes per session (default 45).")] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            "--equipment", "-e", help="What you have: bodyweight (default), home, gym, or equipment names; repeatable."
        ),
    ] = None,
    goal: Annotated[
        str | None, typer.Option("--goal", "-g", help="general (default), strength, hypertrophy or endurance.")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="beginner (default), intermediate or advanced.")] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option("--focus", "-f", help="Muscles or groups to give more weekly volume; repeatable."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            help="Leave out an exercise id, a tag (loads_spine, plyometric), a sore joint (lower back, shoulder, knee, "
            "wrist, elbow, hip), an equipment name or a pattern; what it removes is replaced from the same movement "
            "pattern. Repeatable.",
        ),
    ] = None,
    weeks: Annotated[int | None, typer.Option("--weeks", "-w", help="How many weeks.")] = None,
    progression: Annotated[
        str | None, typer.Option("--progression", help="How weeks get harder (see `planner progressions`).")
    ] = None,
    deload_every: Annotated[
        int | None,
        typer.Option(
            "--deload-every",
            metavar="N",
            help="Every Nth week is a lighter deload week, 3 to 8 (default by level: beginner 6, intermediate 5, "
            "advanced 4).",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Another seed gives another plan from the same inputs (default 1).")
    ] = None,
    units: Annotated[str | None, typer.Option("--units", metavar="kg|lb", help="Units for loads (default kg).")] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Date of the first week, YYYY-MM-DD; sessions get dates.")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", help="TOML file with any of these settings; options override it.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the plan to this TOML file (for stats, swap and export)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Generate a training plan: warm-up, activation, main, accessory and finisher blocks,
    fitted to your minutes, equipment and goal. With no options: 3 days, 45 minutes,
    bodyweight, general fitness."""
    from planner.tables import terminal_width
    from planner.vocab import builtin_vocab

    given = {"days": days, "on": on, "minutes": minutes, "equipment": equipment, "goal": goal, "level": level,
             "focus": focus, "exclude": exclude, "weeks": weeks, "progression": progression,
             "deload_every": deload_every, "seed": seed, "start": start, "units": units}  # fmt: skip
    inputs = _plan_inputs(given, profile)
    sources, lib = _sources_and_library(ctx, library)
    from planner.plans import build_plan, plan_to_json, write_plan

    result = build_plan(inputs, lib, builtin_vocab(), sources)
    if output is not None:
        write_plan(result, output, force=force)
        _warn(f"wrote {output}")
    if as_json:
        sys.stdout.write(plan_to_json(result))
    elif output is None or sys.stdout.isatty():
        from planner.render import plan_text

        sys.stdout.write(plan_text(result, width=terminal_width()))


# ---------------------------------------------------------------------------- export


@app.command()
def progress(
    ctx: typer.Context,
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file written by `planner plan --output`.")],
    weeks: Annotated[int, typer.Option("--weeks", "-w", min=1, max=52, help="How many weeks to add.")] = 4,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of updating PLAN in place.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    library: LibraryOption = None,
) -> None:
    """Add weeks to a plan file by its progression scheme, keeping every edit made to it."""
    from planner.plans import extend_weeks, read_plan, write_plan
    from planner.vocab import builtin_vocab

    current = read_plan(plan_file)
    sources, lib = _sources_and_library(ctx, library)
    total = len(current.weeks) + weeks
    longer = extend_weeks(current, lib, builtin_vocab(), sources, total)
    target = output or plan_file
    write_plan(longer, target, force=force or output is None)  # extending PLAN in place is the point
    _warn(f"{target}: {len(current.weeks)} -> {total} weeks")


@app.command()
def progressions(
    ctx: typer.Context,
    exercise: Annotated[
        str, typer.Option("--exercise", help="The exercise to show the schemes on.")
    ] = "lying-alternate-hip-extension",
    weeks: Annotated[int, typer.Option("--weeks", "-w", min=2, max=16, help="How many weeks to show.")] = 8,
    goal: Annotated[str, typer.Option("--goal", "-g", help="Goal whose rep ranges apply.")] = "general",
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """The progression schemes, and what each does to an example exercise week by week."""
    from planner.coach.context import make_context
    from planner.coach.preview import preview
    from planner.coach.progress import load_schemes
    from planner.vocab import builtin_vocab

    sources, lib = _sources_and_library(ctx, library)
    ex = lib.get(exercise)
    inputs = _checked_inputs({"equipment": ["gym"], "level": "advanced", "goal": goal}, {"goal": goal}, None)
    folders = [s.path for s in sources]
    context = make_context(inputs, lib, builtin_vocab(), folders)
    schemes = load_schemes(folders)
    result: list[dict[str, Any]] = []
    for scheme in schemes.values():
        rows = preview(context, scheme, ex, weeks)
        result.append(
            {
                "name": scheme.name,
                "description": scheme.description,
                "order": list(scheme.order) if scheme.order else "auto",
                "weeks": [
                    {"week": n, "exercise": i.exercise, "dose": i.dose, "tempo": i.tempo, "change": c}
                    for n, i, c in rows
                ],
            }
        )
    if as_json:
        _print_json({"exercise": ex.id, "schemes": result})
        return
    typer.echo(f"Progression schemes, shown on {ex.name} ({goal} goal; a deload every {context.deload_every}th week)\n")
    for entry in result:
        typer.echo(f"{entry['name']}: {entry['description']}")
        lines = [[str(w["week"]), w["exercise"], w["dose"], w["tempo"] or "-", w["change"]] for w in entry["weeks"]]
        _table(("Week", "Exercise", "Dose", "Tempo", "Change"), lines)
        typer.echo("")
    typer.echo(
        "Use one with `planner plan --progression NAME`; add your own as progressions/NAME.toml in a library folder."
    )


def _bar(value: float, lo: float, hi: float, scale: float, width: int) -> str:
    """A bar of `value` with the target range marked: filled to the value, | at both ends of the range."""
    cells = []
    for k in range(width):
        at = (k + 0.5) * scale
        mark = abs(at - lo) < scale / 2 or abs(at - hi) < scale / 2
        cells.append("█" if at <= value else ("|" if mark else "·"))
    return "".join(cells)


@app.command()
def stats(
    ctx: typer.Context,
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file written by `planner plan --output`.")],
    week: Annotated[int | None, typer.Option("--week", "-w", help="Only this week.")] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Weekly hard sets per muscle as a bar chart against the goal's target range, and minutes per session."""
    from planner.plans import plan_stats, read_plan
    from planner.vocab import builtin_vocab

    current = read_plan(plan_file)
    sources, lib = _sources_and_library(ctx, library)
    data = plan_stats(current, lib, builtin_vocab(), sources)
    if week is not None:
        data["weeks"] = [w for w in data["weeks"] if w["number"] == week]
        if not data["weeks"]:
            raise PlannerError(f"--week: the plan has weeks 1-{len(current.weeks)}")
    if data["not_in_library"]:
        _warn(f"not counted (not in the library): {', '.join(data['not_in_library'])}")
    if as_json:
        _print_json(data)
        return
    lo, hi = data["target"]
    width = 40
    top = max([hi, *(v for w in data["weeks"] for v in w["hard_sets"].values())])
    scale = top / width
    for w in data["weeks"]:
        typer.echo(
            f"Week {w['number']}{' (deload)' if w['deload'] else ''}: hard sets per muscle, target {lo:g}-{hi:g} (| marks the range)"
        )
        for muscle, value in sorted(w["hard_sets"].items(), key=lambda kv: -kv[1]):
            major = muscle in data["major"]
            state = "" if not major or w["deload"] else ("below" if value < lo else "above" if value > hi else "ok")
            typer.echo(f"  {muscle:<12} {_bar(value, lo, hi, scale, width)} {value:>5g}  {state}")
        minutes = ", ".join(f"{s['day']} {s['minutes']:.0f}" for s in w["sessions"])
        typer.echo(f"  minutes per session (asked {data['minutes_asked']}): {minutes}\n")


@app.command("swap")
def swap_cmd(
    ctx: typer.Context,
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file written by `planner plan --output`.")],
    week: Annotated[int, typer.Option("--week", "-w", help="Week number.")],
    day: Annotated[str, typer.Option("--day", "-d", help="Weekday of the session: mon, tue, ...")],
    exercise: Annotated[str, typer.Option("--exercise", help="Id of the exercise to replace.")],
    to: Annotated[
        str | None, typer.Option("--to", help="Id of the replacement; without it, list ranked alternatives.")
    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Replace one exercise in one session, keeping its prescription; without --to, list alternatives."""
    from planner.plans import read_plan, write_plan
    from planner.swap import alternatives, find_item, swap, unsuitable
    from planner.vocab import builtin_vocab

    current = read_plan(plan_file)
    _, lib = _sources_and_library(ctx, library)
    vocab = builtin_vocab()
    day = day.strip().lower()[:3]
    b, _, _ = find_item(current, week, day, exercise)
    block = current.session(week, day).blocks[b].kind
    old = lib.get(exercise)
    if to is None:
        found = alternatives(current, week, day, old, block, lib, vocab)
        if as_json:
            _print_json(
                [{"exercise": a.exercise.id, "name": a.exercise.name, "score": a.score, "why": a.why} for a in found]
            )
            return
        if not found:
            raise PlannerError(f"no other exercise in the library can stand in for {exercise} in the {block} block")
        _table(
            ("Rank", "ID", "Name", "Equipment", "Why"),
            [
                [str(n), a.exercise.id, a.exercise.name, _equipment_text(a.exercise.equipment), a.why]
                for n, a in enumerate(found, 1)
            ],
        )
        return
    new = lib.get(to)
    reason = unsuitable(current, week, day, old, new, block, vocab)
    if reason is not None:
        raise PlannerError(f"--to {to}: {reason}")
    write_plan(swap(current, week, day, exercise, new), plan_file, force=True)
    _warn(f"{plan_file}: week {week} {day}: {exercise} -> {to} (prescription kept)")


ExportStart = Annotated[
    str | None,
    typer.Option(
        "--start", metavar="YYYY-MM-DD", help="Date week 1 starts; needed for ics when the plan has no dates."
    ),
]
ExportTime = Annotated[str | None, typer.Option("--time", metavar="HH:MM", help="When sessions start (default 07:00).")]
ExportZone = Annotated[
    str | None,
    typer.Option("--tz", metavar="ZONE", help="Time zone of --time, e.g. Europe/Berlin (default: this machine's)."),
]
ExportAlarm = Annotated[
    str | None, typer.Option("--alarm", metavar="MINUTES", help="A reminder this many minutes before.")
]


def _calendar_options(start: str | None, time: str | None, tz: str | None, alarm: str | None, **more: Any) -> Any:
    """The calendar options, checked; a one-line note on stderr when the zone falls back to UTC."""
    import os

    from planner.export import ExportOptions, export_clock, parse_alarm, parse_start, parse_time, resolve_zone

    zone, notice = resolve_zone(tz)
    if notice:
        _warn(f"note: {notice}")
    return ExportOptions(
        format="ics",
        start=None if start is None else parse_start(start),
        time=parse_time(time),
        zone=zone,
        alarm_minutes=parse_alarm(alarm),
        now=export_clock(os.environ),
        **more,
    )


def _reader(ctx: typer.Context) -> Any:
    """How a read-only command reads a plan file: through the plan cache unless --no-cache."""
    if ctx.obj.use_cache:
        from planner.plan_cache import read_plan
    else:
        from planner.plans import read_plan
    return read_plan


def _write_stdout(data: bytes) -> None:
    if hasattr(sys.stdout, "buffer"):  # bytes as they are: ics lines end in CRLF on every platform
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:  # a text stream without bytes underneath (a test's StringIO)
        sys.stdout.write(data.decode("utf-8", "replace"))


@app.command()
def export(
    ctx: typer.Context,
    plan_file: Annotated[
        Path, typer.Argument(help="A plan file made by `planner plan --output` (TOML or JSON).", metavar="PLAN")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md (Markdown), ics (calendar), json, pdf or html (printable sheets), fit (Garmin watch "
            "workouts), csv (one row per set) or liftoscript (Liftosaur). Default: from the --output suffix.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR|-",
            help="Write to FILE; - or nothing: stdout. fit: a folder of .fit files, or a .zip.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    time: ExportTime = None,
    tz: ExportZone = None,
    alarm: ExportAlarm = None,
    start: ExportStart = None,
    paper: Annotated[
        str | None, typer.Option("--paper", metavar="a4|letter", help="pdf: paper size (default a4).")
    ] = None,
    library: LibraryOption = None,
) -> None:
    """Export a plan: Markdown, a calendar file (ics), JSON, printable sheets (pdf, html),
    Garmin watch workouts (fit), CSV or Liftoscript. Re-exporting updates the calendar's
    events instead of duplicating them."""
    from dataclasses import replace

    from planner.export import (
        NEEDS_CARDS,
        export_fit_files,
        export_plan,
        is_folder_target,
        parse_format,
        parse_paper,
        write_folder,
    )

    to_stdout = output is None or str(output) == "-"
    fmt = parse_format(fmt, output)
    options = _calendar_options(start, time, tz if fmt == "ics" else (tz or "UTC"), alarm, paper=parse_paper(paper))
    options = replace(options, format=fmt)
    folder = fmt == "fit" and not to_stdout and output is not None and is_folder_target(output)
    if not to_stdout and not folder and output is not None and output.exists() and not force:
        from planner.errors import FileExists

        raise FileExists(output)  # before any work: the answer would be the same after it
    if to_stdout and fmt in ("pdf", "fit") and sys.stdout.isatty():
        raise PlannerError(f"--output: a {fmt} export is binary; give --output FILE (or pipe it)")
    the_plan = _reader(ctx)(plan_file)
    exercises = {}
    if fmt in NEEDS_CARDS:
        lib = _open_library(ctx, library)
        used = {i.exercise for w in the_plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
        # the Markdown appendix needs each used exercise in full, prose included; FIT only its tags
        get = lib.get if fmt == "md" else lib.card
        exercises = {exercise_id: get(exercise_id) for exercise_id in sorted(used & set(lib.cards))}
    if folder:
        assert output is not None
        written = write_folder(output, export_fit_files(the_plan, options, exercises), overwrite=force)
        _warn(f"wrote {len(written)} workout files to {output}")
        return
    if fmt == "ics":
        from planner.calendars import calendar_bytes

        data = calendar_bytes(the_plan, options)
    else:
        data = export_plan(the_plan, options, exercises)
    if to_stdout:
        _write_stdout(data)
        return
    from planner.atomic import atomic_write_bytes

    assert output is not None
    atomic_write_bytes(output, data, overwrite=force)
    _warn(f"wrote {output}")


# ---------------------------------------------------------------------------- calendar

calendar_app = typer.Typer(
    help="A calendar that follows the plan: publish it to a synced folder or serve it to calendar apps.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(calendar_app, name="calendar")
PlanArgument = Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file (TOML or JSON).")]
RefreshOption = Annotated[
    int,
    typer.Option("--refresh", metavar="MINUTES", min=5, max=7 * 24 * 60, help="How often apps should fetch it again."),
]


@calendar_app.command("publish")
def calendar_publish(
    ctx: typer.Context,
    plan_file: PlanArgument,
    folder: Annotated[Path, typer.Option("--dir", metavar="FOLDER", help="Folder to write PLAN.ics into.")],
    name: Annotated[str | None, typer.Option("--name", help="File name (default: the plan file's name).")] = None,
    time: ExportTime = None,
    tz: ExportZone = None,
    alarm: ExportAlarm = None,
    start: ExportStart = None,
    refresh: RefreshOption = 60,
) -> None:
    """Write the plan's calendar into a folder (one a calendar app subscribes to, or that is
    synced); run it again after every edit and the events update in place."""
    from planner.calendars import publish

    options = _calendar_options(start, time, tz, alarm, refresh_minutes=refresh)
    target = publish(_reader(ctx)(plan_file), plan_file, folder, options, name)
    _warn(f"published {target}")


@calendar_app.command("serve")
def calendar_serve(
    ctx: typer.Context,
    plan_file: PlanArgument,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free one).")] = 8765,
    time: ExportTime = None,
    tz: ExportZone = None,
    alarm: ExportAlarm = None,
    start: ExportStart = None,
    refresh: RefreshOption = 60,
) -> None:
    """Serve the plan's calendar at http://127.0.0.1:PORT/PLAN.ics until Ctrl-C. Subscribe to
    that address in your calendar app: each fetch reads the plan file again, so edits show up
    without importing anything."""
    from planner.calendars import calendar_file_name, make_server

    options = _calendar_options(start, time, tz, alarm, refresh_minutes=refresh)
    read_plan = _reader(ctx)
    read_plan(plan_file)  # a broken plan file is an error now, not on the first fetch
    server = make_server(plan_file, read_plan, options, port=port, log=_warn)
    url = f"http://127.0.0.1:{server.server_port}/{calendar_file_name(plan_file, None)}"
    _warn(f"serving {url} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="plan or exercise.", metavar="plan|exercise")],
) -> None:
    """Print the JSON Schema of a plan file or an exercise card, for editors and other tools."""
    from planner.models import exercise_json_schema, plan_json_schema

    schemas = {"plan": plan_json_schema, "exercise": exercise_json_schema}
    key = kind.strip().lower()
    if key not in schemas:
        raise PlannerError(f"schema: unknown kind {kind!r}; use plan or exercise")
    _print_json(schemas[key]())


# ---------------------------------------------------------------------------- bring your own exercises

import_app = typer.Typer(
    help="Bring your own exercises: cards written as plain text, or the free-exercise-db data set.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")

IntoOption = Annotated[
    Path | None,
    typer.Option(
        "--into", metavar="DIR", help="Library folder to write the cards into. Default: your user library folder."
    ),
]
PrimaryOption = Annotated[
    list[str] | None,
    typer.Option("--primary", metavar="MUSCLE", help="Primary muscle (repeatable); aliases work."),
]
EquipmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        metavar="EQUIPMENT",
        help="Equipment it needs, or bodyweight for none (repeatable).",
    ),
]


def _into(into: Path | None) -> Path:
    from planner.library import user_library_dir

    return into.expanduser() if into is not None else user_library_dir()


@import_app.command("card")
def import_card(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Card text files (UTF-8).")],
    into: IntoOption = None,
    primary: PrimaryOption = None,
    secondary: Annotated[
        list[str] | None,
        typer.Option("--secondary", metavar="MUSCLE", help="Secondary muscle (repeatable)."),
    ] = None,
    equipment: EquipmentOption = None,
    blocks: Annotated[
        list[str] | None,
        typer.Option("--blocks", metavar="BLOCK", help="Block it suits (repeatable)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a card edited since it was imported.")] = False,
) -> None:
    """Import exercise cards written as plain text: the name on the first line, description
    paragraphs, then Instructions, Tips & Tricks and Frequently Asked Questions. Tags the text
    does not state (or options do not give) are guessed, listed in the card's `inferred`
    field and shown here."""
    from planner.importers.card import CardOptions, import_cards
    from planner.library import library_sources

    options = CardOptions(primary or [], secondary or [], equipment, blocks or [])
    results = import_cards(files, _into(into), options, library_sources(ctx.obj.library_paths), force)
    for r in results:
        verb = {"created": "wrote", "updated": "updated", "unchanged": "unchanged:"}.get(r.action, r.action)
        _warn(f"{r.source}: {verb} {r.path}")
        if r.replaces:
            _warn(f"  it replaces {r.replaces} (the same id; a later library wins)")
        for warning in r.warnings:
            _warn(f"  warning: {warning.split(': ', 1)[-1]}")
        if r.inferred and r.action != "unchanged":
            _warn("  inferred (check each, then remove it from `inferred` in the card):")
            for field_name, value, evidence in r.inferred:
                _warn(f"    {field_name} = {value}" + (f"  <- {evidence}" if evidence else ""))
        typer.echo(str(r.path))


@import_app.command("free-exercise-db")
def import_free_exercise_db(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.json", help="free-exercise-db's dist/exercises.json (or one exercise's JSON)."),
    ],
    into: IntoOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite cards edited since they were imported.")] = False,
) -> None:
    """Import the public-domain free-exercise-db data set: one card per exercise, with its
    source and licence. Running it again changes nothing; cards you edited are kept."""
    from planner.importers.free_exercise_db import import_file
    from planner.library import exercise_files
    from planner.resources import builtin_library_dir

    taken = {p.stem for p in exercise_files(builtin_library_dir())}  # never shadow a built-in card
    target = _into(into)
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("Writing cards", total=None)
            report = import_file(
                file, target, taken, force, lambda done, total: bar.update(task, completed=done, total=total)
            )
    else:
        report = import_file(file, target, taken, force)
    written = f"{len(report.created)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    _warn(f"{file}: {report.total} exercises")
    _warn(f"imported {report.imported} into {target} ({written})")
    if report.renamed_builtin:
        _warn(f"  {report.renamed_builtin} got an id ending in -2: the built-in library has a card with that id")
    if report.renamed_duplicate:
        _warn(f"  {report.renamed_duplicate} got an id ending in -2, -3, ...: an earlier exercise has the same name")
    if report.review:
        _warn(f"to review {len(report.review)}: equipment `other`, which no plan uses until you name what they need:")
        for s in report.review:
            _warn(f"  {s.name}: {s.reason}")
    skipped = [*report.skipped, *report.kept]
    if skipped:
        _warn(f"skipped {len(skipped)}:")
        for s in skipped:
            _warn(f"  {s.name}: {s.reason}")
        _warn("skipped by reason: " + "; ".join(f"{n} {reason}" for reason, n in report.skip_reasons().items()))


@app.command()
def new(
    name: Annotated[str, typer.Argument(metavar="NAME", help='The exercise\'s name, e.g. "Cossack Squat".')],
    primary: PrimaryOption = None,
    equipment: EquipmentOption = None,
    into: IntoOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a card with the same id.")] = False,
) -> None:
    """Write a blank exercise card with every field present: fill in each value that
    starts with TODO, then `planner validate` it."""
    from planner.importers.skeleton import new_card

    path = new_card(name, _into(into), primary or [], equipment, force)
    typer.echo(str(path))
    _warn(f"wrote {path}: fill in each value that starts with TODO, then run: planner validate {path}")


# ---------------------------------------------------------------------------- entry point


def fail(message: str, code: int = 1) -> NoReturn:
    _warn(f"Error: {message}")
    raise SystemExit(code)


def main() -> None:
    """Console entry point: the one place a PlannerError becomes a message and an exit code."""
    try:
        app()
    except PlannerError as e:
        fail(e.message, e.exit_code)
    except BrokenPipeError:  # `planner list | head`: the reader left; not an error
        sys.stderr.close()
        raise SystemExit(0) from None
