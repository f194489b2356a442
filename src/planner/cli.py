"""The command line. The only module that imports typer and rich: it parses arguments,
calls the core, renders the result (a table for people, --json for scripts) and turns a
PlannerError into one line on stderr with its exit code."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from planner import __version__
from planner.errors import PlannerError
from planner.library import (
    Library,
    Problem,
    build_query,
    duplicate_problems,
    exercise_files,
    library_sources,
    link_problems,
    load_library,
    read_card,
    select,
)
from planner.models import Exercise, PlanInputs
from planner.tables import render_table, terminal_width
from planner.vocab import builtin_vocab

app = typer.Typer(
    name="planner",
    help="Plan your training: browse a library of exercises, generate weekly plans, export them to your calendar.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
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


def _open_library(ctx: typer.Context, library: list[Path] | None) -> Library:
    """Load every source, reporting each bad file once on stderr and skipping it."""
    paths = [*ctx.obj.library_paths, *(library or [])]
    lib = load_library(library_sources(paths), use_cache=ctx.obj.use_cache)
    _report_skipped(lib.problems)
    return lib


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
    query = build_query(builtin_vocab(), muscle or [], primary, equipment or [], block, pattern, level, search)
    found = select(_open_library(ctx, library), query)
    if as_json:
        _print_json([ex.model_dump(mode="json") for ex in found])
        return
    rows = [
        [
            ex.name,
            ex.id,
            _join(ex.primary_muscles),
            _join(ex.secondary_muscles),
            _equipment_text(ex.equipment),
            _join(ex.blocks),
        ]
        for ex in found
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
        _print_json(ex.model_dump(mode="json"))
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
    sources = library_sources([*ctx.obj.library_paths, *(library or [])])
    lib = load_library(sources, use_cache=ctx.obj.use_cache)
    if paths:
        files: list[Path] = []
        for path in paths:
            if not path.exists():
                raise PlannerError(f"{path}: no such file or folder")
            files.extend(exercise_files(path) if path.is_dir() else [path])
        combined = Library(dict(lib.exercises), dict(lib.paths))
        cards: list[tuple[Exercise, Path]] = []
        problems = []
        for f in files:
            exercise, file_problems = read_card(f)
            problems += file_problems
            if exercise is not None:
                cards.append((exercise, f))
                combined.exercises[exercise.id], combined.paths[exercise.id] = exercise, f
        problems += duplicate_problems(files)
        problems += link_problems(combined, cards)
        count = len(files)
    else:
        problems = list(lib.problems)
        for source in sources:
            problems += duplicate_problems(exercise_files(source.path))
        problems += link_problems(lib)
        count = sum(1 for s in sources for _ in exercise_files(s.path))
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
    "seed",
    "start",
)


def _plan_inputs(given: dict[str, Any], profile: Path | None) -> PlanInputs:
    """Defaults, then the profile file, then the options typed: later wins."""
    from pydantic import ValidationError

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
    try:
        return PlanInputs.model_validate(values)
    except ValidationError as e:
        err = e.errors()[0]
        where = f"{profile}: " if profile is not None and err["loc"] and err["loc"][0] not in given else ""
        option = "--" + str(err["loc"][0]) if err["loc"] else "input"
        raise PlannerError(f"{where}{option}: {str(err['msg']).removeprefix('Value error, ')}") from None


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
            help="Exercise ids or tags to leave out (loads_spine, an equipment name or pattern); repeatable.",
        ),
    ] = None,
    weeks: Annotated[int | None, typer.Option("--weeks", "-w", help="How many weeks.")] = None,
    progression: Annotated[
        str | None, typer.Option("--progression", help="How weeks get harder (see `planner progressions`).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Another seed gives another plan from the same inputs (default 1).")
    ] = None,
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
    given = {"days": days, "on": on, "minutes": minutes, "equipment": equipment, "goal": goal, "level": level,
             "focus": focus, "exclude": exclude, "weeks": weeks, "progression": progression, "seed": seed, "start": start}  # fmt: skip
    inputs = _plan_inputs(given, profile)
    paths = [*ctx.obj.library_paths, *(library or [])]
    sources = library_sources(paths)
    lib = load_library(sources, use_cache=ctx.obj.use_cache)
    _report_skipped(lib.problems)
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
