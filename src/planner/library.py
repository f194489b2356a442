"""Find library folders, read exercise cards, and report what is wrong with them.

Sources are layered: the built-in library, then the user's library folder, then
PLANNER_LIBRARY, then each --library; a later source wins on the same id. A bad file is
reported as a Problem and skipped, so one broken card never stops the rest from working.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import digest
from planner.cache import CardData, FolderIndex
from planner.errors import LibraryError, UnknownExercise, close_matches
from planner.records import PROSE_FIELDS, Card
from planner.resources import builtin_library_dir
from planner.structs import field, struct
from planner.userfiles import BadFile
from planner.vocab import Vocab, level_allows

if TYPE_CHECKING:  # the models (and pydantic) load only when a card file must be validated
    from pydantic import ValidationError

    from planner.models import Exercise

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # also in models.py, which must not be imported here

MAX_CARD_BYTES = 1024 * 1024  # a card is a few kB; anything this big is not a card
ENV_VAR = "PLANNER_LIBRARY"
NOT_CARDS = {"vocab.toml"}  # data files that may sit in a library folder next to cards
RESERVED_IDS = frozenset(name.removesuffix(".toml") for name in NOT_CARDS)  # no card may take these
NOT_CARD_FOLDERS = {"templates", "progressions", "splits"}


@struct(frozen=True)
class Problem:
    """One thing wrong with one file: printed as `path:line: msg` or `path: field: msg`."""

    path: Path
    message: str
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        if self.field:
            return f"{self.path}: {self.field}: {self.message}"
        return f"{self.path}: {self.message}"


@struct(frozen=True)
class Source:
    path: Path
    origin: str  # built-in, user, PLANNER_LIBRARY or --library


def user_library_dir() -> Path:
    import platformdirs  # only needed when the user folder is consulted

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / "library"


def library_sources(extra: Sequence[Path] = (), env: Mapping[str, str] | None = None) -> list[Source]:
    """Every library folder in the order they apply; later ones win. The user folder is
    left out when it does not exist; when it cannot be looked at (a HOME that this user
    may not enter), it is kept, and reading it reports why its cards are missing."""
    env = os.environ if env is None else env
    sources = [Source(builtin_library_dir(), "built-in")]
    user = user_library_dir()
    try:
        if os.path.isdir(user) or (not os.path.exists(user) and _unreachable(user)):
            sources.append(Source(user, "user"))
    except ValueError:  # a path the system cannot even name (a NUL in HOME)
        pass
    for part in env.get(ENV_VAR, "").split(os.pathsep):
        if part.strip():
            sources.append(_checked_source(Path(part).expanduser(), ENV_VAR))
    for path in extra:
        sources.append(_checked_source(path.expanduser(), "--library"))
    return sources


def _unreachable(path: Path) -> bool:
    """True when `path` cannot be looked up for lack of permission (rather than absent)."""
    try:
        os.stat(path)
    except PermissionError:
        return True
    except OSError:
        return False
    return False


def _checked_source(path: Path, origin: str) -> Source:
    try:
        path.stat()
    except FileNotFoundError:
        raise LibraryError(f"{origin} {path}: no such folder") from None
    except OSError as e:
        raise LibraryError(f"{origin} {path}: cannot read it: {e.strerror or e}") from None
    except ValueError:
        raise LibraryError(f"{origin} {path}: not a usable folder name") from None
    if not path.is_dir():
        raise LibraryError(f"{origin} {path}: is a file, not a library folder (give the folder that holds the cards)")
    return Source(path, origin)


def exercise_files(folder: Path, problems: list[Problem] | None = None) -> Iterator[Path]:
    """Card files under a library folder, in a stable order. Uses `exercises/` when the
    folder has one (a full library), otherwise every .toml file below it. Symlinked
    folders are not followed, so a symlink loop cannot trap the walk. A folder that cannot
    be read is added to `problems` (when given) and skipped."""
    return (Path(p) for p in card_paths(folder, problems))


def card_paths(folder: Path, problems: list[Problem] | None = None) -> Iterator[str]:
    """exercise_files as strings: at thousands of cards, building Path objects shows."""
    try:
        root = folder / "exercises" if (folder / "exercises").is_dir() else folder
    except OSError:
        root = folder

    def unreadable(error: OSError) -> None:
        if problems is not None:
            where = Path(error.filename) if error.filename else root
            problems.append(
                Problem(where, f"cannot read this folder: {error.strerror or error}; its cards are left out")
            )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in NOT_CARD_FOLDERS and not d.startswith("."))
        here = os.path.join(dirpath, "")  # the folder with its separator: names are added to it, not joined
        for name in sorted(filenames):
            if name.endswith(".toml") and name not in NOT_CARDS and not name.startswith("."):
                yield here + name


def read_toml(path: Path) -> tuple[dict[str, Any] | None, Problem | None]:
    """Parse one card file (a regular file of at most MAX_CARD_BYTES, within the
    complexity bound of userfiles.parse_toml); a problem instead of an exception when it
    cannot be read."""
    data, problem, _ = _card_toml(path)
    return data, problem


# How a control character can get into a TOML string: an escape, or a C1 control (which
# TOML lets stand raw; a raw DEL or C0 control it refuses). A card whose text has neither
# cannot hold one. Two searches, as one with an alternation is twenty times slower.
_ESCAPE_HINT = re.compile(r"\\[uUbfex]")
_C1 = re.compile("[\x80-\x9f]")


def _may_hold_controls(text: str) -> bool:
    return _ESCAPE_HINT.search(text) is not None or (not text.isascii() and _C1.search(text) is not None)


def _card_toml(path: Path) -> tuple[dict[str, Any] | None, Problem | None, bool]:
    """read_toml, and whether the text could hold a control character."""
    from planner.userfiles import parse_toml, read_text

    try:
        text = read_text(path, MAX_CARD_BYTES, "card")
        return parse_toml(text, path), None, _may_hold_controls(text)
    except BadFile as e:
        return None, Problem(path, e.problem, field=e.field, line=e.line), False


def validation_problems(path: Path, error: ValidationError, model: type[Any]) -> list[Problem]:
    problems = []
    for e in error.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "missing":
            msg = "missing (every card needs it)"
        elif e["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(e["loc"][-1]), list(model.model_fields), n=1)
            msg = "unknown field" + (f"; did you mean {close[0]!r}?" if close else "")
        if not loc and ": " in msg:  # a whole-card check names its field in the message
            loc, msg = msg.split(": ", 1)
        problems.append(Problem(path, msg, field=loc or None))
    return problems


def tags_of(exercise: Exercise) -> dict[str, Any]:
    """A card without its prose: what listing and planning read. Keeping the prose out of
    the index keeps it small (about a fifth of the card) at thousands of cards."""
    return exercise.model_dump(mode="json", exclude=set(PROSE_FIELDS))


# what composition and progression read of a card: cards alike in all of these are
# interchangeable to the planner (compose.shortlist)
PLANNING_FIELDS = (
    "primary_muscles", "secondary_muscles", "equipment", "pattern", "mechanic", "laterality", "level",
    "position", "blocks", "measure", "loads_spine", "peak_contraction", "plyometric", "uses_rir", "rep_floor",
    "hard_set_muscles", "finisher_formats", "stresses", "easier", "harder", "limits", "defaults",
)  # fmt: skip


def planning_signature(card: Mapping[str, Any]) -> str:
    """A short digest of the card's PLANNING_FIELDS: equal for interchangeable cards."""
    text = json.dumps([card.get(name) for name in PLANNING_FIELDS], sort_keys=True)
    return digest.blake2b(text.encode(), digest_size=8).hexdigest()


