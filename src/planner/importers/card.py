"""`planner import card`: an exercise card written as plain text -> one exercise TOML.

The text layout (the project's seed card is the example):

    Lying Alternate Hip Extension            <- the name, on the first line
    First paragraph of the description ...   <- paragraphs: one per line, or blank-line separated
    Instructions                             <- heading (also "Steps", "How to", "Directions")
    - Lie face down ...                      <- items: "- ", "* ", "•", "1." or "1)"
    Tips & Tricks                            <- heading (also "Tips and Tricks", "Tips", "Cues")
    - Keep the pelvis level ...
    Frequently Asked Questions               <- heading (also "FAQ", "Questions")
    What muscle does it target most?         <- a question: a line ending in "?" (or "Q:")
    The glutes ...                           <- its answer: the lines up to the next question

Windows line ends, extra blank lines, Markdown `#` headings and bold are fine; a missing
section is imported as empty (instructions and description as a TODO placeholder, which
`planner validate` then points at) with a warning. Tags the text does not state are
guessed by planner.importers.infer and listed in the card's `inferred` field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.importers import infer
from planner.importers.writer import (
    Manifest,
    Planned,
    card_folder,
    check_card,
    check_id,
    check_writable,
    make_id,
    plan_write,
    render_card,
    write_planned,
)
from planner.library import Source, load_library
from planner.records import Card
from planner.structs import field, struct
from planner.text import control_problem, one_line
from planner.vocab import BLOCK_ORDER, builtin_vocab

MAX_CARD_TEXT = 1024 * 1024
SUMMARY_MAX = 120

HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "in short", "tl dr", "tldr"),
    "description": ("description", "overview", "about", "about this exercise", "introduction"),
    "instructions": (
        "instructions",
        "steps",
        "how to",
        "how to do it",
        "how to perform",
        "how to perform it",
        "directions",
        "execution",
        "technique",
        "step by step",
        "step by step instructions",
        "method",
    ),
    "tips": ("tips and tricks", "tips", "tips and cues", "coaching tips", "cues", "coaching cues", "tricks"),
    "faq": (
        "frequently asked questions",
        "faq",
        "faqs",
        "questions",
        "q and a",
        "questions and answers",
        "common questions",
    ),
}
_HEADING_WORDS = {words: section for section, variants in HEADINGS.items() for words in variants}
_BULLET = re.compile(r"^\s*(?:[-*+–—]\s+|[•·▪●◦‣]\s*|\(?\d{1,3}[.)]\s+|step\s+\d+\s*[.:)\-–]?\s+)", re.IGNORECASE)
_RULE = re.compile(r"^\s*[=\-_*~#]{3,}\s*$")
_QUESTION = re.compile(r"^(?:q|question)\s*\d*\s*[:.)]\s*", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:a|answer)\s*[:)]\s*", re.IGNORECASE)

TODO_DESCRIPTION = "TODO: describe the exercise in 2 to 4 paragraphs (docs/writing-cards.md)."
TODO_INSTRUCTIONS = "TODO: write 6 to 10 steps, from the setup to the return."


@struct
class ParsedCard:
    name: str
    summary: str = ""
    description: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@struct(frozen=True)
class CardOptions:
    """Tags given on the command line: these are used as they are, never guessed."""

    primary: Sequence[str] = ()
    secondary: Sequence[str] = ()
    equipment: Sequence[str] | None = None  # None: not given; [] or "bodyweight": none needed
    blocks: Sequence[str] = ()


@struct(frozen=True)
class CardImport:
    """One card made from one text file, and what writing it did."""

    source: Path
    exercise_id: str
    path: Path
    text: str
    inferred: list[tuple[str, str, str]]  # field, value as text, the words that decided it
    warnings: list[str]
    action: str = ""
    replaces: str = ""  # the card of another library this one overrides, if any


# ---------------------------------------------------------------------------- parsing


def _plain(line: str) -> str:
    """A line without Markdown heading marks, emphasis and a trailing colon."""
    text = line.strip().lstrip("#").strip()
    text = re.sub(r"^[*_=]+|[*_=]+$", "", text).strip()
    return text.rstrip(":").strip()


def heading(line: str) -> str | None:
    """The section a line starts, or None when it is not a heading."""
    words = _plain(line).lower().replace("&", " and ")
    words = re.sub(r"\s*\((?:faq|faqs)\)$", "", words)
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", words).split())
    return _HEADING_WORDS.get(words)


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _unbullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def _items(lines: list[str]) -> list[str]:
    """List items: a bullet starts an item and an unbulleted line continues it (a wrapped
    item); in a section without any bullet, each line is an item."""
    bulleted = any(_is_bullet(line) for line in lines)
    items: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if not bulleted:
            items.append(line.strip())
        elif _is_bullet(line) or not items:
            items.append(_unbullet(line))
        else:
            items[-1] = f"{items[-1]} {line.strip()}"
    return [item for item in items if item]


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs and wrapped lines are joined; text with no blank
    line at all has one paragraph per line (as in the seed card)."""
    body = [line.strip() for line in lines]
    while body and not body[0]:
        body.pop(0)
    while body and not body[-1]:
        body.pop()
    if "" not in body:
        return [line for line in body if line]
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


