"""``legday serve`` and ``legday token``: the live strength feed and its capability URLs.

Only click and the standard library are imported here; the server is imported when a command
runs, so ``legday --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from optimizer.cli.common import guarded
from optimizer.domain import InputError

if TYPE_CHECKING:
    from optimizer.server.config import ServeConfig
    from optimizer.server.store import Store

_CONFIG = click.option(
    "--config",
    "config",
    default="legday.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The serve config with [[athlete]] tables.",
)
_HOST = click.option("--host", help="Address to listen on. Default: [server] host, else 127.0.0.1.")
_PORT = click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to listen on. Default: [server] port, else 8080 (`token` commands: the port "
    "`legday serve` last listened on).",
)


@click.command()
@_CONFIG
@_HOST
@_PORT
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning"]),
    default="info",
    show_default=True,
    help="debug also logs each request (tokens as fingerprints).",
)
@guarded
def serve(config: str, host: str | None, port: int | None, log_level: str) -> None:
    """Serve each athlete's strength plan as a calendar feed that follows their runs.

    Polls every athlete's running calendars (paths or http/https/webcal URLs) every
    poll_seconds, re-plans when they change, and publishes the plan at a secret URL per
    athlete. Prints each athlete's subscribe page (buttons for Apple, Google and Outlook, a QR
    code), plan page (week by week, with watch workouts), feed URL and webcal URL.

    \b
    Example legday.toml:
      poll_seconds = 300
      [[athlete]]
      name = "Ana"
      runs = ["webcal://app.example/plan/abc.ics"]
      busy = ["work.ics"]
      level = "beginner"
      sessions = "2-3"
      tz = "Europe/Berlin"
    \b
    Example:
      legday serve --config legday.toml --port 8080
    """
    import logging
    import signal

    from optimizer.server.app import create_app, uvicorn_config
    from optimizer.server.config import load_serve_config
    from optimizer.server.connections import ListeningServer
    from optimizer.server.poller import Poller
    from optimizer.server.store import Store

    cfg = load_serve_config(config)
    host = host or cfg.host
    port = cfg.port if port is None else port
    store = Store(cfg.db_path, cfg.key_path)
    tokens = {athlete.name: store.token(athlete.name) for athlete in cfg.athletes}
    for athlete in cfg.athletes:
        for src in athlete.sources:
            if src.path is not None and not src.path.exists():
                click.echo(
                    f"legday: warning: {athlete.name}: {src.raw}: no such file (yet)", err=True
                )

    def listening(_bound: str, real_port: int) -> None:
        # The port it really got (``--port 0``, or one given here rather than in the config):
        # recorded, so `legday token show` prints the URLs this server answers.
        store.set_listening(host, real_port)
        _announce(cfg, tokens, cfg.base_url(host, real_port))

    logging.basicConfig(
        level=getattr(logging, log_level.upper()),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(
            f"legday: warning: listening on {host}, not only this machine; put TLS "
            "(a reverse proxy) in front so feed URLs never travel in clear",
            err=True,
        )
    poller = Poller(cfg, store)
    app = create_app(cfg, store, poller)
    server = ListeningServer(uvicorn_config(app, cfg, host, port, log_level=log_level), listening)
    sys.stdout.flush()

    def stop(sig: int, frame: object) -> None:
        raise KeyboardInterrupt

    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again for the
    # handler it found; this one turns both into a clean exit.
    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("legday: server stopped", err=True)
        return
    if not server.started:
        raise InputError(f"could not listen on {host}:{port} (see the message above)")


def _announce(cfg: ServeConfig, tokens: dict[str, str | None], base: str) -> None:
    """Each athlete's feed, webcal, Google, subscribe and plan page links, then /healthz."""
    from optimizer.server.config import feed_links

    for athlete in cfg.athletes:
        value = tokens[athlete.name]
        click.echo(athlete.name)
        if value is None:
            click.echo(f"  feed revoked; `legday token rotate {athlete.name}` issues a new URL")
            continue
        links = feed_links(base, value, athlete.name)
        click.echo(f"  feed:      {links['url']}")
        click.echo(f"  webcal:    {links['webcal']}")
        click.echo(f"  Google:    {links['google']}")
        click.echo(f"  subscribe: {links['subscribe']}")
        click.echo(f"  plan page: {links['page']}")
    click.echo(f"Health: {base}/healthz")
    sys.stdout.flush()


