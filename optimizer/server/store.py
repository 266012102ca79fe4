"""The server's state in SQLite: what must survive a restart so subscribers see nothing change.

One file beside the config (``legday.db``), WAL mode (readers never wait for the re-plan's
write), every change in one transaction. Tables:

- ``tokens``: per athlete, a random nonce and the SHA-256 of the feed token. The token itself
  is never stored: it is derived as HMAC-SHA256(key, athlete, nonce) with the 32-byte secret in
  ``legday.key`` (mode 0600), so ``legday token show`` can print the URL again while a copy of
  the database alone (a backup, a bug report) reveals no feed URL.
- ``feeds``: the last good feed bytes, their strong ETag and Last-Modified, the number of
  sessions, and a digest of the inputs they were built from.
- ``entries``: every published event (UID, times, SEQUENCE, status, text), so a re-plan keeps
  UIDs and raises SEQUENCE instead of inventing new events.
- ``sources``: per source, the validators (ETag, Last-Modified, mtime, size, SHA-256) and the
  last bytes read, so a 304 can still be re-planned from.
- ``health``: the outcome of the last poll per athlete.
- ``views``: the plan as the pages show it (:class:`optimizer.render.view.PlanView` as JSON),
  written with the feed, so the feed, the plan page and its watch files always agree.
- ``meta``: what the server knows of itself (the address it listens on, for ``legday token``).

Schema 2 added ``entries.cancelled_at`` and ``feeds.next_expiry``; a database of schema 1 is
upgraded in place when opened, and tables it lacks are created.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from optimizer.domain import InputError

SCHEMA_VERSION = 2
TOKEN_LENGTH = 43  # len(secrets.token_urlsafe(32)); the derived tokens have the same shape
_TOKEN_CONTEXT = b"legday feed token v1\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    athlete TEXT PRIMARY KEY,
    nonce BLOB,
    hash BLOB,
    issued INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feeds (
    athlete TEXT PRIMARY KEY,
    body BLOB NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    inputs TEXT NOT NULL,
    next_expiry INTEGER
);
CREATE TABLE IF NOT EXISTS entries (
    athlete TEXT NOT NULL,
    uid TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    cancelled_at INTEGER,
    PRIMARY KEY (athlete, uid)
);
CREATE TABLE IF NOT EXISTS sources (
    athlete TEXT NOT NULL,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    mtime_ns INTEGER,
    size INTEGER,
    sha256 TEXT NOT NULL,
    body BLOB NOT NULL,
    fetched INTEGER NOT NULL,
    PRIMARY KEY (athlete, source)
);
CREATE TABLE IF NOT EXISTS views (
    athlete TEXT PRIMARY KEY,
    body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS health (
    athlete TEXT PRIMARY KEY,
    last_attempt INTEGER,
    last_success INTEGER,
    last_error TEXT,
    last_error_at INTEGER,
    failed_inputs TEXT,
    failing INTEGER NOT NULL DEFAULT 0
);
"""
# What a database of an older schema needs to become the current one, by target version.
_MIGRATIONS = {
    2: (
        "ALTER TABLE entries ADD COLUMN cancelled_at INTEGER",
        "ALTER TABLE feeds ADD COLUMN next_expiry INTEGER",
    ),
}


@dataclass(frozen=True)
class FeedRecord:
    """The last good feed of an athlete."""

    athlete: str
    body: bytes
    etag: str  # quoted, strong: "<hex>"
    last_modified: int  # epoch seconds
    sessions: int
    inputs: str  # digest of options + source contents it was built from
    # When a published cancellation is due to leave the feed (epoch seconds); None: none is.
    next_expiry: int | None = None


@dataclass(frozen=True)
class Entry:
    """One event of the feed, published or (a cancellation past its time) remembered."""

    uid: str
    start: str  # ISO 8601 with offset
    end: str
    sequence: int
    status: str  # CONFIRMED or CANCELLED
    summary: str
    description: str
    cancelled_at: int | None = None  # when it was first published as cancelled (epoch s)


