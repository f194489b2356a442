"""The coach's rules as one validated object: thresholds (templates/rules.toml), goals
(goals.toml), splits (splits.toml) and session templates (sessions.toml).

Every number the engine uses lives in those files, under the rule it serves
(docs/coaching.md). A library folder may override them: rules.toml merges key by key,
goals.toml adds goals (`based_on` fills in what a new goal leaves out), splits.toml and
sessions.toml replace whole entries. Whatever the files say is checked here, once, and a
wrong key is one line naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from planner.datacheck import DataError, build, merged
from planner.errors import PlannerError
from planner.structs import field, struct
from planner.text import first_control
from planner.toml_memo import read_toml_kept
from planner.userfiles import MAX_TEMPLATE_BYTES, BadFile, is_file
from planner.vocab import LEVELS, Vocab

Span = tuple[int, int]
FloatSpan = tuple[float, float]
Level = Literal["beginner", "intermediate", "advanced"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# ---------------------------------------------------------------------------- rules.toml


@struct
class Tier:
    name: str
    minutes: Span
    warmup_minutes: Span
    activation: Literal["folded", "block"]
    accessory_format: Literal["straight", "superset"]
    finisher: Literal["planned", "if_time_left"]


@struct
class TimeRules:
    over: float
    fill: float
    first_week_fill: FloatSpan
    single_week_fill: FloatSpan
    deload_share: FloatSpan
    setup: float
    transition: float
    flow_transition: float
    untimed_rep: float
    meters_per_second: float
    ramp_set: float
    tiers: list[Tier]

    def tier(self, minutes: int) -> Tier:
        for tier in self.tiers:
            if tier.minutes[0] <= minutes <= tier.minutes[1]:
                return tier
        return self.tiers[-1] if minutes > self.tiers[-1].minutes[1] else self.tiers[0]


@struct
class WarmupRules:
    raise_seconds: Span
    raise_patterns: list[str]
    raise_drill_seconds: int
    drill_reps: int
    drill_seconds: int
    drill_meters: int
    hold_max: int
    effort_note: str


@struct
class ActivationRules:
    drill_reps: int
    drills: Span
    rounds: Span
    reps: Span
    seconds: Span
    max_minutes: float
    folded_drills: int
    potentiation_levels: list[Level]
    potentiation_for: dict[str, list[str]]
    potentiation_reps: int
    potentiation_sets: int
    potentiation_rest: int


@struct
class MainRules:
    lifts_by_minutes: list[Span]
    min_sets_trained: int
    max_sets: int
    long_extra_sets: int
    ramp: list[str]
    ramp_heavy: list[str]
    heavy_reps: int
    ramp_sets_least: int
    ramp_bodyweight_reps: int
    load_rank: dict[str, int]
    bodyweight_ok: list[str]
    staple_level: Level
    staples: list[str]
    free_weights: list[str]
    min_reps_fixed_path: int

    def lifts(self, minutes: int) -> int:
        count = 0
        for start, n in self.lifts_by_minutes:
            if minutes >= start:
                count = n
        return count


@struct
class VolumeRules:
    secondary_credit: float
    prime: list[str]
    second: list[str]
    week_max: float
    week_warn: float
    session_max: float
    recovery_after: float
    recovery_cap: float
    focus_raise: float
    accessory_share: float


@struct
class BalanceRules:
    pull_push: FloatSpan
    knee_hip: FloatSpan
    push: list[str]
    pull: list[str]
    knee: list[str]
    hip: list[str]


@struct
class RestMinimums:
    compound: int
    isolation: int


@struct
class ExerciseRules:
    sets: Span
    scattered: int
    rir: dict[str, Span]
    triples_levels: list[Level]
    least_reps_otherwise: int
    default_seconds: int
    default_meters: int
    rest_min: RestMinimums


@struct
class TabataRules:
    rounds: int
    on: int
    off: int


@struct
class FinisherRules:
    minutes: Span
    max_share: float
    amrap_minutes: Span
    emom_minutes: Span
    circuit_minutes: Span
    emom_work_max: int
    circuit_rest: int
    circuit_round_rest: int
    circuit_rounds: Span
    emom_rest: int
    emom_least_reps: int
    default_reps: int
    default_seconds: int
    carry_rest: int
    carry_sets: Span
    carry_meters: Span
    tabata: TabataRules
    plyometric_after_lower_sets: float
    plyometric_levels: list[Level]
    tabata_levels: list[Level]
    easy_note: str


@struct
class LoadStep:
    kg: float
    lb: float
    share: float  # the step as a typical share of the load, for resizing the reps (rule 28)
    words: str


@struct
class ProgressionRules:
    rep_seconds_max: int
    eccentric_step: int
    pause_step: int
    seconds_step: int
    meters_step: int
    weekly_set_growth: float
    below_range: int
    load_step: dict[str, LoadStep]
    load_kind: dict[str, str]


@struct
class SelectionWeights:
    weight: dict[str, float]
    missing_pattern: float
    second_session: float
    out_of_balance: float
    existing_exercise: float
    loaded: float
    unloaded: float
    own_level: float
    compound: float
    timed: float
    focus: float
    template_slot: FloatSpan
    repeat: float
    jitter: float


@struct
class AdaptRules:
    hard_by: int
    failures: int
    lighter_share: float
    stall_share: float
    stalls: int
    stalls_after: int


@struct
class DeloadRules:
    every: dict[str, int]
    keep_sets: FloatSpan
    rir_min: int
    load_note: str
    new_block_gain: dict[Level, float]


@struct
class Rules:
    time: TimeRules
    warmup: WarmupRules
    activation: ActivationRules
    main: MainRules
    volume: VolumeRules
    balance: BalanceRules
    exercise: ExerciseRules
    finisher: FinisherRules
    selection: SelectionWeights
    progression: ProgressionRules
    adapt: AdaptRules
    deload: DeloadRules
    exclusions: dict[str, list[str]]


# ---------------------------------------------------------------------------- goals.toml


@struct
class VolumeTargets:
    prime: Span
    second: Span
    prime_beginner: Span | None = None
    pattern: Span | None = None


@struct
class MainSpec:
    sets: int
    reps: dict[str, Span]
    rest: int
    tempo: str
    rest_min: int | None = None


@struct
class AccessorySpec:
    sets: int
    reps: dict[str, Span]
    rest_compound: int
    rest_isolation: int
    tempo: str


@struct
class FinisherSpec:
    formats: list[str]
    minutes: Span


@struct
class Goal:
    description: str
    main_lifts: list[Level]
    main_max: int
    patterns: list[str]
    frequency: int
    volume: VolumeTargets
    main: MainSpec
    accessory: AccessorySpec
    finisher: FinisherSpec
    beginner_min_reps: int
    rest_range: Span | None = None
    potentiate: list[str] | None = None  # main-lift patterns a drill goes before; None: all of rules' potentiation_for
    based_on: str | None = None


# ---------------------------------------------------------------------------- splits and sessions


@struct
class Split:
    name: str
    sessions: list[str]
    weekdays: list[Weekday]


@struct
class SessionTemplate:
    title: str
    region: Literal["upper", "lower", "full"]
    focus: list[str]
    main: list[str]
    accessory: list[list[str]]
    requires: list[list[str]] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)  # patterns left to other days (no rows on a push day)


@struct
class Coaching:
    """Everything the engine reads besides the cards."""

    rules: Rules
    goals: dict[str, Goal]
    splits: dict[str, Split]
    sessions: dict[str, SessionTemplate]
    files: list[Path] = field(default_factory=list)


FILES = ("rules", "goals", "splits", "sessions")


def load_coaching(folders: Iterable[Path], vocab: Vocab) -> Coaching:
    """templates/*.toml from each library folder, later folders on top, all of it checked."""
    raw: dict[str, dict[str, Any]] = {name: {} for name in FILES}
    origin: dict[tuple[str, str], Path] = {}  # (file, top-level key) -> the file that set it last
    files: list[Path] = []
    for folder in folders:
        for name in FILES:
            path = folder / "templates" / f"{name}.toml"
            if not is_file(path):  # (a folder that cannot be entered is reported by the library)
                continue
            data = _read(path)
            files.append(path)
            for key in data:
                origin[(name, key)] = path
            raw[name] = merged(raw[name], data) if name == "rules" else {**raw[name], **data}
    return _checked(raw, origin, vocab, files)


def _read(path: Path) -> dict[str, Any]:
    """A template file: a bounded regular file, within the TOML complexity bound, without
    control characters (a session's title goes into plan files, which refuse them)."""
    try:
        data = read_toml_kept(path, MAX_TEMPLATE_BYTES, "template file")
    except BadFile as e:
        raise PlannerError(f"cannot read: {e.message}") from None
    bad = first_control(data)
    if bad is not None:
        raise PlannerError(f"{path}: {bad[0]}: {bad[1]}")
    return data


def _checked(
    raw: dict[str, dict[str, Any]], origin: Mapping[tuple[str, str], Path], vocab: Vocab, files: list[Path]
) -> Coaching:
    def fail(name: str, e: DataError) -> PlannerError:
        top = e.where.split(".")[0].split("[")[0]
        path = origin.get((name, top)) or next((p for p in reversed(files) if p.stem == name), Path(f"{name}.toml"))
        return PlannerError(f"{path}: {e} (docs/coaching.md explains each key)")

    try:
        rules = build(Rules, raw["rules"])
    except DataError as e:
        raise fail("rules", e) from None
    goals: dict[str, Goal] = {}
    for key, value in raw["goals"].items():
        data = _with_base(raw["goals"], key, value)
        try:
            goals[key] = build(Goal, data, key)
        except DataError as e:
            raise fail("goals", e) from None
    splits: dict[str, Split] = {}
    sessions: dict[str, SessionTemplate] = {}
    for key, value in raw["splits"].items():
        try:
            splits[key] = build(Split, value, key)
        except DataError as e:
            raise fail("splits", e) from None
    for key, value in raw["sessions"].items():
        try:
            sessions[key] = build(SessionTemplate, value, key)
        except DataError as e:
            raise fail("sessions", e) from None
    coaching = Coaching(rules=rules, goals=goals, splits=splits, sessions=sessions, files=files)
    for name, where, message in _cross_problems(coaching, vocab):
        raise fail(name, DataError(where, message))
    return coaching


def _with_base(goals: Mapping[str, Any], key: str, value: Any) -> Any:
    """A goal with the keys it leaves out taken from the goal it is `based_on`."""
    seen = {key}
    while isinstance(value, Mapping) and isinstance(value.get("based_on"), str):
        base = value["based_on"]
        if base in seen or base not in goals:
            return value  # reported by the cross checks
        seen.add(base)
        value = merged(goals[base], {k: v for k, v in value.items() if k != "based_on"}) | {
            "based_on": goals[base].get("based_on")
        }
    return value


def _cross_problems(c: Coaching, vocab: Vocab) -> Iterable[tuple[str, str, str]]:
    """Names that must exist elsewhere: templates in splits, patterns, muscles, formats, levels."""
    patterns, muscles = set(vocab.patterns.ids), set(vocab.muscles.ids)
    formats = set(vocab.finisher_formats.ids)
    for key, split in c.splits.items():
        if not key.isdigit():
            yield "splits", key, "a split's key is its number of training days, e.g. [3]"
        if key.isdigit() and len(split.sessions) != int(key):
            yield "splits", f"{key}.sessions", f"must name {key} session templates, one per day"
        if len(split.weekdays) != len(split.sessions) or len(set(split.weekdays)) != len(split.weekdays):
            yield "splits", f"{key}.weekdays", "one different weekday for each session"
        for n, template in enumerate(split.sessions):
            if template not in c.sessions:
                yield "splits", f"{key}.sessions[{n}]", f"no session template {template!r} in sessions.toml"
    for key, s in c.sessions.items():
        for part, names in (("main", s.main), ("avoid", s.avoid)):
            for n, p in enumerate(names):
                if p not in patterns:
                    yield "sessions", f"{key}.{part}[{n}]", f"unknown pattern {p!r}"
        for m in [*s.focus, *(m for slot in s.accessory for m in slot)]:
            if m not in muscles:
                yield "sessions", f"{key}", f"unknown muscle {m!r}"
    for key, g in c.goals.items():
        if g.based_on is not None and g.based_on not in c.goals:
            yield "goals", f"{key}.based_on", f"no goal {g.based_on!r}; use one of {', '.join(c.goals)}"
        for n, p in enumerate(g.patterns):
            if p not in patterns:
                yield "goals", f"{key}.patterns[{n}]", f"unknown pattern {p!r}"
        for n, p in enumerate(g.potentiate or []):
            if p not in c.rules.activation.potentiation_for:
                known = ", ".join(c.rules.activation.potentiation_for)
                yield "goals", f"{key}.potentiate[{n}]", f"{p!r} is not in rules' activation.potentiation_for ({known})"
        for n, f in enumerate(g.finisher.formats):
            if f not in formats:
                yield "goals", f"{key}.finisher.formats[{n}]", f"unknown format {f!r}; use {', '.join(sorted(formats))}"
        for part in ("main", "accessory"):
            reps = getattr(g, part).reps
            for level in LEVELS:
                if level not in reps:
                    yield "goals", f"{key}.{part}.reps", f"needs a range for {level}"
            for level, (lo, hi) in reps.items():
                if not 1 <= lo <= hi:
                    yield "goals", f"{key}.{part}.reps.{level}", "must be [low, high] with 1 <= low <= high"
    r = c.rules
    for level in LEVELS:
        if level not in r.deload.every:
            yield "rules", "deload.every", f"needs a cadence for {level}"
        if level not in r.deload.new_block_gain:
            yield "rules", "deload.new_block_gain", f"needs a share for {level}"
        if level not in r.exercise.rir:
            yield "rules", "exercise.rir", f"needs [start, end] for {level}"
    for key in r.exclusions:
        if key != "tags" and key not in patterns:
            yield "rules", f"exclusions.{key}", f"unknown pattern {key!r}"
    for main, drills in r.activation.potentiation_for.items():
        for p in (main, *drills):
            if p not in patterns:
                yield "rules", f"activation.potentiation_for.{main}", f"unknown pattern {p!r}"
    for kind in set(r.progression.load_kind.values()):
        if kind not in r.progression.load_step and kind != "barbell":
            yield "rules", "progression.load_kind", f"no load_step for {kind!r}"
    for name in (*r.volume.prime, *r.volume.second):
        if name not in muscles:
            yield "rules", "volume", f"unknown muscle {name!r}"


def builtin_rules() -> Rules:
    """The shipped thresholds, for code that has no library sources at hand (exports)."""
    from planner.resources import builtin_library_dir
    from planner.vocab import builtin_vocab

    return load_coaching([builtin_library_dir()], builtin_vocab()).rules
