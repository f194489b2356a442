"""Bring your own exercises: `planner import card`, `planner import free-exercise-db`,
`planner new`, and the TODO check in `planner validate`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from planner.importers import infer
from planner.importers.card import parse_card
from planner.library import user_library_dir
from planner.models import Exercise, exercise_json_schema

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "cards" / "lying-alternate-hip-extension.txt"
FEDB = FIXTURES / "free-exercise-db" / "exercises.json"
REAL_FEDB = Path(
    os.environ.get("FREE_EXERCISE_DB")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "free-exercise-db" / "exercises.json"
)
FEDB_RECORDS = json.loads(FEDB.read_text(encoding="utf-8"))


def card(folder: Path, exercise_id: str) -> dict:
    return tomllib.loads((folder / f"{exercise_id}.toml").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in a folder with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def one_error_line(result) -> str:
    assert result.code == 1, result.out + result.err
    assert not result.has_traceback
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.err
    return lines[0]


# ---------------------------------------------------------------------------- import card: the seed


@pytest.fixture
def seed_import(cli, tmp_path: Path):
    lib = tmp_path / "lib"
    result = cli("import", "card", str(SEED), "--into", str(lib))
    assert result.code == 0, result.err
    return lib, result


def test_seed_card_imports_with_the_tags_the_issue_names(seed_import):
    lib, _ = seed_import
    data = card(lib, "lying-alternate-hip-extension")
    assert data["name"] == "Lying Alternate Hip Extension"
    assert data["primary_muscles"] == ["glutes"]
    assert "hamstrings" in data["secondary_muscles"] and len(data["secondary_muscles"]) > 1
    assert data["equipment"] == ["bench"]
    assert data["laterality"] == "alternating"
    assert (len(data["instructions"]), len(data["tips"]), len(data["faq"])) == (8, 8, 8)
    assert data["faq"][0]["question"] == "What muscle does Lying Alternate Hip Extension target most?"
    assert data["faq"][0]["answer"].startswith("The glutes are the primary target")
    assert data["instructions"][0].startswith("Lie face down on a flat bench")
    assert len(data["description"].strip().split("\n\n")) == 5  # one paragraph per line of the text


def test_seed_card_guesses_the_rest_of_the_tags(seed_import):
    data = card(seed_import[0], "lying-alternate-hip-extension")
    assert data["pattern"] == "hip_extension"
    assert data["mechanic"] == "isolation"
    assert data["position"] == "prone"
    assert data["level"] == "beginner"
    assert data["blocks"] == ["warmup", "activation", "accessory", "finisher"]
    assert data["peak_contraction"] is True  # "Pause briefly at the top"
    assert data["loads_spine"] is False  # "without loading the spine"
    assert data["limits"]["pause_max_s"] == 3
    assert len(data["summary"]) <= 120
    # the coaching fields, guessed from the pattern, measure and blocks
    assert (data["plyometric"], data["uses_rir"], data["rep_floor"]) == (False, True, 10)
    assert data["hard_set_muscles"] == [*data["primary_muscles"], *data["secondary_muscles"]]
    assert data["finisher_formats"] == ["circuit", "emom"]  # isolation: no AMRAP, no Tabata
    assert data["stresses"] == []
    assert {"plyometric", "uses_rir", "rep_floor", "hard_set_muscles", "finisher_formats", "stresses"} <= set(
        data["inferred"]
    )


def test_seed_card_marks_what_was_guessed(seed_import):
    lib, result = seed_import
    path = lib / "lying-alternate-hip-extension.toml"
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert {"primary_muscles", "secondary_muscles", "equipment", "laterality", "blocks"} <= set(data["inferred"])
    comment = text.split("\nname = ")[0]
    assert all(line.startswith("#") for line in comment.strip().splitlines())
    assert "primary_muscles = glutes" in comment
    assert "inferred" in result.err and "primary_muscles = glutes" in result.err
    assert "flat bench" in result.err  # the words that decided the equipment
    assert result.out.strip() == str(path)


def test_seed_card_validates_and_lists_under_glutes(cli, seed_import):
    lib, _ = seed_import
    assert cli("validate", str(lib)).code == 0
    everything = cli("validate", "--library", str(lib))  # the whole library, links included
    assert everything.code == 0, everything.out + everything.err
    listed = cli("list", "--muscle", "glutes", "--library", str(lib), "--json")
    assert listed.code == 0, listed.err
    mine = [row for row in json.loads(listed.out) if row["id"] == "lying-alternate-hip-extension"]
    assert mine and mine[0]["secondary_muscles"] == card(lib, "lying-alternate-hip-extension")["secondary_muscles"]


def test_replacing_a_builtin_card_keeps_its_ladder(seed_import, builtin_dir):
    lib, result = seed_import
    builtin = tomllib.loads((builtin_dir / "exercises" / "lying-alternate-hip-extension.toml").read_text("utf-8"))
    data = card(lib, "lying-alternate-hip-extension")
    assert (data["easier"], data["harder"]) == (builtin["easier"], builtin["harder"])
    assert {"easier", "harder"} <= set(data["inferred"])
    assert "replaces" in result.err


def test_options_are_used_as_given_and_not_marked(cli, tmp_path: Path):
    lib = tmp_path / "lib"
    r = cli("import", "card", str(SEED), "--into", str(lib), "--primary", "gluteus maximus", "--primary", "hamstrings",
            "--equipment", "bodyweight", "--blocks", "finisher", "--secondary", "abs")  # fmt: skip
    assert r.code == 0, r.err
    data = card(lib, "lying-alternate-hip-extension")
    assert data["primary_muscles"] == ["glutes", "hamstrings"]
    assert data["secondary_muscles"] == ["abs"]
    assert data["equipment"] == []
    assert data["blocks"] == ["finisher"]
    assert not {"primary_muscles", "secondary_muscles", "equipment", "blocks"} & set(data["inferred"])


def test_unknown_option_word_is_one_line(cli, tmp_path: Path):
    line = one_error_line(cli("import", "card", str(SEED), "--into", str(tmp_path / "lib"), "--primary", "glutez"))
    assert "--primary" in line and "'glutes'" in line
    assert not (tmp_path / "lib").exists()


# ---------------------------------------------------------------------------- import card: robustness

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _renumber(text: str) -> str:
    out, n = [], 0
    for line in text.splitlines():
        if line.startswith("- "):
            n += 1
            line = f"{n}. {line[2:]}"
        elif not line.startswith("- "):
            n = 0 if line in ("Instructions", "Tips & Tricks") else n
        out.append(line)
    return "\n".join(out)


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "blank lines": lambda t: t.replace("\n", "\n\n\n"),
    "heading words": lambda t: (
        t.replace("Tips & Tricks", "Tips and Tricks")
        .replace("Frequently Asked Questions", "FAQ")
        .replace("Instructions", "Steps")
    ),
    "markdown": lambda t: (
        "# "
        + t.replace("\nInstructions\n", "\n## Instructions:\n").replace("\nTips & Tricks\n", "\n**Tips & Tricks**\n")
    ),
    "bullets •": lambda t: t.replace("\n- ", "\n• "),
    "bullets *": lambda t: t.replace("\n- ", "\n* "),
    "numbered": _renumber,
    "bom and trailing spaces": lambda t: "\ufeff" + t.replace("\n", "  \n"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_layout_variants_read_the_same(variant: str):
    plain = parse_card(SEED_TEXT)
    other = parse_card(VARIANTS[variant](SEED_TEXT))
    assert other.name == plain.name
    assert other.instructions == plain.instructions
    assert other.tips == plain.tips
    assert other.faq == plain.faq
    assert " ".join(other.description) == " ".join(plain.description)
    assert not other.warnings


def test_fixture_cards_with_other_layouts(cli, tmp_path: Path):
    lib = tmp_path / "lib"
    r = cli("import", "card", str(FIXTURES / "cards" / "messy-card.txt"), str(FIXTURES / "cards" / "crlf-card.txt"),
            "--into", str(lib))  # fmt: skip
    assert r.code == 0, r.err
    walk = card(lib, "banded-lateral-walk")
    assert walk["primary_muscles"] == ["glute_med"] and walk["secondary_muscles"] == ["quads"]
    assert walk["equipment"] == ["band"] and walk["pattern"] == "hip_abduction"
    assert walk["instructions"][1].endswith("without letting the band go slack.")  # a wrapped item
    assert [qa["question"] for qa in walk["faq"]] == ["How low should I squat?", "Is this a warm-up drill?"]
    hang = card(lib, "dead-hang-hold")
    assert hang["equipment"] == ["pull_up_bar"] and hang["position"] == "hanging"
    assert hang["measure"] == "seconds" and hang["defaults"] == {"seconds": 30}
    assert hang["tips"] == ["Breathe slowly.", "Chalk helps the grip."]
    assert "no Tips & Tricks section" in r.err and "no Frequently Asked Questions section" in r.err
    assert cli("validate", str(lib)).code == 0


def test_missing_instructions_leave_a_placeholder_validate_points_at(cli, tmp_path: Path):
    src = tmp_path / "short.txt"
    src.write_text("Wall Sit\nA hold against a wall that mainly targets the quads.\n", encoding="utf-8")
    lib = tmp_path / "lib"
    r = cli("import", "card", str(src), "--into", str(lib))
    assert r.code == 0, r.err
    assert "no Instructions section" in r.err
    data = card(lib, "wall-sit")
    assert data["instructions"][0].startswith("TODO")
    assert data["measure"] == "seconds"
    v = cli("validate", str(lib))
    assert v.code == 1
    assert "wall-sit.toml: instructions.0: still a placeholder" in v.out


@pytest.mark.parametrize(
    "text",
    ["", "\n\n  \n", "Instructions\n- Lie down.\n", "- Lie face down on a bench.\n", "1234 !!\n", "A" * 150 + "\n"],
    ids=["empty", "blank", "heading first", "bullet first", "no letters", "a sentence"],
)
def test_no_recognisable_name_is_one_line_and_writes_nothing(cli, tmp_path: Path, text: str):
    src = tmp_path / "card.txt"
    src.write_text(text, encoding="utf-8")
    line = one_error_line(cli("import", "card", str(src), "--into", str(tmp_path / "lib")))
    assert str(src) in line
    assert not (tmp_path / "lib").exists()


def test_a_bad_card_among_good_ones_writes_nothing(cli, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Tips\n- nothing\n", encoding="utf-8")
    lib = tmp_path / "lib"
    one_error_line(cli("import", "card", str(SEED), str(bad), "--into", str(lib)))
    assert not lib.exists() or not list(lib.iterdir())


def test_text_naming_no_muscle_asks_for_primary(cli, tmp_path: Path):
    src = tmp_path / "card.txt"
    src.write_text("Mystery Move\nDo the mystery move.\nInstructions\n- Move.\n", encoding="utf-8")
    line = one_error_line(cli("import", "card", str(src), "--into", str(tmp_path / "lib")))
    assert "--primary" in line
    assert cli("import", "card", str(src), "--into", str(tmp_path / "lib"), "--primary", "abs").code == 0


def test_not_utf8_and_missing_files_are_one_line(cli, tmp_path: Path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Crème Squat\n".encode("latin-1"))
    assert "UTF-8" in one_error_line(cli("import", "card", str(latin), "--into", str(tmp_path / "lib")))
    assert "no such file" in one_error_line(cli("import", "card", str(tmp_path / "nope.txt")))


def test_card_import_into_an_unwritable_place_is_one_line(cli, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    line = one_error_line(cli("import", "card", str(SEED), "--into", str(blocker / "lib")))
    assert "cannot write there" in line


def test_a_folder_without_write_permission_is_one_line(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # root may write anywhere, so the permission answer is faked; the real one is checked below
    import planner.importers.writer as writer

    fake_os = SimpleNamespace(access=lambda path, mode: False, W_OK=os.W_OK, X_OK=os.X_OK)
    monkeypatch.setattr(writer, "os", fake_os)
    lib = tmp_path / "lib"
    lib.mkdir()
    for args in (["card", str(SEED)], ["free-exercise-db", str(FEDB)]):
        line = one_error_line(cli("import", *args, "--into", str(lib)))
        assert "cannot write there" in line and "not writable" in line
    assert "not writable" in one_error_line(cli("new", "Thing", "--into", str(lib)))
    assert list(lib.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_read_only_folder_is_one_line(cli, tmp_path: Path):
    lib = tmp_path / "lib"
    lib.mkdir()
    lib.chmod(0o555)
    try:
        assert "cannot write there" in one_error_line(cli("import", "card", str(SEED), "--into", str(lib)))
        assert "cannot write there" in one_error_line(cli("import", "free-exercise-db", str(FEDB), "--into", str(lib)))
    finally:
        lib.chmod(0o755)


# ---------------------------------------------------------------------------- import card: re-imports


def test_card_reimport_changes_nothing(cli, seed_import):
    lib, _ = seed_import
    before = snapshot(lib)
    r = cli("import", "card", str(SEED), "--into", str(lib))
    assert r.code == 0 and "unchanged" in r.err
    assert snapshot(lib) == before


def test_edited_card_is_kept_unless_force(cli, seed_import):
    lib, _ = seed_import
    path = lib / "lying-alternate-hip-extension.toml"
    edited = path.read_text(encoding="utf-8").replace('level = "beginner"', 'level = "intermediate"')
    path.write_text(edited, encoding="utf-8")
    line = one_error_line(cli("import", "card", str(SEED), "--into", str(lib)))
    assert "--force" in line
    assert path.read_text(encoding="utf-8") == edited
    assert cli("import", "card", str(SEED), "--into", str(lib), "--force").code == 0
    assert card(lib, "lying-alternate-hip-extension")["level"] == "beginner"


def test_changed_text_updates_an_unedited_card(cli, tmp_path: Path, seed_import):
    lib, _ = seed_import
    changed = tmp_path / "seed.txt"
    changed.write_text(SEED_TEXT.replace("Tips & Tricks\n", "Tips & Tricks\n- A new first tip.\n"), encoding="utf-8")
    r = cli("import", "card", str(changed), "--into", str(lib))
    assert r.code == 0, r.err
    assert card(lib, "lying-alternate-hip-extension")["tips"][0] == "A new first tip."


def test_default_target_is_the_user_library(cli):
    r = cli("import", "card", str(SEED))
    assert r.code == 0, r.err
    assert (user_library_dir() / "lying-alternate-hip-extension.toml").is_file()
    assert cli("validate").code == 0  # the whole layered library, ladders intact


# ---------------------------------------------------------------------------- the matcher


def guess_muscles(description: str) -> tuple[list[str], list[str]]:
    primary, secondary = infer.infer_muscles(infer.Text("Some Drill", description=description), infer.rules())
    return primary.value, secondary.value


def test_muscle_cues():
    assert guess_muscles("The gluteus maximus does the primary work, while the hamstrings help finish the lift.") == (
        ["glutes"],
        ["hamstrings"],
    )
    assert guess_muscles("It targets the lats; the biceps assist and the core stabilises.") == (
        ["lats"],
        ["biceps", "abs"],
    )
    # a negated clause decides nothing; with no cue, the muscle named most often is primary
    assert guess_muscles("The quads drive it. Quads burn. The lower back should not do the main work.") == (
        ["quads"],
        [],
    )


@pytest.mark.parametrize(
    ("words", "laterality"),
    [
        ("Lift one leg at a time.", "alternating"),
        ("Keep alternating sides.", "alternating"),
        ("Stand on a single leg.", "unilateral"),
        ("Press both dumbbells up.", "bilateral"),
    ],
)
def test_laterality_phrases(words: str, laterality: str):
    assert infer.infer_laterality(infer.Text("Drill", instructions=[words]), infer.rules()).value == laterality


def test_equipment_words_and_bodyweight():
    r = infer.rules()
    assert infer.infer_equipment(infer.Text("Drill", description="Lie on a flat bench."), r).value == ["bench"]
    assert infer.infer_equipment(infer.Text("Drill", description="A bodyweight drill."), r).value == []
    # "without" negates what follows it; ambiguous words such as "step" are not equipment
    text = infer.Text("Drill", instructions=["Take a step forward without a barbell."])
    assert infer.infer_equipment(text, r).value == []


@pytest.mark.parametrize(
    ("name", "pattern", "mechanic", "measure", "blocks", "expected"),
    [
        ("Tuck Jump", "jump", "compound", "reps", ["finisher"],
         {"plyometric": True, "uses_rir": False, "hard_set_muscles": [], "finisher_formats": ["circuit", "emom"]}),
        ("Medicine Ball Slam", "trunk_flexion", "compound", "reps", ["finisher"], {"plyometric": True, "uses_rir": False}),
        ("Burpee", "jump", "compound", "reps", ["finisher"], {"finisher_formats": ["tabata", "circuit", "emom"]}),
        ("Ring Dip", "vertical_push", "compound", "reps", ["accessory"], {"stresses": ["shoulder", "elbow"], "rep_floor": None}),
        ("Band Face Pull", "horizontal_pull", "compound", "reps", ["activation", "accessory"], {"rep_floor": 5}),
        ("Wall Slide", "scapular", "isolation", "reps", ["warmup", "activation"], {"hard_set_muscles": [], "uses_rir": False}),
        ("Side Plank", "anti_lateral_flexion", "isolation", "seconds", ["accessory", "finisher"],
         {"uses_rir": False, "finisher_formats": ["circuit", "emom"]}),
        ("Goblet Squat", "squat", "compound", "reps", ["main", "accessory", "finisher"],
         {"finisher_formats": ["circuit", "emom", "amrap"], "stresses": ["knee"]}),
    ],
)  # fmt: skip
def test_coaching_fields_are_guessed_from_the_tags(name, pattern, mechanic, measure, blocks, expected):
    tags = infer.Tags(name, pattern, mechanic, measure, blocks, ["band"], ["chest"], ["triceps"], loads_spine=False)
    got = {k: g.value for k, g in infer.infer_coaching(tags, infer.rules()).items()}
    assert {k: got[k] for k in expected} == expected


def test_peak_contraction_and_level_phrases():
    r = infer.rules()
    assert infer.infer_peak(infer.Text("Row", tips=["Pause at the top for a second."]), "reps", r).value is True
    assert infer.infer_peak(infer.Text("Squat", tips=["Do not pause at the top."]), "reps", r).value is False
    assert infer.infer_level(infer.Text("Drill", faq=["Not for beginners. Advanced lifters love it."]), r).value == (
        "advanced"
    )


# ---------------------------------------------------------------------------- free-exercise-db


@pytest.fixture
def fedb_import(cli, tmp_path: Path):
    lib = tmp_path / "fedb"
    result = cli("import", "free-exercise-db", str(FEDB), "--into", str(lib))
    assert result.code == 0, result.err
    return lib, result


def test_fedb_maps_muscles(fedb_import):
    lib, _ = fedb_import
    assert card(lib, "fixture-dumbbell-lateral-raise")["primary_muscles"] == ["side_delts"]
    assert card(lib, "fixture-reverse-flyes")["primary_muscles"] == ["rear_delts"]
    assert card(lib, "fixture-reverse-flyes")["secondary_muscles"] == ["upper_back"]  # middle back
    assert card(lib, "fixture-barbell-overhead-press")["primary_muscles"] == ["front_delts"]
    assert card(lib, "fixture-barbell-overhead-press")["secondary_muscles"] == ["triceps", "abs"]  # abdominals
    assert card(lib, "fixture-band-hip-abduction")["primary_muscles"] == ["glute_med"]  # abductors
    assert card(lib, "fixture-kettlebell-swing")["secondary_muscles"][:2] == ["glutes", "lower_back"]
    assert card(lib, "fixture-quadriceps-smr")["primary_muscles"] == ["quads"]
    assert "primary_muscles" in card(lib, "fixture-dumbbell-lateral-raise")["inferred"]  # delts were guessed


@pytest.mark.parametrize(
    ("exercise_id", "equipment"),
    [
        ("fixture-band-hip-abduction", ["band"]),
        ("fixture-kettlebell-swing", ["kettlebell"]),
        ("fixture-ez-bar-curl", ["ez_bar"]),
        ("fixture-quadriceps-smr", ["foam_roller"]),
        ("fixture-exercise-ball-crunch", ["stability_ball"]),
        ("fixture-plank-hold", []),  # body only
        ("fixture-kneeling-hip-flexor-stretch", []),  # null
        ("fixture-pull-up", ["pull_up_bar"]),  # "other", named by the name
        ("fixture-box-jump", ["box"]),
        ("fixture-suspended-row", ["suspension_trainer"]),
        ("fixture-ring-dips", ["rings"]),
        ("fixture-landmine-press", ["barbell", "landmine"]),
        ("fixture-sandbag-carry", ["sandbag"]),
        ("fixture-medicine-ball-slam", ["medicine_ball"]),
        ("fixture-sled-drag", ["sled"]),  # "other", named by the instructions
        ("fixture-belt-hamstring-stretch", []),  # "other": a belt is no equipment
        ("fixture-mystery-drill", ["other"]),  # "other" and nothing named: for review
        ("fixture-atlas-stone-lift", ["other"]),  # something planner has no word for
    ],
)
def test_fedb_maps_equipment(fedb_import, exercise_id: str, equipment: list[str]):
    assert card(fedb_import[0], exercise_id)["equipment"] == equipment


def test_fedb_maps_level_category_and_the_rest(fedb_import):
    lib, _ = fedb_import
    snatch = card(lib, "fixture-power-snatch")
    assert snatch["level"] == "advanced"  # expert
    assert snatch["blocks"] == ["main"] and snatch["loads_spine"] is True
    assert snatch["limits"]["eccentric_max_s"] == 0
    assert card(lib, "fixture-sumo-deadlift")["blocks"] == ["main"]  # powerlifting
    assert card(lib, "fixture-kneeling-hip-flexor-stretch")["blocks"] == ["warmup"]  # stretching
    assert card(lib, "fixture-kneeling-hip-flexor-stretch")["position"] == "kneeling"
    assert card(lib, "fixture-box-jump")["blocks"] == ["finisher"]  # plyometrics
    assert (
        card(lib, "fixture-jogging")["blocks"] == ["finisher"] and card(lib, "fixture-jogging")["measure"] == "seconds"
    )
    carry = card(lib, "fixture-dumbbell-farmers-carry")
    assert (carry["blocks"], carry["measure"], carry["pattern"]) == (["finisher"], "meters", "carry")  # strongman
    assert card(lib, "fixture-barbell-overhead-press")["blocks"] == ["main", "accessory"]  # compound strength
    assert card(lib, "fixture-ez-bar-curl")["blocks"] == ["accessory"]  # isolation strength
    assert card(lib, "fixture-quadriceps-smr")["mechanic"] == "isolation"  # null mechanic: by pattern
    assert card(lib, "fixture-single-leg-press")["laterality"] == "unilateral"
    assert card(lib, "fixture-plank-hold")["measure"] == "seconds"
    assert card(lib, "fixture-dumbbell-lateral-raise")["peak_contraction"] is True


def test_fedb_keeps_attribution_and_instructions(fedb_import):
    data = card(fedb_import[0], "fixture-ez-bar-curl")
    record = next(r for r in FEDB_RECORDS if isinstance(r, dict) and r["id"] == "Fixture_EZ_Bar_Curl")
    assert data["instructions"] == record["instructions"]
    assert "free-exercise-db" in data["source"] and "Fixture_EZ_Bar_Curl" in data["source"]
    assert "Unlicense" in data["license"]
    assert "biceps" in data["description"].lower() and "forearms" in data["description"].lower()
    assert len(data["summary"]) <= 120


def test_fedb_ids_never_shadow_builtin_cards_or_each_other(fedb_import, builtin_dir):
    lib, _ = fedb_import
    assert (builtin_dir / "exercises" / "glute-bridge.toml").is_file()
    assert not (lib / "glute-bridge.toml").exists()
    assert card(lib, "glute-bridge-2")["name"] == "Glute Bridge"
    assert card(lib, "fixture-single-leg-press")["level"] == "beginner"
    assert card(lib, "fixture-single-leg-press-2")["level"] == "intermediate"


def report_section(err: str, heading: str) -> list[str]:
    """The indented lines under one heading of the import report ("skipped", "to review")."""
    lines = err.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return []
    section = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        section.append(line.strip())
    return section


def test_fedb_accounts_for_every_record(fedb_import):
    lib, result = fedb_import
    cards = [p for p in lib.glob("*.toml")]
    skipped = report_section(result.err, "skipped ")
    assert len(cards) + len(skipped) == len(FEDB_RECORDS)
    assert f"{len(FEDB_RECORDS)} exercises" in result.err
    assert f"imported {len(cards)} " in result.err and f"skipped {len(skipped)}:" in result.err
    assert skipped == [
        "Fixture No Steps: no instructions in the data set",
        "Fixture Odd Muscle: unknown muscle 'pinky toe'",
        "record 25: not an exercise record (needs name, primaryMuscles, secondaryMuscles, instructions, category)",
    ]


def test_fedb_imports_what_planner_has_no_word_for_marked_for_review(cli, fedb_import):
    lib, result = fedb_import
    assert report_section(result.err, "to review ") == [
        "Fixture Mystery Drill: fixture-mystery-drill.toml: needs equipment the data set does not name",
        "Fixture Atlas Stone Lift: fixture-atlas-stone-lift.toml: needs atlas stones",
    ]
    text = (lib / "fixture-atlas-stone-lift.toml").read_text(encoding="utf-8")
    assert "# It needs atlas stones, which planner has no equipment word for" in text
    assert "equipment" in card(lib, "fixture-atlas-stone-lift")["inferred"]
    # `other` is in no profile, not even gym's "all": the card waits until it is named
    gym = json.loads(cli("list", "--library", str(lib), "--equipment", "gym", "--json").out)
    assert "fixture-atlas-stone-lift" not in {row["id"] for row in gym}
    named = json.loads(cli("list", "--library", str(lib), "--equipment", "gym", "--equipment", "other", "--json").out)
    assert "fixture-atlas-stone-lift" in {row["id"] for row in named}


def test_fedb_guesses_the_coaching_fields(fedb_import):
    lib, _ = fedb_import
    jump = card(lib, "fixture-box-jump")  # plyometrics
    assert (jump["plyometric"], jump["uses_rir"], jump["hard_set_muscles"]) == (True, False, [])
    assert jump["finisher_formats"] == ["circuit", "emom"] and "knee" in jump["stresses"]
    slam = card(lib, "fixture-medicine-ball-slam")
    assert slam["plyometric"] is True and "tabata" not in slam["finisher_formats"]
    stretch = card(lib, "fixture-belt-hamstring-stretch")  # stretching: never a hard set
    assert (stretch["hard_set_muscles"], stretch["uses_rir"]) == ([], False)
    raise_ = card(lib, "fixture-dumbbell-lateral-raise")
    assert (raise_["rep_floor"], raise_["uses_rir"], raise_["hard_set_muscles"]) == (12, True, ["side_delts"])
    assert card(lib, "fixture-seated-cable-row")["rep_floor"] == 5  # a cable row: never triples
    assert "rep_floor" not in card(lib, "fixture-sumo-deadlift")  # a barbell compound: no floor
    press = card(lib, "fixture-barbell-overhead-press")
    assert press["stresses"] == ["lower_back", "shoulder"] and press["finisher_formats"] == []
    assert card(lib, "fixture-dumbbell-farmers-carry")["finisher_formats"] == ["carry"]
    assert card(lib, "fixture-jogging")["finisher_formats"] == ["tabata", "circuit", "emom"]  # cardio
    assert {"plyometric", "uses_rir", "hard_set_muscles", "finisher_formats", "stresses"} <= set(jump["inferred"])
    assert "rep_floor" in raise_["inferred"]


def test_fedb_result_validates_lists_and_plans(cli, fedb_import):
    lib, _ = fedb_import
    v = cli("validate", str(lib))
    assert v.code == 0, v.out
    listed = cli("list", "--library", str(lib), "--muscle", "glutes", "--json")
    assert "glute-bridge-2" in {row["id"] for row in json.loads(listed.out)}
    plan = cli("plan", "--library", str(lib), "--equipment", "gym")
    assert plan.code == 0 and not plan.has_traceback, plan.err


def test_fedb_second_run_changes_nothing(cli, fedb_import):
    lib, _ = fedb_import
    before = snapshot(lib)
    assert ".planner-import.json" in before
    r = cli("import", "free-exercise-db", str(FEDB), "--into", str(lib))
    assert r.code == 0 and "(0 new, 0 updated, 29 unchanged)" in r.err
    assert snapshot(lib) == before


def test_fedb_keeps_edited_cards_unless_force(cli, fedb_import):
    lib, _ = fedb_import
    path = lib / "fixture-ez-bar-curl.toml"
    edited = path.read_text(encoding="utf-8").replace('level = "beginner"', 'level = "intermediate"')
    path.write_text(edited, encoding="utf-8")
    r = cli("import", "free-exercise-db", str(FEDB), "--into", str(lib))
    assert r.code == 0
    assert "fixture-ez-bar-curl.toml: edited since it was imported" in r.err
    assert path.read_text(encoding="utf-8") == edited
    forced = cli("import", "free-exercise-db", str(FEDB), "--into", str(lib), "--force")
    assert forced.code == 0 and "1 updated" in forced.err
    assert card(lib, "fixture-ez-bar-curl")["level"] == "beginner"


def test_fedb_never_overwrites_a_card_no_import_wrote(cli, tmp_path: Path, card_text: str):
    lib = tmp_path / "fedb"
    lib.mkdir()
    mine = lib / "fixture-ez-bar-curl.toml"
    mine.write_text(card_text, encoding="utf-8")
    r = cli("import", "free-exercise-db", str(FEDB), "--into", str(lib))
    assert r.code == 0 and "no import wrote" in r.err
    assert mine.read_text(encoding="utf-8") == card_text


def test_fedb_single_exercise_file(cli, tmp_path: Path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(FEDB_RECORDS[0]), encoding="utf-8")
    r = cli("import", "free-exercise-db", str(one), "--into", str(tmp_path / "lib"))
    assert r.code == 0, r.err
    assert (tmp_path / "lib" / "fixture-dumbbell-lateral-raise.toml").is_file()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"exercises": 3}', "not free-exercise-db"),
        ("[]", "not free-exercise-db"),
        ("[1, 2, 3]", "not free-exercise-db"),
        ('[{"name": "Squat"}]', "not free-exercise-db"),
        ("name,level\nsquat,beginner\n", "not JSON"),
    ],
)
def test_not_fedb_is_one_line_and_writes_nothing(cli, tmp_path: Path, content: str, words: str):
    src = tmp_path / "data.json"
    src.write_text(content, encoding="utf-8")
    line = one_error_line(cli("import", "free-exercise-db", str(src), "--into", str(tmp_path / "lib")))
    assert words in line
    assert not (tmp_path / "lib").exists()


def test_fedb_into_an_unwritable_place_is_one_line(cli, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    line = one_error_line(cli("import", "free-exercise-db", str(FEDB), "--into", str(blocker / "lib")))
    assert "cannot write there" in line and "is a file" in line


@pytest.mark.skipif(not REAL_FEDB.is_file(), reason="the real data set is not next to the checkout (FREE_EXERCISE_DB)")
def test_real_dataset_every_record_with_instructions_is_imported(cli, tmp_path: Path):
    lib = tmp_path / "fedb"
    r = cli("import", "free-exercise-db", str(REAL_FEDB), "--into", str(lib))
    assert r.code == 0, r.err
    assert "873 exercises" in r.err
    assert len(list(lib.glob("*.toml"))) == 868
    skipped = report_section(r.err, "skipped ")
    assert len(skipped) == 5 and all(line.endswith(": no instructions in the data set") for line in skipped)
    review = report_section(r.err, "to review ")
    assert review and all(": needs " in line for line in review)
    assert cli("validate", str(lib)).code == 0
    assert cli("list", "--library", str(lib), "--muscle", "glutes").code == 0
    plan = cli("plan", "--library", str(lib), "--equipment", "gym")
    assert plan.code == 0 and not plan.has_traceback, plan.err


# ---------------------------------------------------------------------------- planner new


def test_new_writes_a_skeleton_into_the_user_library(cli):
    r = cli("new", "Cossack Squat", "--primary", "inner thigh", "--equipment", "bodyweight")
    assert r.code == 0, r.err
    path = user_library_dir() / "cossack-squat.toml"
    assert r.out.strip() == str(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    # every field present; TOML has no null, so an optional number is a commented line
    assert set(Exercise.model_fields) - {"id", "inferred", "rep_floor"} <= set(data)
    assert "# rep_floor =" in path.read_text()
    assert data["primary_muscles"] == ["adductors"] and data["equipment"] == []
    assert data["summary"].startswith("TODO") and data["pattern"].startswith("TODO")


def test_validate_points_at_what_is_left_to_fill_in(cli, tmp_path: Path):
    assert cli("new", "Cossack Squat", "--into", str(tmp_path)).code == 0
    v = cli("validate", str(tmp_path / "cossack-squat.toml"))
    assert v.code == 1
    for field in ("summary", "pattern", "position", "equipment", "instructions.0", "faq.0.answer"):
        assert f"cossack-squat.toml: {field}: " in v.out, field
    assert "still a placeholder" in v.out and "one of: squat, lunge" in v.out


def test_filled_in_skeleton_validates(cli, tmp_path: Path):
    assert cli("new", "Cossack Squat", "--primary", "adductors", "--into", str(tmp_path)).code == 0
    path = tmp_path / "cossack-squat.toml"
    text = path.read_text(encoding="utf-8")
    fill = {
        'summary = "TODO: one sentence, at most 120 characters"': 'summary = "A deep side-to-side squat"',
        '["TODO: muscles that help or stabilise, or leave the list empty"]': '["glutes", "quads"]',
        '["TODO: everything it needs; [] for bodyweight"]': "[]",
        'pattern = "TODO: pick one from the list above"': 'pattern = "lunge"',
        'mechanic = "TODO: pick one from the list above"': 'mechanic = "compound"',
        'laterality = "TODO: pick one from the list above"': 'laterality = "alternating"',
        'level = "TODO: pick one from the list above"': 'level = "intermediate"',
        'position = "TODO: pick one from the list above"': 'position = "standing"',
        '["TODO: any of warmup, activation, main, accessory, finisher"]': '["warmup", "accessory"]',
        '["TODO: the muscles a hard set of it really trains (usually primary and secondary); [] for none"]': (
            '["adductors", "glutes", "quads"]'
        ),
    }
    for old, new in fill.items():
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("TODO: ", "")
    path.write_text(text, encoding="utf-8")
    v = cli("validate", str(path))
    assert v.code == 0, v.out


def test_new_refuses_to_overwrite_without_force(cli, tmp_path: Path):
    assert cli("new", "Cossack Squat", "--into", str(tmp_path)).code == 0
    path = tmp_path / "cossack-squat.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    assert "--force" in one_error_line(cli("new", "Cossack Squat", "--into", str(tmp_path)))
    assert path.read_text(encoding="utf-8").endswith("# mine\n")
    assert cli("new", "Cossack Squat", "--into", str(tmp_path), "--force").code == 0
    assert not path.read_text(encoding="utf-8").endswith("# mine\n")


def test_new_bad_name_or_word_is_one_line(cli, tmp_path: Path):
    assert "letters or digits" in one_error_line(cli("new", "!!!", "--into", str(tmp_path)))
    assert "--equipment" in one_error_line(cli("new", "Thing", "--equipment", "spaceship", "--into", str(tmp_path)))


def test_validate_reports_todo_text_in_an_otherwise_valid_card(cli, tmp_path: Path, card_text: str):
    path = tmp_path / "test-wall-lean.toml"
    path.write_text(card_text.replace('tips = ["This card is a fixture."]', 'tips = ["TODO: a tip"]'), encoding="utf-8")
    v = cli("validate", str(path))
    assert v.code == 1
    assert v.out.strip() == f"{path}: tips.0: still a placeholder: replace the TODO text"
    whole = cli("validate", "--library", str(tmp_path))
    assert whole.code == 1 and "tips.0: still a placeholder" in whole.out


# ---------------------------------------------------------------------------- schema and laziness


def test_exercise_schema_suits_card_files():
    schema = exercise_json_schema()
    assert "id" not in schema["required"]  # a card's id is its file name
    assert "hip_extension" in schema["properties"]["pattern"]["enum"]
    assert "glutes" in schema["properties"]["primary_muscles"]["items"]["enum"]
    assert schema["additionalProperties"] is False


def test_inferred_names_only_card_fields(card_text: str):
    data = tomllib.loads(card_text)
    assert Exercise.model_validate({**data, "id": "x", "inferred": ["pattern"]}).inferred == ["pattern"]
    with pytest.raises(ValueError, match="not a field"):
        Exercise.model_validate({**data, "id": "x", "inferred": ["colour"]})


def test_cli_imports_the_importers_only_when_they_run():
    code = "import sys, planner.cli; print('planner.importers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
