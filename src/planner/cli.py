"""The command line: the Typer signatures, and the one boundary (`main`).

Each command parses its arguments here, hands them to its module in planner.commands
(which returns data), and gives the result to render.emit (a table, text or JSON). A
PlannerError from anywhere becomes one line on stderr and its ExitCode in `main`, and so
do Typer's own usage errors.

No `from __future__ import annotations` in this module: Typer reads each signature when it
builds a command, and with annotations as strings it evaluated and compiled every one of
them (4 ms for `planner plan`, measured); as objects they cost less to make at import."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from planner import __version__, completion
from planner.argv import command_name, hoist_globals
from planner.errors import ExitCode, Interrupted, PlannerError, UsageError
from planner.progress_bar import IndexProgress
from planner.render import ask, emit, read_input, stdin_is_terminal, stdout_is_terminal, warn, write
from planner.resources import builtin_library_dir

if TYPE_CHECKING:
    from planner.commands.env import Env

GLOBAL_HELP = "Global options (before or after the command): --library DIR, --no-cache, --version."

app = typer.Typer(
    name="planner",
    help="Plan your training: browse a library of exercises, generate weekly plans, export them to your calendar.",
    epilog=GLOBAL_HELP,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's import alone costs more than the rest of `--help`
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        write(f"planner {__version__}\n")
        raise typer.Exit()


def _help_when_bare(ctx: typer.Context) -> None:
    """A group typed alone (`planner`, `planner import`) prints its help on stdout and succeeds."""
    if ctx.invoked_subcommand is None:
        write(ctx.get_help() + "\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _global(
    ctx: typer.Context,
    library: Annotated[
        list[Path] | None,
        typer.Option(
            "--library",
            "-L",
            metavar="DIR",
            help="Another library folder on top of the built-in and user ones (repeatable; later wins). "
            "Also read from PLANNER_LIBRARY.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every card afresh instead of using the library index cache.")
    ] = False,
) -> None:
    from planner.commands.env import Env
    from planner.progress_bar import counting

    ctx.obj = Env(
        list(library or []),
        use_cache=not no_cache,
        warn=warn,
        progress=IndexProgress,
        counting=counting,
        terminal=stdout_is_terminal(),
        ask=ask if stdin_is_terminal() and stdout_is_terminal() else None,
        read_input=read_input,
    )
    _help_when_bare(ctx)


def _env(ctx: typer.Context) -> "Env":
    env: Env = ctx.find_root().obj
    return env


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="The training log (default: PLANNER_DB, else log.sqlite3 in your user data folder).",
    ),
]
PlanArgument = Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file written by `planner plan --output`.")]
SCHEMES = ", ".join(sorted(p.stem for p in (builtin_library_dir() / "progressions").glob("*.toml")))


# ---------------------------------------------------------------------------- exercises


@app.command("list", epilog=GLOBAL_HELP)
def list_cmd(
    ctx: typer.Context,
    muscle: Annotated[
        list[str] | None,
        typer.Option(
            "--muscle",
            "-m",
            help="Muscle or group (legs, core, push, ...); repeat for any of several. Aliases work: 'gluteus maximus'.",
            autocompletion=completion.muscles,
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
            autocompletion=completion.equipment,
        ),
    ] = None,
    block: Annotated[
        str | None,
        typer.Option(
            "--block", "-b", help="warmup, activation, main, accessory or finisher.", autocompletion=completion.blocks
        ),
    ] = None,
    pattern: Annotated[
        str | None,
        typer.Option(
            "--pattern",
            "-p",
            help="Movement pattern, e.g. hinge, squat, horizontal_pull.",
            autocompletion=completion.patterns,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="Your level: shows exercises at or below it (beginner, intermediate, advanced).",
            autocompletion=completion.levels,
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Words to find in the name, aliases or summary.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List exercises, filtered by muscle, equipment, block, pattern, level or text."""
    from planner.commands import listing

    emit(listing.run(_env(ctx), muscle or [], primary, equipment or [], block, pattern, level, search), as_json)