def card_entry(path: Path) -> dict[str, Any]:
    """What the cache keeps of one file: the validated card's tags (and their planning
    signature, worked out once here rather than on every plan), or its problems. A file
    that could not be read at all (a permission, an I/O error) is marked `transient`: the
    index must not remember that, since a chmod changes neither size nor mtime."""
    exercise, problems = read_card(path)
    card = tags_of(exercise) if exercise is not None else None
    entry: dict[str, Any] = {
        "card": card,
        "signature": planning_signature(card) if card is not None else None,
        "problems": [{"message": p.message, "field": p.field, "line": p.line} for p in problems],
    }
    if any(p.message.startswith(CANNOT_READ) for p in problems):
        entry["transient"] = True
    return entry


CANNOT_READ = "cannot read"  # how userfiles.read_bytes words a failure of the system, not of the file


def read_card(path: Path) -> tuple[Exercise | None, list[Problem]]:
    """One card file validated, or its problems. Whatever is in the file, the answer is
    problems, never an exception: one broken card must not stop the rest."""
    exercise_id = path.stem
    if not re.fullmatch(ID_PATTERN, exercise_id):
        return None, [
            Problem(
                path,
                "the file name is the exercise id: use lowercase ASCII words joined by hyphens, e.g. glute-bridge.toml",
            )
        ]
    data, problem, maybe_controls = _card_toml(path)
    if data is None:
        return None, [problem] if problem else []
    if "id" in data and data["id"] != exercise_id:
        return None, [Problem(path, f"is {data['id']!r} but the file name says {exercise_id!r}", field="id")]
    try:
        return _validated(data, exercise_id, path, maybe_controls)
    except RecursionError:
        return None, [Problem(path, "values nested too deeply to check")]
    except Exception as e:  # a card no check foresaw: reported with the rest, never a crash
        return None, [Problem(path, f"cannot be checked: {type(e).__name__}: {e}")]