def _faq(lines: list[str], warnings: list[str], where: str) -> list[tuple[str, str]]:
    entries: list[list[str]] = []  # [question, answer lines...]
    for raw in lines:
        line = _unbullet(raw) if _is_bullet(raw) else raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        question = _QUESTION.match(line)
        if answer and entries:
            entries[-1].append(line[answer.end() :].strip())
        elif question or line.endswith("?"):
            text = line[question.end() :].strip() if question else line
            if entries and len(entries[-1]) == 1:
                warnings.append(f"{where}: FAQ question without an answer left out: {infer.excerpt(entries[-1][0])!r}")
                entries.pop()
            entries.append([text])
        elif entries:
            entries[-1].append(line)
        else:
            warnings.append(f"{where}: FAQ text before the first question left out: {infer.excerpt(line)!r}")
    if entries and len(entries[-1]) == 1:
        warnings.append(f"{where}: FAQ question without an answer left out: {infer.excerpt(entries[-1][0])!r}")
        entries.pop()
    return [(e[0], " ".join(part for part in e[1:] if part)) for e in entries]


def _check_name(line: str, where: str) -> str:
    name = _plain(re.sub(r"^\s*(?:exercise\s+)?name\s*:\s*", "", line, flags=re.IGNORECASE))
    problem = ""
    if heading(line):
        problem = "it starts with a section heading"
    elif _is_bullet(line):
        problem = "it starts with a list item"
    elif not re.search(r"[A-Za-z]", name):
        problem = "it has no letters"
    elif len(name) > 100 or (name.endswith(".") and len(name.split()) > 8):
        problem = "it reads as a sentence"
    elif not make_id(name):
        problem = "it has no letters or digits that make an id"
    if problem:
        raise PlannerError(
            f"{where}: no recognisable exercise name: the first line should be the name, such as "
            f"'Lying Alternate Hip Extension', but {problem} ({infer.excerpt(line.strip(), 50)!r})"
        )
    return name