@app.command(epilog=GLOBAL_HELP)
def show(
    ctx: typer.Context,
    exercise: Annotated[
        str,
        typer.Argument(
            help="Exercise id, as `planner list` shows it.", metavar="EXERCISE", autocompletion=completion.exercises
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Show one exercise card in full: tags, description, instructions, tips and FAQ."""
    from planner.commands import show

    emit(show.run(_env(ctx), exercise), as_json)


@app.command(epilog=GLOBAL_HELP)
def muscles(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The muscle vocabulary: ids, groups, aliases and how many exercises train each."""
    from planner.commands import muscles

    emit(muscles.run(_env(ctx)), as_json)


@app.command(epilog=GLOBAL_HELP)
def equipment(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Equipment names, aliases and profiles, with how many exercises use each."""
    from planner.commands import equipment

    emit(equipment.run(_env(ctx)), as_json)


@app.command(epilog=GLOBAL_HELP)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Card files or library folders to check. Default: every library source.", metavar="[PATH]..."
        ),
    ] = None,
) -> None:
    """Check exercise cards: TOML syntax, every field, duplicate ids and easier/harder links.
    Prints every problem; exits 1 if there is any."""
    from planner.commands import validate

    report = validate.run(_env(ctx), paths or [])
    emit(report)
    report.verdict()


# ---------------------------------------------------------------------------- plans


@app.command(epilog=GLOBAL_HELP)
def plan(
    ctx: typer.Context,
    days: Annotated[int | None, typer.Option("--days", "-d", help="Training days a week, 2 to 6 (default 3).")] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Weekdays instead of --days, e.g. mon,wed,fri (at most 6: a week needs a rest day)."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-t", help="Minutes per session, 15 to 180 (default 45).")
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            "--equipment",
            "-e",
            help="What you have: bodyweight (default), home, gym, or equipment names; repeatable.",
            autocompletion=completion.equipment,
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="general (default), strength, hypertrophy or endurance.",
            autocompletion=completion.goals,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="beginner (default), intermediate or advanced.", autocompletion=completion.levels),
    ] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            "--focus",
            "-f",
            help="Muscles or groups to give more weekly volume; repeatable.",
            autocompletion=completion.muscles,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            help="Leave out an exercise id, a tag (loads_spine, plyometric), a sore joint (lower back, shoulder, knee, "
            "wrist, elbow, hip), an equipment name or a pattern; what it removes is replaced from the same movement "
            "pattern. Repeatable.",
            autocompletion=completion.exercises,
        ),
    ] = None,
    weeks: Annotated[int | None, typer.Option("--weeks", "-w", help="How many weeks, 1 to 52 (default 4).")] = None,
    progression: Annotated[
        str | None,
        typer.Option(
            "--progression",
            help=f"How the weeks get harder: {SCHEMES} (default mixed), or a scheme of your own "
            "(`planner progressions` shows each).",
            autocompletion=completion.schemes,
        ),
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
    start: Annotated[
        str | None, typer.Option("--start", help="Date of the first week, YYYY-MM-DD; sessions get dates.")
    ] = None,
    units: Annotated[
        str | None, typer.Option("--units", metavar="kg|lb", help="Units for loads in the plan (default kg).")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", help="TOML file with any of these settings; options override it.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the plan to this TOML file (for stats, swap and export); - for stdout."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Generate a training plan: warm-up, activation, main, accessory and finisher blocks,
    fitted to your minutes, equipment and goal. With no options: 3 days, 45 minutes,
    bodyweight, general fitness."""
    from planner.commands import plan

    given = {"days": days, "on": on, "minutes": minutes, "equipment": equipment, "goal": goal, "level": level,
             "focus": focus, "exclude": exclude, "weeks": weeks, "progression": progression,
             "deload_every": deload_every, "seed": seed, "start": start, "units": units}  # fmt: skip
    emit(plan.run(_env(ctx), given, profile, output, force, as_json), as_json)


@app.command(epilog=GLOBAL_HELP)
def progress(
    ctx: typer.Context,
    plan_file: PlanArgument,
    weeks: Annotated[
        int,
        typer.Option("--weeks", "-w", min=0, max=52, help="How many weeks to add (0: only plan again from the log)."),
    ] = 4,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of updating PLAN in place.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    db: DbOption = None,
    no_log: Annotated[
        bool, typer.Option("--no-log", help="Leave the log out: the weeks as the plan's scheme makes them.")
    ] = False,
) -> None:
    """Add weeks to a plan file by its progression scheme, keeping every edit made to it.
    With a log of the plan's sessions, the weeks after the last one logged are planned again
    from what was done, each changed target with its reason.

    \b
    What the log changes (docs/coaching.md, rule 28):
      every set done as planned   the week's step from what was done; at the top
                                  of the rep range, the next load, reps back down
      RIR well under the target,  the week repeats at the load lifted; short two
      or a rep or a set short     weeks running: a lighter load, or the easier
                                  variation
      an exercise not done        the week repeats
      two weeks that stalled      the deload comes now"""
    from planner.commands import progress

    emit(progress.run(_env(ctx), plan_file, weeks, output, force, db, not no_log))


@app.command(epilog=GLOBAL_HELP)
def progressions(
    ctx: typer.Context,
    exercise: Annotated[
        str,
        typer.Option("--exercise", help="The exercise to show the schemes on.", autocompletion=completion.exercises),
    ] = "lying-alternate-hip-extension",
    weeks: Annotated[int, typer.Option("--weeks", "-w", min=2, max=16, help="How many weeks to show.")] = 8,
    goal: Annotated[
        str, typer.Option("--goal", "-g", help="Goal whose rep ranges apply.", autocompletion=completion.goals)
    ] = "general",
    as_json: JsonOption = False,
) -> None:
    """The progression schemes, and what each does to an example exercise week by week."""
    from planner.commands import progressions

    emit(progressions.run(_env(ctx), exercise, weeks, goal), as_json)


@app.command(epilog=GLOBAL_HELP)
def stats(
    ctx: typer.Context,
    plan_file: PlanArgument,
    week: Annotated[
        int | None, typer.Option("--week", "-w", help="Only this week.", autocompletion=completion.plan_weeks)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Weekly hard sets per muscle as a bar chart against the goal's target range, minutes per
    session, and what the plan does not reach."""
    from planner.commands import stats

    emit(stats.run(_env(ctx), plan_file, week), as_json)


@app.command("swap", epilog=GLOBAL_HELP)
def swap_cmd(
    ctx: typer.Context,
    plan_file: PlanArgument,
    exercise: Annotated[
        str, typer.Option("--exercise", help="Id of the exercise to replace.", autocompletion=completion.exercises)
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Id of the replacement; without it, list ranked alternatives.",
            autocompletion=completion.exercises,
        ),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            "-w",
            metavar="W|A-B|all",
            help="Which weeks: a number, a range such as 2-5, or all (the default).",
            autocompletion=completion.plan_week_ranges,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--day",
            "-d",
            help="Only the session on this weekday (mon, tue, ...); default: every session that has it.",
            autocompletion=completion.plan_days,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Replace an exercise in a plan, keeping its prescription week by week (all weeks unless
    --week says which); without --to, list alternatives."""
    from planner.commands import swap

    emit(swap.run(_env(ctx), plan_file, exercise, to, week, day), as_json)


ExportTime = Annotated[
    str | None, typer.Option("--time", metavar="HH:MM", help="ics: when sessions start (default 07:00).")
]
ExportZone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="ics: time zone of --time, e.g. Europe/Berlin (default: this machine's).",
        autocompletion=completion.zones,
    ),
]
ExportAlarm = Annotated[
    str | None, typer.Option("--alarm", metavar="MINUTES", help="ics: a reminder this many minutes before.")
]
ExportStart = Annotated[
    str | None,
    typer.Option(
        "--start", metavar="YYYY-MM-DD", help="Date week 1 starts; needed for ics when the plan has no dates."
    ),
]


@app.command(epilog=GLOBAL_HELP)
def export(
    ctx: typer.Context,
    plan_file: PlanArgument,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md (Markdown), ics (calendar), json, pdf or html (printable sheets), fit (Garmin watch "
            "workouts), csv (one row per set) or liftoscript (Liftosaur). Default: from the --output suffix.",
            autocompletion=completion.formats,
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
) -> None:
    """Export a plan: Markdown, a calendar file (ics), JSON, printable sheets (pdf, html),
    Garmin watch workouts (fit), CSV or Liftoscript. Re-exporting updates the calendar's
    events instead of duplicating them."""
    from planner.commands import export

    emit(export.run(_env(ctx), plan_file, fmt, output, force, time, tz, alarm, start, paper))


calendar_app = typer.Typer(
    help="A calendar that follows the plan: publish it to a synced folder or serve it to calendar apps.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(calendar_app, name="calendar")
RefreshOption = Annotated[
    int,
    typer.Option("--refresh", metavar="MINUTES", min=5, max=7 * 24 * 60, help="How often apps should fetch it again."),
]


@calendar_app.command("publish", epilog=GLOBAL_HELP)
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
    from planner.commands import calendar_publish

    emit(calendar_publish.run(_env(ctx), plan_file, folder, name, time, tz, alarm, start, refresh))


@calendar_app.command("serve", epilog=GLOBAL_HELP)
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
    from planner.commands import calendar_serve

    emit(calendar_serve.run(_env(ctx), plan_file, port, time, tz, alarm, start, refresh))


@app.command(epilog=GLOBAL_HELP)
def schema(
    kind: Annotated[
        str, typer.Argument(help="plan or exercise.", metavar="plan|exercise", autocompletion=completion.schema_kinds)
    ],
) -> None:
    """Print the JSON Schema of a plan file or an exercise card, for editors and other tools."""
    from planner.commands import schema

    emit(schema.run(kind))


# ---------------------------------------------------------------------------- bring your own exercises

import_app = typer.Typer(
    help="Bring your own exercises: cards written as plain text, or the free-exercise-db data set.",
    epilog=GLOBAL_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")
import_app.callback(invoke_without_command=True)(_help_when_bare)

IntoOption = Annotated[
    Path | None,
    typer.Option(
        "--into", metavar="DIR", help="Library folder to write the cards into. Default: your user library folder."
    ),
]
PrimaryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--primary",
        metavar="MUSCLE",
        help="Primary muscle (repeatable); aliases work.",
        autocompletion=completion.muscles,
    ),
]
EquipmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        metavar="EQUIPMENT",
        help="Equipment it needs, or bodyweight for none (repeatable).",
        autocompletion=completion.equipment,
    ),
]


@import_app.command("card", epilog=GLOBAL_HELP)
def import_card(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Card text files (UTF-8).")],
    into: IntoOption = None,
    primary: PrimaryOption = None,
    secondary: Annotated[
        list[str] | None,
        typer.Option(
            "--secondary", metavar="MUSCLE", help="Secondary muscle (repeatable).", autocompletion=completion.muscles
        ),
    ] = None,
    equipment: EquipmentOption = None,
    blocks: Annotated[
        list[str] | None,
        typer.Option(
            "--blocks", metavar="BLOCK", help="Block it suits (repeatable).", autocompletion=completion.blocks
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a card edited since it was imported.")] = False,
) -> None:
    """Import exercise cards written as plain text: the name on the first line, description
    paragraphs, then Instructions, Tips & Tricks and Frequently Asked Questions. Tags the text
    does not state (or options do not give) are guessed, listed in the card's `inferred`
    field and shown here."""
    from planner.commands import import_card

    emit(import_card.run(_env(ctx), files, into, primary or [], secondary or [], equipment, blocks or [], force))


@import_app.command("free-exercise-db", epilog=GLOBAL_HELP)
def import_free_exercise_db(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.json", help="free-exercise-db's dist/exercises.json (or one exercise's JSON)."),
    ],
    into: IntoOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite cards edited since they were imported.")] = False,
) -> None:
    """Import the public-domain free-exercise-db data set: one card per exercise, with its
    source and licence. Running it again changes nothing; cards you edited are kept."""
    from planner.commands import import_free_exercise_db

    emit(import_free_exercise_db.run(_env(ctx), file, into, force))


@app.command(epilog=GLOBAL_HELP)
def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help='The exercise\'s name, e.g. "Cossack Squat".')],
    primary: PrimaryOption = None,
    equipment: EquipmentOption = None,
    into: IntoOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a card with the same id.")] = False,
) -> None:
    """Write a blank exercise card with every field present: fill in each value that
    starts with TODO, then `planner validate` it."""
    from planner.commands import new

    emit(new.run(_env(ctx), name, primary or [], equipment, into, force))


