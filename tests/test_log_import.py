"""History from Strong and Hevy (their CSV exports, samples written to their documented
columns in tests/fixtures/log): the right sets, loads and units, warm-ups left out, the
names file for names that match no exercise, and nothing added by importing again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.log.records import LoggedSet

FIXTURES = Path(__file__).parent / "fixtures" / "log"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("strong.csv", "strong.names.toml", "strong-android.csv", "hevy.csv", "hevy-lbs.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "log.sqlite3"))
    return tmp_path


def sessions(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(cli("log", "list", "--json").out)


def sets_of(data: list[dict], exercise: str) -> list[LoggedSet]:
    return [LoggedSet(**s) for d in data for e in d["entries"] if e["exercise"] == exercise for s in e["sets"]]


def test_strong_with_a_names_file(cli, here):
    r = cli("log", "import", str(here / "strong.csv"), "--names", str(here / "strong.names.toml"))
    assert r.code == 0, r.err
    assert "10 sessions (57 sets) added" in r.err and "10 warm-up sets left out" in r.err
    assert "no unit column: weights read as kg (--units lb if they are pounds)" in r.err
    data = sessions(cli)
    assert [d["source"] for d in data] == ["strong"] * 10
    first = data[0]
    assert (first["date"], first["time"], first["title"], first["key"]) == (
        "2026-09-07", "18:30", "Push", "strong:2026-09-07 18:30:00/Push")  # fmt: skip
    bench = sets_of(data[:1], "barbell-bench-press")
    assert bench == [
        LoggedSet(60, "kg", 8),
        LoggedSet(60, "kg", 8),
        LoggedSet(60, "kg", 8, rir=3),
    ]  # RPE 7, warm-up gone
    assert sets_of(data[:1], "pull-up") == [LoggedSet(reps=6), LoggedSet(reps=5)]  # weight 0: body weight
    assert sets_of(data[:1], "front-plank") == [LoggedSet(seconds=45)]
    assert not any(e["name"] == "Rest Timer" for d in data for e in d["entries"])
    drop = sets_of(data[4:5], "barbell-bench-press")
    assert drop[-1] == LoggedSet(50, "kg", 12) and data[4]["entries"][-1]["note"] == "drop set"
    assert sets_of(data[9:], "barbell-bench-press")[-1] == LoggedSet(60, "kg", 9, rir=0)  # F: to failure
    assert data[7]["note"] == "Felt strong"
    r = cli("log", "import", str(here / "strong.csv"), "--names", str(here / "strong.names.toml"))
    assert r.code == 0 and "0 sessions (0 sets) added" in r.err and "10 already in the log" in r.err
    assert sessions(cli) == data


def test_strong_in_pounds_says_so(cli, here):
    r = cli("log", "import", str(here / "strong.csv"), "--names", str(here / "strong.names.toml"), "--units", "lb")
    assert r.code == 0 and "weights read as lb" in r.err and "--units lb if" not in r.err
    assert sets_of(sessions(cli)[:1], "barbell-bench-press")[0] == LoggedSet(60, "lb", 8)


def test_a_name_that_matches_nothing_goes_into_a_names_file_and_nothing_is_imported(cli, here):
    r = cli("log", "import", str(here / "strong-android.csv"))
    names = here / "strong-android.names.toml"
    assert r.code == 1 and r.err.count("\n") == 1 and "nothing was imported" in r.err
    assert "match no planner exercise" in r.err and str(names) in r.err
    assert not (here / "log.sqlite3").exists() or sessions(cli) == []
    text = names.read_text(encoding="utf-8")
    assert (
        '"Squat (Barbell)" = "barbell-back-squat"' in text and '"Bench Press (Barbell)" = "barbell-bench-press"' in text
    )
    assert '"Farmer\'s Walk" = "farmer-carry"' in text
    assert '"Mi ejercicio raro" = ""' in text and '"Running (Treadmill)" = ""' in text
    edited = text.replace('"Mi ejercicio raro" = ""', '"Mi ejercicio raro" = "skip"').replace(
        '"Running (Treadmill)" = ""', '"Running (Treadmill)" = "flying-run"'
    )
    names.write_text("# my choices\n" + edited, encoding="utf-8")
    r = cli("log", "import", str(here / "strong-android.csv"))
    assert r.code == 1 and "unknown exercise 'flying-run'" in r.err
    names.write_text(edited.replace("flying-run", "jog-in-place"), encoding="utf-8")
    r = cli("log", "import", str(here / "strong-android.csv"))
    assert r.code == 0, r.err
    data = sessions(cli)
    assert len(data) == 2 and data[0]["title"] == "Pierna, día 1" and data[0]["note"] == "Buenas sensaciones"
    assert sets_of(data, "barbell-back-squat") == [LoggedSet(100, "kg", 5, rir=2), LoggedSet(100, "kg", 5, rir=1),
                                                  LoggedSet(80, "kg", 8)]  # fmt: skip
    assert sets_of(data, "farmer-carry") == [LoggedSet(32, "kg", meters=40)]
    assert sets_of(data, "jog-in-place") == [LoggedSet(seconds=600, meters=1500)]
    assert sets_of(data, "barbell-bench-press") == [LoggedSet(185, "lb", 8), LoggedSet(185, "lb", 7),
                                                   LoggedSet(185, "lb", 6, rir=0)]  # fmt: skip
    assert not any(e["name"] == "Mi ejercicio raro" for d in data for e in d["entries"])


def test_a_new_names_file_is_written_for_review_first(cli, here):
    review = here / "review.toml"
    r = cli("log", "import", str(here / "hevy.csv"), "--names", str(review))
    assert r.code == 1 and f"wrote {review}" in r.err and "review it" in r.err
    assert '"Bicep Curl (Dumbbell)" = "dumbbell-curl"' in review.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "unit", "bench", "squat", "drop"), [("hevy.csv", "kg", 80, 100, 80), ("hevy-lbs.csv", "lb", 175, 225, 185)]
)
def test_hevy_in_either_unit(cli, here, file, unit, bench, squat, drop):
    names = here / "hevy.names.toml"
    names.write_text('"Plank" = "front-plank"\n"Treadmill" = "jog-in-place"\n', encoding="utf-8")
    r = cli("log", "import", str(here / file), "--names", str(names))
    assert r.code == 0, r.err
    assert "2 sessions (" in r.err and "2 warm-up sets left out" in r.err
    data = sessions(cli)
    assert [(d["date"], d["time"], d["title"]) for d in data] == [
        ("2024-03-05", "18:00", "Upper"),
        ("2024-03-07", "07:30", "Legs"),
    ]
    assert data[0]["note"] == "Good day" and data[0]["source"] == "hevy"
    assert sets_of(data, "barbell-bench-press") == [
        LoggedSet(bench, unit, 8, rir=1.5),
        LoggedSet(bench, unit, 8, rir=1),
    ]
    assert sets_of(data, "dumbbell-curl") == [LoggedSet(14, unit, 10)]
    assert [e["note"] for e in data[0]["entries"] if e["exercise"] == "dumbbell-curl"] == ["slow"]
    assert sets_of(data, "cable-triceps-pushdown") == [LoggedSet(25, unit, 12, rir=0)]  # failure: RIR 0
    assert sets_of(data, "barbell-back-squat") == [LoggedSet(squat, unit, 5), LoggedSet(drop, unit, 8)]
    far = 2500 if unit == "kg" else round(2.5 * 1609.344, 3)
    assert sets_of(data, "jog-in-place") == [LoggedSet(seconds=900, meters=far)]
    assert "0 sessions (0 sets) added" in cli("log", "import", str(here / file), "--names", str(names)).err


@pytest.mark.parametrize(
    ("replace", "says"),
    [
        (("5 Mar 2024, 18:00", "yesterday"), "start_time 'yesterday'"),
        (('"normal",80,8', '"superset",80,8'), "set_type 'superset'"),
        (("weight_kg", "weight_stone"), "no weight_kg or weight_lbs column"),
    ],
)
def test_a_hevy_file_with_something_wrong_names_the_line(cli, here, replace, says):
    path = here / "hevy.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(*replace), encoding="utf-8")
    r = cli("log", "import", str(path))
    assert r.code == 1 and says in r.err and r.err.count("\n") == 1


def test_names_are_matched_by_their_words():
    from planner.log.names import match
    from support import cards

    known = cards()
    for name, exercise in [
        ("Bench Press (Barbell)", "barbell-bench-press"),
        ("Squat (Barbell)", "barbell-back-squat"),
        ("Bicep Curl (Dumbbell)", "dumbbell-curl"),
        ("Lat Pulldown (Cable)", "lat-pulldown"),
        ("Triceps Pushdown (Cable - Straight Bar)", "cable-triceps-pushdown"),
        ("Pull Up", "pull-up"),
        ("Goblet Squat (Kettlebell)", "goblet-squat"),
        ("Leg Extension (Machine)", "leg-extension"),
    ]:
        assert match(name, known).exercise == exercise, name
    assert match("Plank", known).exercise is None
    assert match("Running (Treadmill)", known).exercise is None