@dataclass(frozen=True)
class SourceRecord:
    """What was last read from one source, with the validators to ask for changes."""

    source: str
    etag: str | None
    last_modified: str | None
    mtime_ns: int | None
    size: int | None
    sha256: str
    body: bytes
    fetched: int


@dataclass(frozen=True)
class Health:
    """The outcome of an athlete's last poll."""

    athlete: str
    last_attempt: int | None = None
    last_success: int | None = None
    last_error: str | None = None
    last_error_at: int | None = None
    failed_inputs: str | None = None
    failing: bool = False  # the last poll failed (the feed is the last good one)


def token_hash(token: str) -> bytes:
    """SHA-256 of a token: what the database keeps and requests are compared against."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def token_fingerprint(token: str) -> str:
    """A short, non-secret tag for logs: enough to tell feeds apart, useless as a URL."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]


class Store:
    """SQLite state of one server. Safe to share between the event loop and worker threads.

    Args:
        db_path: the database file (created with its tables if missing).
        key_path: the token key file (created on first need, mode 0600).
    """

    def __init__(self, db_path: str | Path, key_path: str | Path | None = None) -> None:
        self.db_path = Path(db_path)
        self.key_path = Path(key_path) if key_path else self.db_path.with_suffix(".key")
        self._lock = threading.RLock()
        self._own_commits = 0
        try:
            # The plans are personal data: only the owner reads them (SQLite gives the -wal
            # and -shm files the database's mode).
            os.close(os.open(self.db_path, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            raise InputError(f"{self.db_path}: cannot be created ({exc.strerror or exc})") from None
        try:
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
            self._conn = sqlite3.connect(
                self.db_path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"{self.db_path}: written by a newer legday (schema {version}); upgrade legday"
                )
            with self._tx() as c:
                # An older database gains its new columns first; then every table it lacks
                # is created (a new database: the whole current schema).
                for target in range(version + 1, SCHEMA_VERSION + 1) if version else ():
                    for stmt in _MIGRATIONS[target]:
                        c.execute(stmt)
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.db_path}: not a usable legday database ({exc})") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it or none of it."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._own_commits += 1

    def _rows(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def version(self) -> tuple[int, int]:
        """Changes whenever anything was committed, by this process or another (the CLI)."""
        with self._lock:
            data_version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            return data_version, self._own_commits

    # ------------------------------------------------------------------ tokens

    def _key(self) -> bytes:
        """The token key, created (0600, never overwritten) on first need."""
        try:
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        try:
            text = self.key_path.read_text(encoding="ascii").strip()
            key = bytes.fromhex(text)
        except (OSError, ValueError, UnicodeDecodeError):
            raise InputError(f"{self.key_path}: not a legday key file (64 hex digits)") from None
        if len(key) != 32:
            raise InputError(f"{self.key_path}: not a legday key file (64 hex digits)")
        return key

    def _derive(self, athlete: str, nonce: bytes) -> str:
        mac = hmac.new(
            self._key(), _TOKEN_CONTEXT + athlete.encode("utf-8") + b"\x00" + nonce, hashlib.sha256
        )
        return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")

    def token(self, athlete: str, *, create: bool = True) -> str | None:
        """The athlete's feed token; a new one if there is none and ``create`` (not if revoked).

        Raises:
            InputError: the key file is missing or does not match the database.
        """
        rows = self._rows("SELECT nonce, hash, revoked FROM tokens WHERE athlete = ?", [athlete])
        if rows and rows[0][2]:
            return None
        if rows and rows[0][0] is not None:
            nonce, stored, _ = rows[0]
            token = self._derive(athlete, nonce)
            if not hmac.compare_digest(token_hash(token), stored):
                raise InputError(
                    f"{self.key_path}: does not match {self.db_path} (was the key replaced?); "
                    f"`legday token rotate {athlete}` issues a new feed URL"
                )
            return token
        if not create:
            return None
        return self.rotate(athlete)

    def rotate(self, athlete: str) -> str:
        """Issue a new token; the old URL stops working at once."""
        nonce = secrets.token_bytes(32)
        token = self._derive(athlete, nonce)
        with self._tx() as c:
            c.execute(
                "INSERT INTO tokens (athlete, nonce, hash, issued, revoked) VALUES (?, ?, ?, ?, 0) "
                "ON CONFLICT(athlete) DO UPDATE SET nonce = excluded.nonce, hash = excluded.hash, "
                "issued = excluded.issued, revoked = 0",
                (athlete, nonce, token_hash(token), int(time.time())),
            )
        return token

    def revoke(self, athlete: str) -> bool:
        """Revoke the token: the feed is gone until ``rotate``. False if there was none."""
        with self._tx() as c:
            had = c.execute(
                "SELECT 1 FROM tokens WHERE athlete = ? AND revoked = 0 AND hash IS NOT NULL",
                (athlete,),
            ).fetchone()
            c.execute(
                "INSERT INTO tokens (athlete, nonce, hash, issued, revoked) "
                "VALUES (?, NULL, NULL, ?, 1) ON CONFLICT(athlete) DO UPDATE SET "
                "nonce = NULL, hash = NULL, revoked = 1, issued = excluded.issued",
                (athlete, int(time.time())),
            )
        return had is not None

    def revoked(self, athlete: str) -> bool:
        rows = self._rows("SELECT revoked FROM tokens WHERE athlete = ?", [athlete])
        return bool(rows and rows[0][0])

    def token_hashes(self) -> list[tuple[str, bytes]]:
        """(athlete, token hash) of every live token."""
        rows = self._rows(
            "SELECT athlete, hash FROM tokens WHERE revoked = 0 AND hash IS NOT NULL "
            "ORDER BY athlete"
        )
        return [(a, bytes(h)) for a, h in rows]

    # ------------------------------------------------------------------ feeds

    def feed(self, athlete: str) -> FeedRecord | None:
        rows = self._rows(
            "SELECT athlete, body, etag, last_modified, sessions, inputs, next_expiry FROM feeds "
            "WHERE athlete = ?",
            [athlete],
        )
        return _feed(rows[0]) if rows else None

    def feeds(self) -> dict[str, FeedRecord]:
        rows = self._rows(
            "SELECT athlete, body, etag, last_modified, sessions, inputs, next_expiry FROM feeds"
        )
        return {r[0]: _feed(r) for r in rows}

    def entries(self, athlete: str) -> list[Entry]:
        rows = self._rows(
            "SELECT uid, start, end, sequence, status, summary, description, cancelled_at "
            "FROM entries WHERE athlete = ? ORDER BY start, uid",
            [athlete],
        )
        return [Entry(*r) for r in rows]

    def save_plan(
        self,
        athlete: str,
        body: bytes,
        entries: Iterable[Entry],
        *,
        inputs: str,
        sessions: int,
        now: int,
        view: bytes | None = None,
        next_expiry: int | None = None,
    ) -> FeedRecord:
        """Publish a new plan: feed, entries, the pages' view and health in one transaction.

        The ETag is the body's digest and Last-Modified only moves when the bytes change, so a
        re-plan that comes out the same is invisible to subscribers.
        """
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        with self._tx() as c:
            old = c.execute(
                "SELECT etag, last_modified FROM feeds WHERE athlete = ?", (athlete,)
            ).fetchone()
            last_modified = old[1] if old and old[0] == etag else now
            c.execute(
                "INSERT INTO feeds (athlete, body, etag, last_modified, sessions, inputs, "
                "next_expiry) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(athlete) DO UPDATE SET "
                "body = excluded.body, etag = excluded.etag, "
                "last_modified = excluded.last_modified, sessions = excluded.sessions, "
                "inputs = excluded.inputs, next_expiry = excluded.next_expiry",
                (athlete, body, etag, last_modified, sessions, inputs, next_expiry),
            )
            c.execute("DELETE FROM entries WHERE athlete = ?", (athlete,))
            c.executemany(
                "INSERT INTO entries (athlete, uid, start, end, sequence, status, summary, "
                "description, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        athlete,
                        e.uid,
                        e.start,
                        e.end,
                        e.sequence,
                        e.status,
                        e.summary,
                        e.description,
                        e.cancelled_at,
                    )
                    for e in entries
                ],
            )
            c.execute("DELETE FROM views WHERE athlete = ?", (athlete,))
            if view is not None:
                c.execute("INSERT INTO views (athlete, body) VALUES (?, ?)", (athlete, view))
            _upsert_health(
                c, athlete, last_attempt=now, last_success=now, failed_inputs=None, failing=0
            )
        return FeedRecord(athlete, body, etag, last_modified, sessions, inputs, next_expiry)

    def view(self, athlete: str) -> bytes | None:
        """The pages' view of the published plan (JSON), or None (none yet, or an older
        legday published it)."""
        rows = self._rows("SELECT body FROM views WHERE athlete = ?", [athlete])
        return bytes(rows[0][0]) if rows else None

    # ------------------------------------------------------------------ sources

    def source(self, athlete: str, key: str) -> SourceRecord | None:
        rows = self._rows(
            "SELECT source, etag, last_modified, mtime_ns, size, sha256, body, fetched "
            "FROM sources WHERE athlete = ? AND source = ?",
            [athlete, key],
        )
        if not rows:
            return None
        r = rows[0]
        return SourceRecord(r[0], r[1], r[2], r[3], r[4], r[5], bytes(r[6]), r[7])

    def save_source(self, athlete: str, record: SourceRecord) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO sources (athlete, source, etag, last_modified, mtime_ns, size, "
                "sha256, body, fetched) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(athlete, source) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, mtime_ns = excluded.mtime_ns, "
                "size = excluded.size, sha256 = excluded.sha256, body = excluded.body, "
                "fetched = excluded.fetched",
                (
                    athlete,
                    record.source,
                    record.etag,
                    record.last_modified,
                    record.mtime_ns,
                    record.size,
                    record.sha256,
                    record.body,
                    record.fetched,
                ),
            )

    # ------------------------------------------------------------------ meta

    def meta(self, key: str) -> str | None:
        """A value the server keeps about itself (e.g. where it listens), or None."""
        rows = self._rows("SELECT value FROM meta WHERE key = ?", [key])
        return str(rows[0][0]) if rows else None

    def listening(self) -> tuple[str, int] | None:
        """(host, port) the server last listened on, as ``legday serve`` recorded it."""
        value = self.meta("listen")
        if value is None:
            return None
        host, _, port = value.rpartition(" ")
        return (host, int(port)) if host and port.isdigit() else None

    def set_listening(self, host: str, port: int) -> None:
        self.set_meta("listen", f"{host} {port}")

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------------ health

    def health(self, athlete: str) -> Health:
        rows = self._rows(
            "SELECT athlete, last_attempt, last_success, last_error, last_error_at, "
            "failed_inputs, failing FROM health WHERE athlete = ?",
            [athlete],
        )
        if not rows:
            return Health(athlete)
        name, attempt, success, error, error_at, failed, failing = rows[0]
        return Health(name, attempt, success, error, error_at, failed, bool(failing))

    def record_success(self, athlete: str, now: int) -> None:
        """The sources were read and the published feed is up to date with them."""
        with self._tx() as c:
            _upsert_health(
                c, athlete, last_attempt=now, last_success=now, failed_inputs=None, failing=0
            )

    def record_error(
        self, athlete: str, message: str, now: int, *, failed_inputs: str | None = None
    ) -> None:
        """The poll failed; the last good feed stays. ``failed_inputs``: do not retry these."""
        with self._tx() as c:
            _upsert_health(
                c,
                athlete,
                last_attempt=now,
                last_error=message[:500],
                last_error_at=now,
                failed_inputs=failed_inputs,
                failing=1,
            )


def _feed(row: tuple) -> FeedRecord:
    return FeedRecord(row[0], bytes(row[1]), row[2], row[3], row[4], row[5], row[6])


def _upsert_health(c: sqlite3.Connection, athlete: str, **values: object) -> None:
    c.execute("INSERT OR IGNORE INTO health (athlete) VALUES (?)", (athlete,))
    sets = ", ".join(f"{k} = ?" for k in values)
    c.execute(f"UPDATE health SET {sets} WHERE athlete = ?", (*values.values(), athlete))