# ---------------------------------------------------------------------------- the training log


class LogGroup(TyperGroup):
    """`planner log PLAN ...` is `planner log add PLAN ...`: a first word that names no
    command of the group is taken as the plan file."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


log_app = typer.Typer(
    cls=LogGroup,
    help="The training log: record what you lifted (`planner log PLAN LINE...`), list, show, edit or undo it, "
    "export and import it (also from Strong and Hevy).",
    epilog=GLOBAL_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(log_app, name="log")
log_app.callback(invoke_without_command=True)(_help_when_bare)


@log_app.command("add", epilog=GLOBAL_HELP)
def log_add(
    ctx: typer.Context,
    plan_file: PlanArgument,
    lines: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[LINE]...", help='One exercise each: "goblet-squat 24kg 10 10 9 @2" (the form is above).'
        ),
    ] = None,
    week: Annotated[
        int | None, typer.Option("--week", "-w", min=1, help="The plan's week (asked on a terminal).")
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--day",
            "-d",
            help="The session's weekday, mon to sun (asked on a terminal).",
            autocompletion=completion.plan_days,
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="When (default: the session's date, else today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note on the session.")] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the session as JSON; with no LINE, read the sets as JSON from stdin too."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Record what was done in a session of a plan: each exercise's load, reps (or seconds,
    metres) and reps in reserve, set by set; planner log PLAN is short for planner log add PLAN.

    \b
    A LINE: EXERCISE [LOAD] SET... [@RIR] [# NOTE]
      goblet-squat 24kg 10 10 9 @2   3 sets at 24 kg: 10, 10, 9 reps, 2 left
      bench-press 60kg 3x8 65kg 6@1  3 x 8 at 60 kg, then 6 at 65 kg, 1 left
      push-up 15 12 10               body weight: no load
      plank 45s 40s                  seconds (40m: metres)
      pull-up +10kg 5 5 4 # grip     added weight, and a note
    EXERCISE: its id, or words of its name ("goblet squat").
    LOAD: kg or lb, for the sets after it (bw: body weight again).
    SET: reps; 3x10 is 3 sets of 10; 9@1 has its own reps in reserve.
    @RIR: reps in reserve, 0-6, for every other set (RPE 8 is @2).

    \b
    On a terminal, a missing --week or --day is asked for (the coming
    session offered), and with no LINE each exercise is asked for in turn.
    --json reads the sets from stdin: {"exercises": [{"exercise": ID,
    "sets": [{"load": 24, "unit": "kg", "reps": 10, "rir": 2}]}],
    "week": 1, "day": "mon"} (week, day, date and note may be left out)."""
    from planner.commands import log_add

    emit(log_add.run(_env(ctx), plan_file, lines or [], week, day, date, note, as_json, db), as_json)