def _validated(
    data: dict[str, Any], exercise_id: str, path: Path, maybe_controls: bool
) -> tuple[Exercise | None, list[Problem]]:
    from pydantic import ValidationError

    from planner.models import Exercise

    try:
        # the model looks for control characters in every text; the file's text has ruled them out
        context = None if maybe_controls else {"no_controls": True}
        return Exercise.model_validate({**data, "id": exercise_id}, context=context), []
    except ValidationError as e:
        return None, validation_problems(path, e, Exercise)


class PathMap(dict[str, Any]):
    """Card id -> file. Kept as strings until asked for: ten thousand Path objects cost
    more than everything else a warm `planner list` does."""

    def __getitem__(self, key: str) -> Path:
        value = super().__getitem__(key)
        return value if isinstance(value, Path) else Path(value)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401  (self.get is this method: it would recurse)


@struct
class Library:
    """Validated cards by id, held as their tags (everything but the prose). Listing and
    planning work on the tags; `get` reads a card in full, prose included, from its file.

    `exercises` gives every card as a Card built from its tags alone: its prose fields
    are absent (reading one is an error, not an empty string), so code that shows a card's
    text must go through `get`."""

    cards: dict[str, Mapping[str, Any]] = field(default_factory=dict)  # dicts, or index rows (cache.CardData)
    paths: dict[str, Any] = field(default_factory=PathMap)  # a PathMap: values read back as Path
    problems: list[Problem] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)  # id -> planning_signature
    stamps: dict[str, Any] = field(default_factory=dict)  # id -> [size, mtime_ns] when it was validated
    _light: dict[str, Card] = field(default_factory=dict, repr=False)
    _full: dict[str, Card] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.paths, PathMap):
            self.paths = PathMap(self.paths)

    @property
    def exercises(self) -> dict[str, Card]:
        """Every card as a tags-only Card (built once, on first use)."""
        if len(self._light) != len(self.cards):
            for exercise_id in self.cards:
                self.card(exercise_id)
        return self._light

    def card(self, exercise_id: str) -> Card:
        """One card as a tags-only Card; planning builds only the cards it may use."""
        found = self._light.get(exercise_id)
        if found is None:
            data = self.cards[exercise_id]
            found = self._light[exercise_id] = Card(data.as_dict() if isinstance(data, CardData) else data)
        return found

    def sorted_ids(self) -> list[str]:
        """Card ids in name order, without building a Card for each."""
        cards = self.cards
        return sorted(cards, key=lambda i: (cards[i]["name"].lower(), i))

    def get(self, exercise_id: str) -> Card:
        """One card in full, prose included."""
        if exercise_id not in self.cards:
            raise UnknownExercise(exercise_id, close_matches(exercise_id, list(self.cards)))
        if exercise_id not in self._full:
            path = self.paths[exercise_id]
            prose = _unchanged_prose(path, self.stamps.get(exercise_id))
            if prose is not None:
                self._full[exercise_id] = Card({**self.cards[exercise_id], **prose})
                return self._full[exercise_id]
            exercise, problems = read_card(path)
            if exercise is None:  # the file changed since it was indexed
                raise LibraryError(str(problems[0]) if problems else f"{self.paths[exercise_id]}: cannot read")
            self._full[exercise_id] = Card(exercise.model_dump(mode="json"))
        return self._full[exercise_id]

    def add(self, exercise: Exercise, path: Path) -> None:
        self.cards[exercise.id] = tags_of(exercise)
        self.signatures[exercise.id] = planning_signature(self.cards[exercise.id])
        self._light.pop(exercise.id, None)
        self._full[exercise.id] = Card(exercise.model_dump(mode="json"))
        self.paths[exercise.id] = path

    def add_entry(self, path: Path | str, entry: dict[str, Any]) -> None:
        if entry["problems"]:
            self.problems.extend(Problem(Path(path), p["message"], p["field"], p["line"]) for p in entry["problems"])
        card = entry["card"]
        if card is not None:
            exercise_id = card["id"]
            self.cards[exercise_id] = card
            self.signatures[exercise_id] = entry.get("signature") or planning_signature(card)
            self.stamps[exercise_id] = entry.get("stamp")
            if self._light:  # a later source replaces an earlier card
                self._light.pop(exercise_id, None)
            if self._full:
                self._full.pop(exercise_id, None)
            self.paths[exercise_id] = path

    def sorted(self) -> list[Card]:
        return [self.card(i) for i in self.sorted_ids()]


