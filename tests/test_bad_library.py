"""The bad-input corpus, cards and imports: card files that are broken, hostile or not files
at all, folders and indexes planner cannot trust, user templates, and what the importers
are given. One bad card never stops the rest; each refusal is one line naming the file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus import nested, one_line_error, snapshot
from support import shipped

# ---------------------------------------------------------------------------- cards and library folders


@dataclass(frozen=True)
class CardCase:
    """A file in a library folder (beside a good card) that must become one problem line
    naming it, while every command goes on working."""

    name: str
    file: str
    make: Callable[[Path, str], None]
    says: tuple[str, ...]
    listed: tuple[str, ...] = ("test-wall-lean",)


def writes(text: Callable[[str], str] | str, encoding: str = "utf-8") -> Callable[[Path, str], None]:
    def make(path: Path, card_text: str) -> None:
        content = text(card_text) if callable(text) else text
        path.write_bytes(content.encode(encoding, "surrogateescape"))

    return make


def in_subfolder(folder: str, file: str) -> Callable[[Path, str], None]:
    def make(path: Path, card_text: str) -> None:
        where = path.parent / os.fsdecode(folder.encode("latin-1"))
        where.mkdir()
        (where / file).write_text(card_text.replace("Test Wall Lean", "Moved Lean"), encoding="utf-8")

    return make


CARD_CASES = [
    CardCase(
        "latin-1-file-name",
        os.fsdecode("\xfcbung.toml".encode("latin-1")),
        writes(lambda t: t),
        ("bung.toml", "lowercase ASCII"),
    ),
    CardCase("nested-array", "deep-array.toml", writes(lambda t: t + f"x = {nested(5000)}\n"), ("nested too deeply",)),
    CardCase(
        "nested-table",
        "deep-table.toml",
        writes(lambda t: t + "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n"),
        ("nested",),
    ),
    CardCase(
        "nested-40",
        "deep-forty.toml",
        writes(lambda t: t.replace("tips = [", f"tips = [{nested(40)}, ", 1)),
        ("nested",),
    ),
    CardCase(
        "dotted-key-bomb",
        "dotted.toml",
        writes(lambda t: t + ".".join(["k"] * 30_000) + " = 1\n"),
        ("dotted key of 30000 parts", "dotted.toml:31:"),
    ),
    CardCase(
        "escape-in-name",
        "escape-name.toml",
        writes(lambda t: t.replace('name = "Test Wall Lean"', 'name = "Lean\\u001b]0;owned\\u0007"')),
        ("name: control character U+001B (ESC)",),
    ),
    CardCase(
        "c1-in-tip",
        "c1-tip.toml",
        writes(lambda t: t.replace('tips = ["This card', 'tips = ["\u009b2J This card')),
        ("tips.0: control character U+009B",),
    ),
    CardCase(
        "integer-of-5000-digits",
        "big-number.toml",
        writes(lambda t: t.replace("reps_max = 20", "reps_max = " + "9" * 5000)),
        ("out of range",),
    ),
    CardCase("pipe", "fifo-card.toml", lambda p, t: os.mkfifo(p), ("is a pipe",)),
    CardCase("device", "zero-card.toml", lambda p, t: p.symlink_to("/dev/zero"), ("is a device",)),
    CardCase(
        "latin-1-folder",
        "latin-folder",
        in_subfolder("\xfcbungen", "moved-lean.toml"),
        (),
        ("moved-lean", "test-wall-lean"),
    ),
]


@pytest.fixture
def good_folder(tmp_path, card_text):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", CARD_CASES, ids=lambda c: c.name)
def test_one_bad_card_never_stops_the_rest(cli, good_folder, card_text, case):
    path = good_folder / case.file
    case.make(path, card_text)
    before = snapshot(good_folder)
    for _ in range(2):  # the second run reads the index the first one wrote
        r = cli("list", "--library", str(good_folder), "--json")
        assert r.code == 0 and not r.has_traceback, r.err
        listed = {c["id"] for c in json.loads(r.out)}
        assert set(case.listed) <= listed, r.err
        for word in case.says:
            assert word in r.err, (word, r.err)
        assert "\x1b" not in r.out + r.err and "\x07" not in r.out + r.err
        for args in (["show", case.listed[0]], ["plan", "--weeks", "1"], ["muscles"]):
            r = cli(*args, "--library", str(good_folder))
            assert r.code == 0 and not r.has_traceback, (args, r.err)
    r = cli("validate", str(good_folder))
    assert not r.has_traceback
    assert r.code == (1 if case.says else 0), r.out
    for word in case.says:
        assert word in r.out, (word, r.out)
    assert snapshot(good_folder) == before


def test_a_long_easier_to_harder_chain_is_checked_without_recursion():
    """A ladder of 3,000 cards (validate used to hit RecursionError at about 990), and the
    same ladder closed into a cycle, reported once."""
    from planner.library import Library, harder_cycles, link_problems

    _, lib = shipped()
    base = dict(lib.cards["push-up"])
    chain = Library()
    n = 3000
    for i in range(n):
        data = {
            **base,
            "id": f"step-{i:04d}",
            "easier": [f"step-{i - 1:04d}"] if i else [],
            "harder": [f"step-{i + 1:04d}"] if i < n - 1 else [],
        }
        chain.cards[data["id"]] = data
        chain.paths[data["id"]] = Path(f"{data['id']}.toml")
    assert harder_cycles(chain) == []
    assert link_problems(chain) == []
    chain.cards["step-2999"] = {**chain.cards["step-2999"], "harder": ["step-0000"]}
    chain.cards["step-0000"] = {**chain.cards["step-0000"], "easier": ["step-2999"]}
    chain._light.clear()
    cycles = harder_cycles(chain)
    assert len(cycles) == 1 and len(cycles[0]) == n
    assert [p.message.split(":")[0] for p in link_problems(chain)] == ["variation cycle"]


def test_a_crafted_index_with_a_valid_checksum_is_rebuilt(cli, good_folder, monkeypatch):
    """The index is only a copy of what the files say: one whose checksum matches but
    whose content planner would never write (a row pointing past the values, a muscle
    that is not a word of the vocabulary, an ESC in a name) is read as no index at all."""
    from planner.cache import _digest, index_path

    assert cli("list", "--library", str(good_folder)).code == 0
    path = index_path(good_folder)
    _, _, text = path.read_text(encoding="utf-8").partition("\n")
    data = json.loads(text)
    (key,) = data["files"]
    crafted = {
        "row past the values": lambda d: d["files"][key][3].__setitem__(4, 10_000),
        "a muscle not in the vocabulary": lambda d: d["values"].__setitem__(d["files"][key][3][4], ["wings"]),
        "a bool for a list": lambda d: d["values"].__setitem__(d["files"][key][3][4], True),
        "an escape in a name": lambda d: d["files"][key][3].__setitem__(1, "Lean\x1b[2J"),
        "problems of the wrong shape": lambda d: d["files"][key].__setitem__(2, "oops"),
        "a short row": lambda d: d["files"][key].__setitem__(3, [1, 2]),
        "a stamp of text": lambda d: d["files"][key].__setitem__(0, ["a", "b"]),
    }
    for name, damage in crafted.items():
        bad = json.loads(text)
        damage(bad)
        body = json.dumps(bad)
        path.write_text(_digest(body) + "\n" + body, encoding="utf-8")
        r = cli("list", "--library", str(good_folder), "--json")
        assert r.code == 0 and not r.has_traceback, (name, r.err)
        assert [c["name"] for c in json.loads(r.out) if c["id"] == "test-wall-lean"] == ["Test Wall Lean"], name
        assert "\x1b" not in r.out
        assert json.loads(path.read_text(encoding="utf-8").partition("\n")[2]) == data, name  # rebuilt


def test_the_index_forgets_a_file_it_could_not_read(good_folder, card_text, monkeypatch):
    """A card unreadable for a moment (chmod 0, then back) must come back: the index may
    not remember "Permission denied", since chmod changes neither size nor mtime."""
    import planner.userfiles
    from planner.library import Source, load_library

    path = good_folder / "test-wall-lean.toml"
    real_open = os.open

    def denied(p, *args, **kwargs):
        if str(p) == str(path):
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(planner.userfiles.os, "open", denied)
    first = load_library([Source(good_folder, "--library")])
    assert "test-wall-lean" not in first.cards and "Permission denied" in str(first.problems[0])
    monkeypatch.setattr(planner.userfiles.os, "open", real_open)
    again = load_library([Source(good_folder, "--library")])
    assert "test-wall-lean" in again.cards and again.problems == []


def test_user_templates_with_a_missing_key_or_wrong_shape_are_one_line(cli, tmp_path):
    lib = tmp_path / "lib"
    (lib / "templates").mkdir(parents=True)
    cases = {
        ("sessions", '[full-a]\ntitle = "Mine"\n'): ("full-a.region", "missing"),
        ("sessions", "full-a = 5\n"): ("full-a", "must be a table"),
        ("sessions", '[full-a]\ntitle = "A\\u001b[2J"\n'): ("full-a.title", "ESC"),
        ("splits", '[3]\nname = "x"\n'): ("3.sessions", "missing"),
        ("splits", '[3]\nname = "x"\nsessions = ["full-a"]\nweekdays = ["mon", "tue"]\n'): ("3.sessions",),
        ("goals", '[general]\ndescription = "x"\n'): ("general.", "missing"),
        ("goals", "general = [1, 2]\n"): ("general",),
    }
    for (kind, text), says in cases.items():
        for old in (lib / "templates").iterdir():
            old.unlink()
        path = lib / "templates" / f"{kind}.toml"
        path.write_text(text, encoding="utf-8")
        for args in (["plan"], ["progressions"]):
            r = cli(*args, "--library", str(lib))
            one_line_error(r, str(path), *says)


# ---------------------------------------------------------------------------- imports


def test_import_card_refuses_control_characters_with_their_line(cli, tmp_path):
    into = tmp_path / "lib"
    for char, name in (("\x1b", "ESC"), ("\x7f", "DEL"), ("\x07", "BEL")):
        text = tmp_path / "card.txt"
        text.write_text(f"Wall Lean\nLean on a wall.\nInstructions\n- Lean{char}in.\n", encoding="utf-8")
        one_line_error(cli("import", "card", str(text), "--into", str(into)), str(text), name, "line 4")
        assert not into.exists()


def test_a_card_file_name_with_a_newline_cannot_inject_keys(cli, tmp_path):
    text = tmp_path / 'x\nsource = "injected"\n.txt'
    text.write_text(
        "Wall Lean\nLean on a wall to train the chest and the triceps.\nInstructions\n- Lean in.\n", encoding="utf-8"
    )
    into = tmp_path / "lib"
    r = cli("import", "card", str(text), "--into", str(into))
    assert r.code == 0, r.err
    written = (into / "wall-lean.toml").read_text(encoding="utf-8")
    import tomllib

    assert "source" not in tomllib.loads(written)
    assert '# Imported by `planner import card` from x^Jsource = "injected"^J.txt.' in written
    assert cli("validate", str(into)).code in (0, 1)


def test_a_card_named_vocab_is_refused(cli, tmp_path):
    into = tmp_path / "lib"
    one_line_error(cli("new", "Vocab", "--into", str(into)), "'vocab'", "reserved")
    text = tmp_path / "vocab.txt"
    text.write_text("Vocab\nLean on a wall to train the chest.\nInstructions\n- Lean in.\n", encoding="utf-8")
    one_line_error(cli("import", "card", str(text), "--into", str(into)), "reserved")
    assert not (into / "vocab.toml").exists()


def test_new_refuses_a_name_with_control_characters(cli, tmp_path):
    one_line_error(cli("new", "Evil\x1b[2J Squat", "--into", str(tmp_path)), "NAME", "ESC")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: os.mkfifo(p), "is a pipe"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"), "not JSON"),
    ],
)
def test_imports_refuse_what_is_not_a_file_unread(cli, tmp_path, make, says):
    source = tmp_path / "input"
    make(source)
    into = tmp_path / "lib"
    for args in (["import", "card", str(source)], ["import", "free-exercise-db", str(source)]):
        if says == "not JSON" and args[1] == "card":
            continue  # brackets are text a card could hold
        one_line_error(cli(*args, "--into", str(into)), str(source), says)
        assert not into.exists()


def test_free_exercise_db_skips_a_record_with_control_characters(cli, tmp_path):
    from conftest import FIXTURES

    records = json.loads((FIXTURES / "free-exercise-db" / "exercises.json").read_text(encoding="utf-8"))
    records[0]["name"] = "Evil\x1b]0;owned\x07 Curl"
    source = tmp_path / "exercises.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    r = cli("import", "free-exercise-db", str(source), "--into", str(tmp_path / "lib"))
    assert r.code == 0 and not r.has_traceback, r.err
    assert "name: control character U+001B (ESC)" in r.err
    assert "\x1b" not in r.err
    assert cli("validate", str(tmp_path / "lib")).code in (0, 1)


def test_a_pipe_where_an_import_would_write_or_read_its_manifest_is_not_read(cli, tmp_path):
    """A pipe named like the manifest, or like the card an import writes: neither is read
    (which would wait for ever); the card is kept out with a reason, nothing hangs."""
    into = tmp_path / "lib"
    into.mkdir()
    os.mkfifo(into / ".planner-import.json")
    os.mkfifo(into / "wall-lean.toml")
    text = tmp_path / "card.txt"
    text.write_text("Wall Lean\nLean on a wall to train the chest.\nInstructions\n- Lean in.\n", encoding="utf-8")
    r = cli("import", "card", str(text), "--into", str(into))
    one_line_error(r, "wall-lean.toml", "is a pipe")


@pytest.mark.parametrize("what", ["export", "names"])
def test_a_log_import_that_is_a_pipe_is_refused_unread(cli, tmp_path, what):
    """`planner log import` reads exports of other apps: a pipe given as the export or as
    its names file is named, not read for ever."""
    from conftest import FIXTURES

    export = tmp_path / "strong.csv"
    names = tmp_path / "names.toml"
    if what == "export":
        os.mkfifo(export)
    else:
        export.write_bytes((FIXTURES / "log" / "strong.csv").read_bytes())
        os.mkfifo(names)
    r = cli("log", "import", str(export), "--names", str(names), "--db", str(tmp_path / "log.sqlite3"))
    one_line_error(r, "is a pipe")
