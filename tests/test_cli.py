"""The command line as a person uses it: real library, real output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner import __version__


def ids_of(result) -> list[str]:
    assert result.code == 0, result.err
    return [row["id"] for row in json.loads(result.out)]


@pytest.fixture
def bad_library(tmp_path: Path, card_text: str) -> Path:
    """The foundation issue's example: one good card and three broken ones."""
    lib = tmp_path / "mixed"
    lib.mkdir()
    (lib / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    (lib / "broken-toml.toml").write_text(
        card_text.replace('name = "Test Wall Lean"', 'name = "Broken'), encoding="utf-8"
    )
    (lib / "unknown-muscle.toml").write_text(card_text.replace('["chest"]', '["pecks"]'), encoding="utf-8")
    (lib / "no-name.toml").write_text(card_text.replace('name = "Test Wall Lean"\n', ""), encoding="utf-8")
    return lib


# ---------------------------------------------------------------------------- basics


def test_no_arguments_prints_help(cli):
    r = cli()
    assert "Usage" in r.out + r.err
    for command in ("list", "show", "muscles", "equipment", "validate"):
        assert command in r.out + r.err


def test_version(cli):
    r = cli("--version")
    assert r.code == 0
    assert r.out.strip() == f"planner {__version__}"


def test_python_dash_m_works():
    r = subprocess.run([sys.executable, "-m", "planner", "--version"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and __version__ in r.stdout


# ---------------------------------------------------------------------------- list


def test_muscle_alias_finds_the_same_exercises_as_the_id(cli):
    by_alias = ids_of(cli("list", "--muscle", "gluteus maximus", "--json"))
    by_id = ids_of(cli("list", "--muscle", "glutes", "--json"))
    assert by_alias == by_id
    assert "lying-alternate-hip-extension" in by_id


def test_list_table_shows_name_id_and_tags(cli):
    r = cli("list", "--muscle", "glutes")
    assert r.code == 0
    header = r.out.splitlines()[0].split()
    assert header == ["Name", "ID", "Primary", "Secondary", "Equipment", "Blocks"]
    row = next(line for line in r.out.splitlines() if "lying-alternate-hip-extension" in line)
    assert "Lying Alternate Hip Extension" in row and "bench" in row


def test_primary_and_bodyweight_leave_out_bench_exercises(cli):
    found = ids_of(cli("list", "--muscle", "glutes", "--primary", "--equipment", "bodyweight", "--json"))
    assert found, "bodyweight glute exercises exist"
    assert "lying-alternate-hip-extension" not in found  # needs a bench
    rows = json.loads(cli("list", "--muscle", "glutes", "--primary", "--equipment", "bodyweight", "--json").out)
    assert all(row["equipment"] == [] and "glutes" in row["primary_muscles"] for row in rows)


def test_secondary_muscles_match_unless_primary(cli):
    anywhere = set(ids_of(cli("list", "--muscle", "hamstrings", "--json")))
    primary = set(ids_of(cli("list", "--muscle", "hamstrings", "--primary", "--json")))
    assert primary < anywhere
    assert "lying-alternate-hip-extension" in anywhere - primary


def test_repeated_muscle_means_any_of(cli):
    calves = set(ids_of(cli("list", "-m", "calves", "--primary", "--json")))
    biceps = set(ids_of(cli("list", "-m", "biceps", "--primary", "--json")))
    both = set(ids_of(cli("list", "-m", "calves", "-m", "biceps", "--primary", "--json")))
    assert both == calves | biceps


def test_group_expands(cli):
    rows = json.loads(cli("list", "--muscle", "core", "--primary", "--json").out)
    assert rows
    assert all({"abs", "obliques", "lower_back"} & set(r["primary_muscles"]) for r in rows)


def test_equipment_profile_home(cli):
    rows = json.loads(cli("list", "--equipment", "home", "--json").out)
    assert rows
    assert all(
        set(r["equipment"])
        <= {"mat", "dumbbell", "bench", "band", "kettlebell", "pull_up_bar", "suspension_trainer", "jump_rope"}
        for r in rows
    )
    assert any("dumbbell" in r["equipment"] for r in rows)


def test_block_pattern_level_and_search_filters(cli):
    rows = json.loads(cli("list", "--block", "warm-up", "--json").out)
    assert rows and all("warmup" in r["blocks"] for r in rows)
    rows = json.loads(cli("list", "--pattern", "hip extension", "--json").out)
    assert rows and all(r["pattern"] == "hip_extension" for r in rows)
    rows = json.loads(cli("list", "--level", "beginner", "--json").out)
    assert rows and all(r["level"] == "beginner" for r in rows)
    rows = json.loads(cli("list", "--search", "Alternate HIP", "--json").out)
    assert "lying-alternate-hip-extension" in [r["id"] for r in rows]
    for r in rows:  # every word must appear in the id, name, aliases or summary
        text = " ".join([r["id"], r["name"], *r["aliases"], r["summary"]]).lower()
        assert "alternate" in text and "hip" in text
    assert json.loads(cli("list", "--search", "no such words anywhere", "--json").out) == []


def test_list_json_keys_are_the_model_fields_but_the_prose(cli):
    """`list --json` prints what the table is made from (the index, no card read again); the
    prose is in `show --json`."""
    from planner.models import Exercise
    from planner.records import PROSE_FIELDS

    rows = json.loads(cli("list", "--json").out)
    assert set(rows[0]) == set(Exercise.model_fields) - set(PROSE_FIELDS)
    shown = json.loads(cli("show", rows[0]["id"], "--json").out)
    assert set(shown) == set(Exercise.model_fields)
    assert {k: shown[k] for k in rows[0]} == rows[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["list", "--muscle", "glutez"], "unknown muscle 'glutez'; did you mean 'glutes'"),
        (["list", "--equipment", "dumbell"], "unknown equipment 'dumbell'; did you mean 'dumbbell'"),
        (["list", "--block", "cooldown"], "--block: unknown block 'cooldown'"),
        (["list", "--level", "expert"], "--level: unknown level"),
        (["list", "--library", "/no/such/folder"], "/no/such/folder: no such folder"),
        (["show", "lying-alternate-hip-extensio"], "did you mean 'lying-alternate-hip-extension'"),
        (["validate", "/no/such/file.toml"], "no such file or folder"),
    ],
)
def test_user_mistakes_give_one_clear_line_and_exit_1(cli, args, says):
    r = cli(*args)
    assert r.code == 1
    assert not r.has_traceback
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert says in lines[0]


def test_usage_errors_exit_2(cli):
    r = cli("list", "--no-such-option")
    assert r.code == 2
    assert not r.has_traceback


# ---------------------------------------------------------------------------- show


def test_show_prints_the_whole_card(cli):
    r = cli("show", "lying-alternate-hip-extension")
    assert r.code == 0, r.err
    out = r.out
    for heading in ("Lying Alternate Hip Extension", "Primary", "glutes", "Instructions", "Tips", "Frequently asked"):
        assert heading in out
    from planner.library import library_sources, load_library

    ex = load_library(library_sources(env={})).get("lying-alternate-hip-extension")
    assert all(step[:40] in " ".join(out.split()) for step in ex.instructions)
    assert all(qa.question[:40] in " ".join(out.split()) for qa in ex.faq)
    assert f"{len(ex.instructions)}. " in out


def test_show_json(cli):
    data = json.loads(cli("show", "lying-alternate-hip-extension", "--json").out)
    assert data["id"] == "lying-alternate-hip-extension"
    assert data["primary_muscles"] == ["glutes"]


# ---------------------------------------------------------------------------- vocabularies


def test_muscles_lists_aliases_groups_and_counts(cli):
    r = cli("muscles")
    assert r.code == 0
    assert "gluteus maximus" in r.out and "core" in r.out
    data = json.loads(cli("muscles", "--json").out)
    glutes = next(m for m in data["muscles"] if m["id"] == "glutes")
    assert glutes["primary_count"] > 0 and glutes["count"] >= glutes["primary_count"]
    assert "legs" in glutes["groups"]
    assert {"id": "core", "muscles": ["abs", "obliques", "lower_back"]}.items() <= next(
        g for g in data["groups"] if g["id"] == "core"
    ).items()


def test_equipment_lists_profiles_and_counts(cli):
    data = json.loads(cli("equipment", "--json").out)
    bench = next(e for e in data["equipment"] if e["id"] == "bench")
    assert bench["count"] > 0 and "home" in bench["profiles"]
    profiles = {p["id"]: p for p in data["profiles"]}
    assert (
        profiles["bodyweight"]["available_exercises"]
        < profiles["home"]["available_exercises"]
        < profiles["gym"]["available_exercises"]
    )
    assert "Profiles" in cli("equipment").out


# ---------------------------------------------------------------------------- bad files


def test_list_keeps_working_and_names_each_bad_file(cli, bad_library):
    r = cli("list", "--library", str(bad_library), "--json")
    assert r.code == 0
    assert not r.has_traceback
    ids = [row["id"] for row in json.loads(r.out)]
    assert "test-wall-lean" in ids and "lying-alternate-hip-extension" in ids
    for name in ("broken-toml.toml", "unknown-muscle.toml", "no-name.toml"):
        assert sum(name in line for line in r.err.splitlines()) == 1, r.err
    assert f"{bad_library / 'broken-toml.toml'}:1: TOML syntax" in r.err
    assert f"{bad_library / 'no-name.toml'}: name: missing" in r.err


def test_library_option_also_works_before_the_command(cli, bad_library):
    after = cli("list", "--library", str(bad_library), "--json")
    before = cli("--library", str(bad_library), "list", "--json")
    assert json.loads(after.out) == json.loads(before.out)
    assert "test-wall-lean" in ids_of(before)


def test_planner_library_environment_variable(cli, bad_library, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY", str(bad_library))
    assert "test-wall-lean" in ids_of(cli("list", "--json"))


def test_show_works_despite_bad_files(cli, bad_library):
    r = cli("show", "test-wall-lean", "--library", str(bad_library))
    assert r.code == 0 and "Test Wall Lean" in r.out


def test_validate_names_all_three_problems_and_exits_1(cli, bad_library):
    r = cli("validate", str(bad_library))
    assert r.code == 1
    assert not r.has_traceback
    assert "broken-toml.toml:1: TOML syntax" in r.out
    assert "unknown-muscle.toml: primary_muscles: unknown muscle 'pecks'" in r.out
    assert "no-name.toml: name: missing" in r.out
    assert "3 problems in 3 files" in r.err


def test_validate_reports_duplicates_and_broken_links(cli, tmp_path, card_text):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "test-wall-lean.toml").write_text(
        card_text.replace("harder = []", 'harder = ["no-such-card"]'), encoding="utf-8"
    )
    (b / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    r = cli("validate", str(a), str(b))
    assert r.code == 1
    assert "duplicate id 'test-wall-lean'" in r.out
    assert "harder: no exercise 'no-such-card'" in r.out


def test_validate_passes_on_the_shipped_library(cli):
    r = cli("validate")
    assert r.code == 0, r.out
    assert "all good" in r.err


def test_validate_good_file(cli, tmp_path, card_text):
    path = tmp_path / "test-wall-lean.toml"
    path.write_text(card_text, encoding="utf-8")
    r = cli("validate", str(path))
    assert r.code == 0 and "1 card checked: all good" in r.err


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--help"], ("rich", "icalendar", "planner.importers", "planner.models", "planner.coach")),
        (
            ["list", "--muscle", "glutes"],
            ("rich", "icalendar", "pydantic", "planner.importers", "planner.coach", "planner.export"),
        ),
        # the JSON is made from the index like the table: no card file is read again
        (
            ["list", "--json"],
            ("rich", "icalendar", "pydantic", "planner.models", "planner.importers", "planner.compose"),
        ),
        # pydantic checks files as they are read; with the library's index warm, planning
        # never needs it (its import alone costs more than composing the plan)
        (["plan", "--days", "6", "--weeks", "8"], ("rich", "icalendar", "pydantic", "planner.models")),
        # cache keys, seeds and ids use Python's own SHA-256 and BLAKE2 (planner.digest): hashlib would load OpenSSL
        (["plan"], ("hashlib", "_hashlib")),
        (["list"], ("hashlib", "_hashlib")),
    ],
)
def test_commands_load_only_what_they_need(args, absent):
    """Lazy imports keep the common commands fast: rich, icalendar, pydantic, the importers
    and the planner core load only in the commands that use them (the cache is warm: the
    command runs once first)."""
    code = (
        "import sys, contextlib, io\n"
        f"sys.argv = ['planner', *{args!r}]\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "planner.cli" in loaded
    assert not {
        m for m in loaded if m.split(".")[0] in absent or m in absent or any(m.startswith(a + ".") for a in absent)
    }


def test_planner_digests_are_hashlibs():
    """planner.digest gives the same digests as hashlib, so ids, seeds and caches are unchanged."""
    import hashlib

    from planner import digest

    data = "Plan \u00e9 1".encode()
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.blake2b(data, digest_size=16).hexdigest() == hashlib.blake2b(data, digest_size=16).hexdigest()