def _unchanged_prose(path: Path, stamp: Any) -> dict[str, Any] | None:
    """A card's prose read straight from its TOML when the file is still the one the index
    validated (same size and mtime): the Markdown and PDF exports show the prose of every
    card a plan uses, and validating each again would cost more than the whole export.
    The values are what validation makes of them (stripped text). None: validate again."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stamp or list(stamp) != [st.st_size, st.st_mtime_ns]:
        return None
    data, _ = read_toml(path)
    if data is None:
        return None
    return {
        "description": data["description"].strip(),
        "instructions": [step.strip() for step in data["instructions"]],
        "tips": [tip.strip() for tip in data.get("tips", [])],
        "faq": [{"question": f["question"].strip(), "answer": f["answer"].strip()} for f in data.get("faq", [])],
    }


Progress = Callable[[int, int, Path], None]  # (files read, files in the folder, the folder)


def load_library(sources: Iterable[Source], use_cache: bool = True, progress: Progress | None = None) -> Library:
    """Read every card of every source; later sources win on the same id. `progress`, when
    given, hears of each file as it is read (the CLI draws a bar with it when that is slow)."""
    with _no_collection():
        return _load(sources, use_cache, progress)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while cards are read: at ten thousand cards the
    index holds most of a million objects, and the collector would walk them again and
    again as they are made (half the time of a warm load). Card data has no cycles for it
    to find. (The CLI, which exits soon after, also freezes what was built: see
    cli._sources_and_library.)"""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load(sources: Iterable[Source], use_cache: bool, progress: Progress | None) -> Library:
    library = Library()
    salt = vocab_fingerprint()
    for source in sources:
        names = list(card_paths(source.path, library.problems))
        if not use_cache:
            for path, entry in read_entries(names, source.path, progress):
                library.add_entry(path, entry)
            continue
        index = FolderIndex(source.path, salt)
        for path, entry in read_entries(index.stale(names), source.path, progress):
            index.put(path, entry)
        for name in names:
            library.add_entry(name, index.entry(name))
        index.save()
    return library


PARALLEL_FROM = 300  # files: fewer are read faster than worker processes start


