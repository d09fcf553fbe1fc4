"""`monitor serve`: the read-only web dashboard (Starlette on uvicorn)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from monitor.cli import Context, common_options
from monitor.config import Config
from monitor.errors import ConfigError

log = logging.getLogger(__name__)


def configured_token(config: Config) -> str:
    """The token of `--auth`: [serve] token, else the first line of [serve] token_file."""
    if config.serve_token:
        return config.serve_token
    if config.serve_token_file is not None:
        try:
            token = config.serve_token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(config.path), f"cannot read {config.serve_token_file}: {exc}",
                              key="serve.token_file") from None
        if len(token) < 16 or not token.isascii() or not token.isprintable() or any(c in token for c in ' ;,"\\'):
            raise ConfigError(str(config.path), f"{config.serve_token_file}: expected one line of at least 16 "
                              "ASCII characters without spaces, quotes, ';', ',' or '\\'", key="serve.token_file")
        return token
    raise ConfigError(str(config.path), "--auth needs a token: set [serve] token = \"...\" (16 characters or more) "
                      "or [serve] token_file = \"path\"", key="serve")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (the default keeps the dashboard on this machine).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--auth", is_flag=True, help="Require the token of [serve] token or token_file in config.toml.")
@common_options
def serve(ctx: Context, host: str, port: int, auth: bool) -> None:
    """Serve a read-only dashboard of the log: watchlists, metric timelines, latest estimates per
    source, actors, alerts and their delivery, feed health, articles with their figures marked;
    /alerts.atom (Atom 1.0, ?watchlist=ID) and /metrics (Prometheus).

    It opens the database read-only for each request, so it runs beside `monitor run`.
    With --auth, send 'Authorization: Bearer TOKEN', or open a page once with ?token=TOKEN.

    \b
    Example:
      monitor serve --port 8080
      monitor serve --host 0.0.0.0 --auth --config /etc/monitor/config.toml
    """
    import uvicorn

    from monitor.daemon import spool_folder  # here: `monitor --help` starts without the daemon
    from monitor.web.app import WebSettings, create_app

    token = configured_token(ctx.config) if auth else None
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))
    for name in ("uvicorn", "uvicorn.error", "trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.WARNING)
    settings = WebSettings(database=ctx.config.database, watchlists=ctx.watchlists,
                           lock_timeout=min(ctx.config.lock_timeout_seconds, 5.0), token=token,
                           spool=ctx.config.spool_dir or spool_folder(ctx.config.database))
    app = create_app(settings)
    if not auth and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host} without --auth: anyone who can reach this port reads the log",
                   err=True)
    click.echo(f"monitor serve: http://{host}:{port}/ (database {Path(ctx.config.database)}; Ctrl-C stops)",
               err=True)
    # uvicorn's own access log prints query strings (a ?token= would land in it): monitor.web.access
    # logs method, path and status instead.
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None, server_header=False,
                proxy_headers=False)


COMMANDS = [serve]
