"""The `sitrep` command line (Typer + Rich).

Each command group lives in its own module and registers itself on ``app``;
``main`` turns every :class:`~sitrep.errors.SitrepError` into one line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from sitrep.errors import SitrepError

app = typer.Typer(
    name="sitrep",
    help="Turn news reports about an armed conflict into coded, located, dated events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def _register() -> None:
    from sitrep.cli import batch_cmd, extract_cmd, gazetteer_cmd, serve_cmd, store_cmd

    for module in (extract_cmd, gazetteer_cmd, store_cmd, serve_cmd, batch_cmd):
        module.register(app)


def main() -> None:
    _register()
    try:
        app(standalone_mode=False)
    except SitrepError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted[/]")
        sys.exit(130)
    except typer.Exit as exc:  # raised by commands that end early on purpose
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # click usage errors and anything unforeseen: still one line
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        sys.exit(1)