@click.group()
def token() -> None:
    """Show, rotate or revoke an athlete's feed URL.

    \b
    Examples:
      legday token show Ana --config legday.toml
      legday token rotate Ana --config legday.toml
      legday token revoke Ana --config legday.toml
    """


def _open(config: str) -> tuple[ServeConfig, Store]:
    """The serve config and its token store."""
    from optimizer.server.config import load_serve_config
    from optimizer.server.store import Store

    cfg = load_serve_config(config)
    return cfg, Store(cfg.db_path, cfg.key_path)


def _print_links(
    cfg: ServeConfig,
    store: Store,
    name: str,
    token_value: str,
    host: str | None,
    port: int | None,
    links: bool,
) -> None:
    """The feed URL on the first line (scripts read it); the subscribe page's on the last.

    At the address the server really uses: ``--host``/``--port``, else where ``legday serve``
    last listened, else the config's.
    """
    from optimizer.server.config import feed_links

    where = store.listening()
    if where is not None:
        host = host or where[0]
        port = where[1] if port is None else port
    found = feed_links(cfg.base_url(host, port), token_value, name)
    click.echo(found["url"])
    if links:
        click.echo(found["webcal"])
        click.echo(found["google"])
        click.echo(found["outlook"])
        click.echo(f"plan page: {found['page']}")
    click.echo(f"subscribe page: {found['subscribe']}")


_LINKS = click.option(
    "--links", is_flag=True, help="Also print the plan page, webcal, Google and Outlook links."
)


@token.command("show")
@click.argument("name")
@_CONFIG
@_HOST
@_PORT
@_LINKS
@guarded
def show(name: str, config: str, host: str | None, port: int | None, links: bool) -> None:
    """Print NAME's feed URL and subscribe page (issuing a token the first time).

    \b
    Example:
      legday token show Ana --config legday.toml
    """
    cfg, store = _open(config)
    athlete = cfg.athlete(name)
    value = store.token(athlete.name)
    if value is None:
        raise InputError(
            f"{athlete.name}'s feed is revoked; "
            f"`legday token rotate {athlete.name}` issues a new URL"
        )
    _print_links(cfg, store, athlete.name, value, host, port, links)


@token.command("rotate")
@click.argument("name")
@_CONFIG
@_HOST
@_PORT
@_LINKS
@guarded
def rotate(name: str, config: str, host: str | None, port: int | None, links: bool) -> None:
    """Give NAME a new feed URL; the old one stops working at once (also if the server runs).

    \b
    Example:
      legday token rotate Ana --config legday.toml
    """
    cfg, store = _open(config)
    athlete = cfg.athlete(name)
    _print_links(cfg, store, athlete.name, store.rotate(athlete.name), host, port, links)
    click.echo(f"legday: {athlete.name}: new feed URL; the old one no longer works", err=True)


@token.command("revoke")
@click.argument("name")
@_CONFIG
@guarded
def revoke(name: str, config: str) -> None:
    """Turn NAME's feed off: the URL answers 404 until `legday token rotate NAME`.

    \b
    Example:
      legday token revoke Ana --config legday.toml
    """
    cfg, store = _open(config)
    athlete = cfg.athlete(name)
    had = store.revoke(athlete.name)
    state = "revoked" if had else "was already off"
    click.echo(
        f"{athlete.name}: feed {state}; `legday token rotate {athlete.name}` issues a new URL"
    )
