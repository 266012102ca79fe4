"""The serve config, the token commands and the SQLite state (no server running)."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import urllib.parse

import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.domain import InputError, Level
from optimizer.server.config import feed_links, load_serve_config
from optimizer.server.store import Entry, SourceRecord, Store

EXAMPLE = """
poll_seconds = 120

[server]
port = 9090
public_url = "https://strength.example.org/legday/"

[plan]
sessions = "2-3"
window = "06:00-21:00"

[weights]
spread = 45

[[athlete]]
name = "Ana"
runs = ["webcal://app.example/plan/SECRET123.ics", "extra.ics"]
busy = ["work.ics"]
level = "beginner"
tz = "Europe/Berlin"
prefer = "evening"

[[athlete]]
name = "Ben"
runs = "http://127.0.0.1:9/ben.ics"
sessions = "3"
allow_after_long_run = true
"""


def _write(tmp_path, text: str):
    path = tmp_path / "legday.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config(tmp_path):
    cfg = load_serve_config(_write(tmp_path, EXAMPLE))
    assert cfg.poll_seconds == 120 and cfg.port == 9090 and cfg.host == "127.0.0.1"
    ana, ben = cfg.athletes
    assert ana.runs[0].url == "https://app.example/plan/SECRET123.ics"
    assert ana.runs[0].label == "https://app.example/..."  # the app's own token stays hidden
    assert ana.runs[1].path == (tmp_path / "extra.ics").resolve()
    assert ana.busy[0].path == (tmp_path / "work.ics").resolve()
    assert ana.options.level is Level.BEGINNER and ana.options.tz == "Europe/Berlin"
    assert ana.options.sessions == (2, 3) and ana.options.weights == {"spread": 45}
    assert ana.options.name == "Ana"  # seeds the UIDs: two athletes never share one
    assert ben.options.sessions == (3, 3) and not ben.options.no_strength_after_long_run
    assert ben.runs[0].url == "http://127.0.0.1:9/ben.ics"
    assert cfg.db_path == tmp_path.resolve() / "legday.db"
    assert cfg.athlete("ana") is ana
    assert cfg.base_url() == "https://strength.example.org/legday"


def test_options_fingerprint_follows_the_options(tmp_path):
    a = load_serve_config(_write(tmp_path, EXAMPLE)).athletes[0]
    b = load_serve_config(_write(tmp_path, EXAMPLE)).athletes[0]
    c = load_serve_config(_write(tmp_path, EXAMPLE.replace('"evening"', '"morning"'))).athletes[0]
    assert a.options_fingerprint() == b.options_fingerprint() != c.options_fingerprint()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("poll_seconds = 60\n", "no [[athlete]] table"),
        ('[[athlete]]\nname = "A"\n', "runs must be a list"),
        ('[[athlete]]\nname = "A"\nruns = []\n', "at least one calendar"),
        ('[[athlete]]\nruns = ["a.ics"]\n', "needs a name"),
        ('[[athlete]]\nname = "A"\nruns = ["file:///etc/passwd"]\n', "file:// sources"),
        ('[[athlete]]\nname = "A"\nruns = ["a.ics"]\nlevl = "beginner"\n', "unknown option 'levl'"),
        ('[[athlete]]\nname = "A"\nruns = ["a.ics"]\nsessions = "4-2"\n', "sessions"),
        (
            '[[athlete]]\nname = "A"\nruns = ["a.ics"]\n'
            '[[athlete]]\nname = "a"\nruns = ["b.ics"]\n',
            "listed twice",
        ),
        ('poll_seconds = 0\n[[athlete]]\nname = "A"\nruns = ["a.ics"]\n', "poll_seconds"),
        ('[server]\nport = "x"\n[[athlete]]\nname = "A"\nruns = ["a.ics"]\n', "port"),
        ('[server]\nbind = "0.0.0.0"\n[[athlete]]\nname = "A"\nruns = ["a.ics"]\n', "bind"),
        (
            '[server]\nadmin_token = "short"\n[[athlete]]\nname = "A"\nruns = ["a.ics"]\n',
            "admin_token",
        ),
        ("[[athlete]\n", "not valid TOML"),
        ('[nonsense]\n[[athlete]]\nname = "A"\nruns = ["a.ics"]\n', "unknown table"),
    ],
)
def test_bad_configs_say_what_is_wrong_in_one_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=re.escape(message)) as err:
        load_serve_config(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_feed_links():
    links = feed_links("http://127.0.0.1:8080", "T" * 43)
    assert links["url"] == "http://127.0.0.1:8080/feeds/" + "T" * 43 + ".ics"
    assert links["webcal"] == "webcal://127.0.0.1:8080/feeds/" + "T" * 43 + ".ics"
    prefix = "https://calendar.google.com/calendar/r?cid="
    assert links["google"].startswith(prefix)
    assert urllib.parse.unquote(links["google"].removeprefix(prefix)) == links["webcal"]
    assert "/" not in links["google"].removeprefix(prefix)


def test_token_commands(tmp_path):
    config = str(_write(tmp_path, EXAMPLE))
    runner = CliRunner()
    shown = runner.invoke(main, ["token", "show", "Ana", "--config", config])
    assert shown.exit_code == 0, shown.output
    url, subscribe = shown.output.splitlines()
    assert subscribe == "subscribe page: " + url.removesuffix(".ics") + "/subscribe.html"
    assert re.fullmatch(r"https://strength\.example\.org/legday/feeds/[A-Za-z0-9_-]{43}\.ics", url)
    again = runner.invoke(main, ["token", "show", "ana", "--config", config])
    assert again.output.splitlines()[0] == url
    links = runner.invoke(main, ["token", "show", "Ana", "--links", "--config", config])
    lines = links.output.splitlines()
    assert lines[1].startswith("webcal://strength.example.org/")
    assert lines[3].startswith("https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2F")
    assert lines[4] == "plan page: " + url.removesuffix(".ics") + ".html"
    rotated = runner.invoke(main, ["token", "rotate", "Ana", "--config", config])
    assert rotated.exit_code == 0
    assert rotated.output.splitlines()[0] != url
    revoked = runner.invoke(main, ["token", "revoke", "Ana", "--config", config])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    again = runner.invoke(main, ["token", "show", "Ana", "--config", config])
    assert again.exit_code == 2 and "legday: error:" in again.output
    unknown = runner.invoke(main, ["token", "show", "Zed", "--config", config])
    assert unknown.exit_code == 2 and "no athlete named 'Zed'" in unknown.output
    missing = runner.invoke(main, ["token", "show", "Ana", "--config", str(tmp_path / "x.toml")])
    assert missing.exit_code == 2 and "no such config file" in missing.output
    assert "Traceback" not in missing.output


def test_tokens_are_stored_hashed_and_the_key_is_private(tmp_path):
    store = Store(tmp_path / "legday.db", tmp_path / "legday.key")
    token = store.token("Ana")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert store.token("Ana") == token
    store.close()
    for name in os.listdir(tmp_path):  # database, WAL, key: the token is in none of them
        assert token.encode() not in (tmp_path / name).read_bytes(), name
    assert stat.S_IMODE((tmp_path / "legday.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "legday.db").stat().st_mode) == 0o600
    # The database alone (a backup, a bug report) does not give the URL back.
    (tmp_path / "legday.key").rename(tmp_path / "elsewhere.key")
    other = Store(tmp_path / "legday.db", tmp_path / "legday.key")
    with pytest.raises(InputError, match="does not match"):
        other.token("Ana")


def test_store_keeps_etag_and_last_modified_while_bytes_stay(tmp_path):
    store = Store(tmp_path / "legday.db")
    entry = Entry(
        "u1@legday",
        "2027-03-02T18:00:00+01:00",
        "2027-03-02T18:30:00+01:00",
        0,
        "CONFIRMED",
        "Strength",
        "",
    )
    first = store.save_plan("Ana", b"BEGIN:VCALENDAR", [entry], inputs="i1", sessions=1, now=1000)
    same = store.save_plan("Ana", b"BEGIN:VCALENDAR", [entry], inputs="i2", sessions=1, now=2000)
    assert (same.etag, same.last_modified) == (first.etag, 1000)
    new = store.save_plan("Ana", b"BEGIN:VCALENDAR\r\n", [entry], inputs="i3", sessions=1, now=3000)
    assert new.etag != first.etag and new.last_modified == 3000
    assert store.entries("Ana") == [entry]
    record = SourceRecord("http://x/a.ics", '"e1"', None, None, 3, "abc", b"abc", 5)
    store.save_source("Ana", record)
    assert store.source("Ana", "http://x/a.ics") == record
    store.record_error("Ana", "down", 4000, failed_inputs="i4")
    h = store.health("Ana")
    assert h.failing and h.last_error == "down" and h.failed_inputs == "i4"
    store.record_success("Ana", 5000)
    assert not store.health("Ana").failing
    # Another process (the token CLI) committing is seen by the running server.
    before = store.version()
    Store(tmp_path / "legday.db").rotate("Ben")
    assert store.version() != before
    mode = sqlite3.connect(tmp_path / "legday.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()


def test_a_failed_write_changes_nothing(tmp_path):
    store = Store(tmp_path / "legday.db")
    entry = Entry(
        "u1@legday",
        "2027-03-02T18:00:00+01:00",
        "2027-03-02T18:30:00+01:00",
        0,
        "CONFIRMED",
        "Strength",
        "",
    )
    store.save_plan("Ana", b"good", [entry], inputs="i1", sessions=1, now=1000)
    with pytest.raises(sqlite3.IntegrityError):  # two entries with one UID: the insert fails
        store.save_plan("Ana", b"bad", [entry, entry], inputs="i2", sessions=2, now=2000)
    assert store.feed("Ana").body == b"good" and store.entries("Ana") == [entry]


def test_serve_refuses_a_bad_config_in_one_line(tmp_path):
    path = _write(tmp_path, '[[athlete]]\nname = "A"\nruns = ["gopher://x/a.ics"]\n')
    result = CliRunner().invoke(main, ["serve", "--config", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "gopher:// sources are not supported" in result.output
    assert not (tmp_path / "legday.db").exists()


def test_help_shows_an_example():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "legday serve --config legday.toml" in result.output
    assert "[[athlete]]" in result.output