def parse_card(text: str, where: str = "card") -> ParsedCard:
    """Read a card's text; raise PlannerError when there is no name to go by."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if not _RULE.match(line)]
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise PlannerError(f"{where}: is empty: a card starts with the exercise name on its first line")
    card = ParsedCard(_check_name(lines[start], where))
    sections: dict[str, list[str]] = {"description": []}
    current = "description"
    for line in lines[start + 1 :]:
        section = heading(line) if len(line.strip()) <= 60 else None
        if section:
            current = section
            sections.setdefault(section, [])
            continue
        sections[current].append(line)
    card.summary = " ".join(_paragraphs(sections.get("summary", [])))
    card.description = _paragraphs(sections["description"])
    card.instructions = _items(sections.get("instructions", []))
    card.tips = _items(sections.get("tips", []))
    card.faq = _faq(sections.get("faq", []), card.warnings, where)
    missing = {
        "description": (card.description, "description left as a TODO placeholder"),
        "instructions": (card.instructions, "no Instructions section: instructions left as a TODO placeholder"),
        "tips": (card.tips, "no Tips & Tricks section: no tips imported"),
        "faq": (card.faq, "no Frequently Asked Questions section: no FAQ imported"),
    }
    for section, (found, message) in missing.items():
        if not found:
            if section in sections and section != "description":
                message = f"the {section} section has no entries"
            elif section == "description":
                message = "no description paragraphs after the name: " + message
            card.warnings.append(f"{where}: {message}")
    return card


# ---------------------------------------------------------------------------- tags


def _summary(card: ParsedCard) -> tuple[str, bool]:
    """The card's summary, or its description's first sentence, shortened to fit."""
    if card.summary:
        return _fit(card.summary), False
    if not card.description:
        return "TODO: one sentence, at most 120 characters.", False
    first = re.split(r"(?<=[.!?])\s+", card.description[0].strip(), maxsplit=1)[0]
    first = re.sub(rf"^(?:the\s+)?{re.escape(card.name)}\s+(?:is|are)\s+", "", first, flags=re.IGNORECASE)
    return _fit(first[:1].upper() + first[1:]), True


def _fit(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_MAX:
        return text
    cut = text[: SUMMARY_MAX - 3].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "..."


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "[] (none)"
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items())
    return str(value)


def _resolve_options(options: CardOptions) -> CardOptions:
    vocab = builtin_vocab()
    equipment: list[str] | None = None
    if options.equipment is not None:
        equipment = []
        for word in options.equipment:
            equipment += [e for e in vocab.equipment_terms.resolve_many(word, "--equipment") if e not in equipment]
    return CardOptions(
        primary=list(dict.fromkeys(vocab.muscles.resolve(w, "--primary") for w in options.primary)),
        secondary=list(dict.fromkeys(vocab.muscles.resolve(w, "--secondary") for w in options.secondary)),
        equipment=equipment,
        blocks=[b for b in BLOCK_ORDER if b in {vocab.blocks.resolve(w, "--blocks") for w in options.blocks}],
    )


def card_data(
    card: ParsedCard, options: CardOptions, replaces: Card | None = None, replaces_where: str = ""
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The card's fields, and for each guessed one: (field, value, the words that decided it)."""
    r = infer.rules()
    text = infer.Text(
        name=card.name,
        instructions=card.instructions,
        description="\n".join(card.description),
        tips=card.tips,
        faq=[part for qa in card.faq for part in qa],
    )
    inferred: list[tuple[str, str, str]] = []

    def guessed(field_name: str, guess: infer.Guess) -> Any:
        inferred.append((field_name, _show(guess.value), guess.evidence))
        return guess.value

    primary_guess, secondary_guess = infer.infer_muscles(text, r)
    if options.primary:
        primary = list(options.primary)
    elif primary_guess.value:
        primary = guessed("primary_muscles", primary_guess)
    else:
        raise PlannerError(
            "the text names no muscle planner knows; pass --primary MUSCLE (`planner muscles` lists them)"
        )
    if options.secondary:
        secondary = [m for m in options.secondary if m not in primary]
    else:
        helpers = [m for m in secondary_guess.value if m not in primary]
        secondary = guessed("secondary_muscles", infer.Guess(helpers, secondary_guess.evidence or "none named"))
    if options.equipment is not None:
        equipment = list(options.equipment)
    else:
        equipment = guessed("equipment", infer.infer_equipment(text, r))
    pattern = guessed("pattern", infer.infer_pattern(text, primary, r))
    mechanic = guessed("mechanic", infer.infer_mechanic(text, pattern, r))
    laterality = guessed("laterality", infer.infer_laterality(text, r))
    level = guessed("level", infer.infer_level(text, r))
    position = guessed("position", infer.infer_position(text, pattern, r))
    blocks = list(options.blocks) if options.blocks else guessed("blocks", infer.infer_blocks(text, pattern, r))
    measure = guessed("measure", infer.infer_measure(text, r))
    loads_spine = guessed("loads_spine", infer.infer_loads_spine(text, equipment, pattern, r))
    peak = guessed("peak_contraction", infer.infer_peak(text, measure, r))
    limits = guessed("limits", infer.infer_limits(text, pattern, measure, peak, r))
    tags = infer.Tags(
        card.name, pattern, mechanic, measure, blocks, equipment, primary, secondary, loads_spine,
        reps_max=limits.get("reps_max"),
    )  # fmt: skip
    coaching = {
        field_name: guessed(field_name, guess)
        for field_name, guess in infer.infer_coaching(tags, r).items()
        if guess.value is not None  # no rep floor applies: the card leaves it out
    }
    summary, summary_guessed = _summary(card)
    if summary_guessed:
        inferred.append(("summary", summary, "the description's first sentence"))
    easier: list[str] = []
    harder: list[str] = []
    if replaces is not None and (replaces.easier or replaces.harder):
        easier, harder = list(replaces.easier), list(replaces.harder)
        why = "kept from the card this one replaces, so its easier-to-harder ladder stays whole"
        inferred.append(("easier", _show(easier), why))
        inferred.append(("harder", _show(harder), why))
    data: dict[str, Any] = {
        "name": card.name,
        "inferred": [f for f, _, _ in inferred],
        "summary": summary,
        "primary_muscles": primary,
        "secondary_muscles": secondary,
        "equipment": equipment,
        "pattern": pattern,
        "mechanic": mechanic,
        "laterality": laterality,
        "level": level,
        "position": position,
        "blocks": blocks,
        "measure": measure,
        "loads_spine": loads_spine,
        "peak_contraction": peak,
        **coaching,
        "easier": easier,
        "harder": harder,
        "description": "\n\n".join(card.description) + "\n" if card.description else TODO_DESCRIPTION,
        "instructions": card.instructions or [TODO_INSTRUCTIONS],
        "tips": card.tips,
        "limits": limits,
        "defaults": infer.infer_defaults(measure),
        "faq": [{"question": q, "answer": a} for q, a in card.faq],
    }
    return data, inferred


