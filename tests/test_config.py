"""config.toml: typed settings with defaults; a bad file is one clear line naming the key."""

from __future__ import annotations

import io

import pytest
from common import NOW

from spasmlog.cli import run
from spasmlog.config import Config, Thresholds, load_config, parse_config
from spasmlog.errors import InputError


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_the_defaults(tmp_path):
    config = load_config(tmp_path / "nope.toml")
    assert config == Config()
    assert config.name is None
    t = config.thresholds
    assert (t.prolonged_s, t.severe_pain, t.frequent_min_episodes, t.persistent_min_episodes) == (
        600,
        7,
        4,
        6,
    )
    assert (t.escalating_frequency_z, t.escalating_frequency_ratio, t.escalating_z) == (
        2.1,
        1.5,
        1.96,
    )
    assert (t.unexplained_min_share, t.self_care_fails_min_share) == (0.75, 0.25)


def test_default_location_is_the_user_config_folder(tmp_path, monkeypatch):
    folder = tmp_path / "home" / "config" / "spasmlog"  # XDG_CONFIG_HOME from conftest
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('name = "Ada"\n')
    assert load_config().name == "Ada"


def test_spasmlog_config_env_wins(tmp_path, monkeypatch):
    path = write(tmp_path, "[thresholds]\nfrequent_min_episodes = 6\n")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(path))
    assert load_config().thresholds.frequent_min_episodes == 6


def test_values_are_read_and_typed(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
name = "  Alex Example "
[thresholds]
prolonged_s = 900
nocturnal_min_share = 1
escalating_pain_min_rise = 3
""",
        )
    )
    assert config.name == "Alex Example"
    t = config.thresholds
    assert t.prolonged_s == 900
    assert t.nocturnal_min_share == 1.0 and isinstance(t.nocturnal_min_share, float)
    assert t.escalating_pain_min_rise == 3.0
    assert t.frequent_min_days == Thresholds().frequent_min_days


@pytest.mark.parametrize(
    "text, words",
    [
        (
            "[thresholds]\nfrequent_min_episode = 4\n",
            ["thresholds.frequent_min_episode", "frequent_min_episodes"],
        ),
        ("nmae = 'x'\n", ["'nmae'", "name"]),
        ("[thresholds]\nprolonged_s = '10m'\n", ["thresholds.prolonged_s", "'10m'"]),
        ("[thresholds]\nprolonged_s = 600.5\n", ["thresholds.prolonged_s", "whole number"]),
        ("[thresholds]\nsevere_pain = 11\n", ["thresholds.severe_pain", "1 to 10"]),
        (
            "[thresholds]\nfrequent_min_episodes = 0\n",
            ["thresholds.frequent_min_episodes", "at least 1"],
        ),
        ("[thresholds]\nfrequent_min_days = true\n", ["thresholds.frequent_min_days"]),
        (
            "[thresholds]\nnocturnal_min_share = 1.5\n",
            ["thresholds.nocturnal_min_share", "between 0 and 1"],
        ),
        ("thresholds = 3\n", ["'thresholds'"]),
        ("name = 5\n", ["'name'"]),
        ("[thresholds\n", ["not valid TOML", "line 1"]),
    ],
)
def test_bad_files_name_the_key(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_config(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message


def test_parse_config_without_a_file():
    assert parse_config("").thresholds == Thresholds()


def test_a_bad_config_stops_flags_with_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "SPASMLOG_CONFIG", str(write(tmp_path, "[thresholds]\nsevere_pain = 'high'\n"))
    )
    out, err = io.StringIO(), io.StringIO()
    code = run(["flags", "--db", str(tmp_path / "d.db")], now=NOW, out=out, err=err)
    assert code == 2
    assert (
        "thresholds.severe_pain" in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
    )
    assert out.getvalue() == ""


def test_config_thresholds_reach_the_flags(tmp_path, monkeypatch):
    from common import add, make_episode

    from spasmlog.storage import open_store

    db = tmp_path / "d.db"
    store = open_store(db, today=NOW.date())
    add(store, make_episode(duration_s=400))
    store.close()
    args = ["flags", "--db", str(db), "--json"]
    out = io.StringIO()
    assert run(args, now=NOW, out=out, err=io.StringIO()) == 0
    assert '"prolonged"' not in out.getvalue()
    monkeypatch.setenv("SPASMLOG_CONFIG", str(write(tmp_path, "[thresholds]\nprolonged_s = 300\n")))
    out = io.StringIO()
    assert run(args, now=NOW, out=out, err=io.StringIO()) == 0
    assert '"prolonged"' in out.getvalue()