@log_app.command("list", epilog=GLOBAL_HELP)
def log_list(
    ctx: typer.Context,
    plan_file: Annotated[Path | None, typer.Option("--plan", metavar="PLAN", help="Only this plan's sessions.")] = None,
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", help="Only sessions with this exercise.", autocompletion=completion.exercises),
    ] = None,
    last: Annotated[int | None, typer.Option("--last", min=1, help="Only the last N sessions.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The sessions in the log, oldest first: date, the plan's week and day (or the app's
    workout), exercises and sets."""
    from planner.commands import log_list

    emit(log_list.run(_env(ctx), plan_file, exercise, last, db), as_json)


@log_app.command("show", epilog=GLOBAL_HELP)
def log_show(
    ctx: typer.Context,
    session: Annotated[
        str, typer.Argument(metavar="SESSION", help="The session's number, as `planner log list` shows it.")
    ],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """One session of the log: each exercise as the line that logs it, numbered SESSION.N
    for `planner log edit`."""
    from planner.commands import log_show

    emit(log_show.run(_env(ctx), session, db), as_json)


@log_app.command("edit", epilog=GLOBAL_HELP)
def log_edit(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(metavar="SESSION.N", help="The exercise, as `planner log show` numbers it.")],
    line: Annotated[
        str | None, typer.Argument(metavar="[LINE]", help='Its sets anew: "24kg 10 10 10 @2" (the exercise may lead).')
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Its note anew.")] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The session's date anew.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Write one logged exercise again: its sets, its note, or the session's date."""
    from planner.commands import log_edit

    emit(log_edit.run(_env(ctx), entry, line, note, date, db), as_json)


@log_app.command("undo", epilog=GLOBAL_HELP)
def log_undo(ctx: typer.Context, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Take back the last `planner log` (every exercise it logged), or the last import."""
    from planner.commands import log_undo

    emit(log_undo.run(_env(ctx), db), as_json)


@log_app.command("export", epilog=GLOBAL_HELP)
def log_export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="csv|json", help="Default: from --output's suffix, else json."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE|-", help="Default: stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """The whole log as CSV (one row per set) or JSON; `planner log import` reads it back
    into the same sessions, so export, import into a new log and export again give the same
    bytes."""
    from planner.commands import log_export

    emit(log_export.run(_env(ctx), fmt, output, force, db))


@log_app.command("import", epilog=GLOBAL_HELP)
def log_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A `planner log export`, a Strong CSV or a Hevy CSV.")],
    units: Annotated[
        str | None,
        typer.Option(
            "--units", metavar="kg|lb", help="Strong files without a Weight Unit column: their unit (default kg)."
        ),
    ] = None,
    names: Annotated[
        Path | None,
        typer.Option(
            "--names",
            metavar="FILE",
            help="The app's exercise names and the planner exercise each is (TOML); a new FILE is written for "
            "review first. Default: FILE.names.toml beside the export, written when a name matches nothing.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import sessions: a `planner log export` (CSV or JSON), or a Strong or Hevy CSV export
    (warm-up sets left out, kg and lb). A session the log has already is left as it is, so
    importing again adds nothing. The apps' exercise names are matched to planner's
    exercises; names that match none go into a names file for you to fill in."""
    from planner.commands import log_import

    emit(log_import.run(_env(ctx), file, units, names, db))


@app.command("next", epilog=GLOBAL_HELP)
def next_cmd(ctx: typer.Context, plan_file: PlanArgument, as_json: JsonOption = False, db: DbOption = None) -> None:
    """The coming session of a plan: the one after the last logged, its targets made from
    the log (as `planner progress` would plan them), each with the reason it changed."""
    from planner.commands import next_session

    emit(next_session.run(_env(ctx), plan_file, db), as_json)


@app.command(epilog=GLOBAL_HELP)
def history(
    ctx: typer.Context,
    exercise: Annotated[
        str, typer.Argument(metavar="EXERCISE", help="The exercise's id.", autocompletion=completion.exercises)
    ],
    units: Annotated[
        str | None, typer.Option("--units", metavar="kg|lb", help="Loads in (default: as logged most).")
    ] = None,
    last: Annotated[
        int, typer.Option("--last", min=1, help="Sessions in the table (the chart and --json have all).")
    ] = 12,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """One exercise from the log: each session's sets and best set, the estimated one-rep
    maximum (Epley's formula), personal records, hard sets per week, and a chart."""
    from planner.commands import history

    emit(history.run(_env(ctx), exercise, units, last, db), as_json)


# ---------------------------------------------------------------------------- the boundary


def only(name: str | None) -> typer.Typer:
    """The app with just the command `name` when it is one: Typer builds every command's
    parameters before it runs one, a third of what `planner list` costs beyond imports.
    The whole app for anything else (help, completion, a word that is no command)."""
    import copy

    commands = [
        i
        for i in app.registered_commands
        if (i.name or typer.main.get_command_name(getattr(i.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    light = copy.copy(app)
    light.registered_commands, light.registered_groups = commands, groups
    return light


def run(args: list[str]) -> int:
    """Run one command line; Typer's own errors come out as PlannerErrors with their code."""
    command = typer.main.get_command(app if "_PLANNER_COMPLETE" in os.environ else only(command_name(args)))
    click = sys.modules[typer.BadParameter.__module__]  # the click Typer uses (its own copy, in new versions)
    try:
        code = command.main(args=hoist_globals(args, command), prog_name="planner", standalone_mode=False)
    except click.UsageError as e:
        usage = ""
        if e.ctx is not None:
            usage = f"{e.ctx.get_usage()}\nTry '{e.ctx.command_path} {e.ctx.help_option_names[0]}' for help.\n"
        raise UsageError(e.format_message(), usage) from None
    except click.ClickException as e:
        raise PlannerError(e.format_message()) from None
    except (getattr(click, "Abort", typer.Abort), typer.Abort):  # Typer's copy of click has no Abort
        raise Interrupted() from None
    return code if isinstance(code, int) else ExitCode.OK


def main() -> None:
    """Console entry point: the one place an error becomes a message and an exit code, and
    a failed write to stdout an exit code (planner.streams guards both streams)."""
    from planner.streams import guarded

    with guarded():
        code = _outcome()
    raise SystemExit(int(code))


def _outcome() -> int:
    from planner.streams import OutputError

    try:
        try:
            code = run(sys.argv[1:])
        except PlannerError as e:
            warn(e.report())
            code = e.exit_code
        sys.stdout.flush()  # here, so that a failure to write the output is reported too
    except OutputError as e:
        if e.reader_left:  # `planner list | head`: the reader left; not an error
            return ExitCode.OK
        warn(f"Error: cannot write the output: {e.reason}")
        return ExitCode.BAD_INPUT
    except BrokenPipeError:  # a stream planner.streams does not guard (a test's capture)
        return ExitCode.OK
    return code
