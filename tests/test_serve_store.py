"""The server's SQLite state across legday versions."""

from __future__ import annotations

import sqlite3

from optimizer.server.store import SCHEMA_VERSION, Entry, Store

_SCHEMA_1 = """
CREATE TABLE tokens (athlete TEXT PRIMARY KEY, nonce BLOB, hash BLOB, issued INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE feeds (athlete TEXT PRIMARY KEY, body BLOB NOT NULL, etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL, sessions INTEGER NOT NULL, inputs TEXT NOT NULL);
CREATE TABLE entries (athlete TEXT NOT NULL, uid TEXT NOT NULL, start TEXT NOT NULL,
    end TEXT NOT NULL, sequence INTEGER NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL,
    description TEXT NOT NULL, PRIMARY KEY (athlete, uid));
CREATE TABLE sources (athlete TEXT NOT NULL, source TEXT NOT NULL, etag TEXT,
    last_modified TEXT, mtime_ns INTEGER, size INTEGER, sha256 TEXT NOT NULL, body BLOB NOT NULL,
    fetched INTEGER NOT NULL, PRIMARY KEY (athlete, source));
CREATE TABLE health (athlete TEXT PRIMARY KEY, last_attempt INTEGER, last_success INTEGER,
    last_error TEXT, last_error_at INTEGER, failed_inputs TEXT,
    failing INTEGER NOT NULL DEFAULT 0);
INSERT INTO feeds VALUES ('Ana', X'42', '"e"', 1, 1, 'digest');
INSERT INTO entries VALUES ('Ana', 'u1@legday', '2027-03-02T19:00:00+01:00',
    '2027-03-02T19:30:00+01:00', 1, 'CANCELLED', 'Strength', 'text');
PRAGMA user_version = 1;
"""


def test_a_schema_1_database_is_upgraded_in_place(tmp_path):
    """A server upgraded to this legday keeps its feeds: the database gains the columns for
    cancellations' age (issue 12, item 8) and the server's own notes, and nothing is lost."""
    db = tmp_path / "legday.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(_SCHEMA_1)
    store = Store(db, tmp_path / "legday.key")
    try:
        assert store.entries("Ana") == [
            Entry(
                "u1@legday",
                "2027-03-02T19:00:00+01:00",
                "2027-03-02T19:30:00+01:00",
                1,
                "CANCELLED",
                "Strength",
                "text",
                None,
            )
        ]
        feed = store.feed("Ana")
        assert feed is not None and feed.body == b"B" and feed.next_expiry is None
        store.set_meta("listen", "http://127.0.0.1:9000")
        assert store.meta("listen") == "http://127.0.0.1:9000"
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    Store(db, tmp_path / "legday.key").close()  # opening it again changes nothing