def read_entries(paths: list[str], folder: Path, progress: Progress | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, card_entry) for each file, in order. Many files are read by one worker process
    per core: parsing TOML is most of the time a first read of thousands of cards takes."""
    workers = min(os.cpu_count() or 1, 8)
    results: Iterable[dict[str, Any]] = map(card_entry, map(Path, paths))
    pool = None
    if len(paths) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        try:
            pool = ProcessPoolExecutor(max_workers=workers)
            results = pool.map(_entry_of, paths, chunksize=32)
        except (OSError, ImportError, NotImplementedError):  # no processes here: read them one by one
            pool = None
    try:
        for n, (path, entry) in enumerate(zip(paths, results, strict=True), 1):
            if progress is not None:
                progress(n, len(paths), folder)
            yield path, entry
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _entry_of(path: str) -> dict[str, Any]:
    return card_entry(Path(path))


def vocab_fingerprint() -> str:
    """Cards are validated against the vocabulary, so the cache is only good for the same one."""
    return digest.sha256((builtin_library_dir() / "vocab.toml").read_bytes()).hexdigest()[:16]


# ---------------------------------------------------------------------------- checks


def duplicate_problems(paths: Iterable[Path]) -> list[Problem]:
    """The same id in two files of one set of folders: only one of them would be used."""
    seen: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.stem in seen:
            problems.append(Problem(path, f"duplicate id {path.stem!r}, also in {seen[path.stem]}"))
        else:
            seen[path.stem] = path
    return problems


def link_problems(library: Library, checked: Iterable[tuple[Card | Exercise, Path]] | None = None) -> list[Problem]:
    """easier/harder links of the `checked` cards (default: all of them) must name cards
    that exist in `library`, be symmetric and form no cycle."""
    if checked is None:
        checked = [(ex, library.paths[ex.id]) for ex in library.sorted()]
    checked = list(checked)
    problems: list[Problem] = []
    ids = library.exercises
    for ex, path in checked:
        for field_name, back in (("easier", "harder"), ("harder", "easier")):
            for other in getattr(ex, field_name):
                if other not in ids:
                    close = difflib.get_close_matches(other, list(ids), n=1, cutoff=0.6)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    problems.append(Problem(path, f"no exercise {other!r} in the library{hint}", field=field_name))
                elif ex.id not in getattr(ids[other], back):
                    problems.append(
                        Problem(
                            path,
                            f"{other!r} is {field_name} but its card does not list {ex.id!r} as {back}",
                            field=field_name,
                        )
                    )
    checked_ids = {ex.id for ex, _ in checked}
    for cycle in harder_cycles(library):
        if set(cycle) & checked_ids:
            problems.append(
                Problem(library.paths[cycle[0]], "variation cycle: " + " -> ".join([*cycle, cycle[0]]), field="harder")
            )
    return problems


def harder_cycles(library: Library) -> list[list[str]]:
    """Cycles in the easier -> harder graph (each reported once). A depth-first walk with
    an explicit stack rather than recursion, so a ladder of any length cannot exhaust
    Python's stack."""
    graph = {i: [h for h in e.harder if h in library.exercises] for i, e in library.exercises.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    for start in sorted(graph):
        if start in state:
            continue
        state[start] = 1
        path = [start]
        stack = [iter(graph[start])]  # the links still to follow from each node on the path
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return cycles


PLACEHOLDER = "TODO"


def placeholder_problems(
    exercise: Card | Exercise | None, path: Path, reported: Sequence[Problem] = ()
) -> list[Problem]:
    """Text still starting with "TODO" (the placeholders `planner new` and `planner import`
    leave): what is left to fill in. For a card that did not validate, the file's own values
    are checked, except fields that already have a problem."""
    if exercise is not None:
        data: Any = exercise.to_data() if isinstance(exercise, Card) else exercise.model_dump(mode="json")
    else:
        data, _ = read_toml(path)
        if not isinstance(data, dict):
            return []
    skip = {str(p.field).split(".")[0] for p in reported if p.field}
    problems: list[Problem] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
            problems.append(Problem(path, "still a placeholder: replace the TODO text", field=where))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, f"{where}.{n}")

    for key, value in data.items():
        if key not in skip:
            walk(value, key)
    return problems


# ---------------------------------------------------------------------------- queries


@struct(frozen=True)
class Query:
    """What `planner list` asks for. Empty fields match everything."""

    muscles: frozenset[str] = frozenset()  # canonical ids, groups already expanded
    primary_only: bool = False
    equipment: frozenset[str] | None = None  # None: any equipment
    block: str | None = None
    pattern: str | None = None
    level: str | None = None
    search: str | None = None

    def matches(self, card: Mapping[str, Any]) -> bool:
        """Does this card (validated card data, as Exercise.model_dump gives it) match?"""
        if self.muscles:
            targets = set(card["primary_muscles"])
            if not self.primary_only:
                targets |= set(card["secondary_muscles"])
            if not targets & self.muscles:
                return False
        if self.equipment is not None and not set(card["equipment"]) <= self.equipment:
            return False
        if self.block and self.block not in card["blocks"]:
            return False
        if self.pattern and card["pattern"] != self.pattern:
            return False
        if self.level and not level_allows(self.level, card["level"]):
            return False
        if self.search:
            text = " ".join([card["id"], card["name"], *card["aliases"], card["summary"]]).lower()
            if not all(word in text for word in self.search.lower().split()):
                return False
        return True


def build_query(
    vocab: Vocab,
    muscles: Sequence[str] = (),
    primary_only: bool = False,
    equipment: Sequence[str] = (),
    block: str | None = None,
    pattern: str | None = None,
    level: str | None = None,
    search: str | None = None,
) -> Query:
    """Resolve the words a person typed (aliases, groups, profiles) into a Query."""
    return Query(
        muscles=frozenset(vocab.expand_muscles(list(muscles))),
        primary_only=primary_only,
        equipment=frozenset(vocab.expand_equipment(list(equipment))) if equipment else None,
        block=vocab.blocks.resolve(block, "--block") if block else None,
        pattern=vocab.patterns.resolve(pattern, "--pattern") if pattern else None,
        level=vocab.levels.resolve(level, "--level") if level else None,
        search=search,
    )


def select(library: Library, query: Query) -> list[Mapping[str, Any]]:
    """Matching cards' data, sorted by name."""
    cards = sorted(library.cards.values(), key=lambda c: (c["name"].lower(), c["id"]))
    return [card for card in cards if query.matches(card)]