def _comments(source: Path, inferred: list[tuple[str, str, str]], warnings: list[str]) -> list[str]:
    lines = [f"Imported by `planner import card` from {one_line(source.name)}."]
    if inferred:
        lines += [
            "The text did not state the tags below, so they were guessed from its words. Check each",
            "one, fix it if needed, then remove its name from `inferred`:",
        ]
        for field_name, value, evidence in inferred:
            lines.append(f"  {field_name} = {value}" + (f"  <- {evidence}" if evidence else ""))
    if warnings:
        lines.append("While importing:")
        lines += [f"  {w.split(': ', 1)[-1]}" for w in warnings]
    return lines


# ---------------------------------------------------------------------------- the command


def read_text(path: Path) -> str:
    """A card's text: a regular UTF-8 file of at most MAX_CARD_TEXT bytes, without control
    characters (an ESC or DEL would go on into the card and to the terminal)."""
    from planner.userfiles import read_text as read_bounded

    text = read_bounded(path, MAX_CARD_TEXT, "card text file")
    problem = control_problem(text.replace("\f", "\n"))  # a form feed is only a page break
    if problem is not None:
        raise PlannerError(f"{one_line(str(path))}: {problem}")
    return text


def import_cards(
    files: Sequence[Path], into: Path, options: CardOptions, sources: Sequence[Source], force: bool = False
) -> list[CardImport]:
    """Parse every file and build every card first; write only when all of them are good,
    so a bad file leaves nothing half-imported."""
    options = _resolve_options(options)
    texts = [(source, read_text(source)) for source in files]
    folder = card_folder(into)
    check_writable(folder)
    others = load_library([s for s in sources if s.path.resolve() != into.resolve()])
    manifest = Manifest.load(folder)
    built: list[tuple[CardImport, Planned]] = []
    seen: dict[str, Path] = {}
    for source, card_text in texts:
        where = str(source)
        card = parse_card(card_text, where)
        exercise_id = make_id(card.name)
        check_id(exercise_id, card.name, where)
        if exercise_id in seen:
            raise PlannerError(f"{source}: makes the same id {exercise_id!r} as {seen[exercise_id]}; rename one card")
        seen[exercise_id] = source
        replaces = others.exercises.get(exercise_id)
        replaces_where = str(others.paths.get(exercise_id, ""))
        try:
            data, inferred = card_data(card, options, replaces, replaces_where)
        except PlannerError as e:
            raise PlannerError(f"{source}: {e.message}") from None
        text = render_card(data, _comments(source, inferred, card.warnings))
        check_card(exercise_id, text, where)
        path = folder / f"{exercise_id}.toml"
        planned = plan_write(path, text.encode("utf-8"), f"card:{source.name}", manifest, force)
        if planned.action == "kept":
            raise PlannerError(f"{path}: {planned.reason}")
        built.append(
            (
                CardImport(source, exercise_id, path, text, inferred, card.warnings, planned.action, replaces_where),
                planned,
            )
        )
    write_planned([p for _, p in built], manifest)
    return [c for c, _ in built]
