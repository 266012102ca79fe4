"""``legday serve``: a live strength feed per athlete that follows their running plan.

- :mod:`optimizer.server.config`: the serve config (``legday.toml`` with ``[[athlete]]`` tables).
- :mod:`optimizer.server.store`: the SQLite state (tokens, last good feeds, source validators,
  UIDs/SEQUENCE, health) that makes a restart invisible to subscribers.
- :mod:`optimizer.server.poller`: conditional fetches of the sources and the re-plan.
- :mod:`optimizer.server.feed`: from source bytes to feed bytes, carrying UIDs and SEQUENCE over.
- :mod:`optimizer.server.app`: the Starlette ASGI app (feeds, health, admin refresh).

Nothing here is imported by ``legday --help``; the command module imports it lazily.
"""
