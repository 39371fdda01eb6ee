"""The `sitrep` command line (Typer + Rich).

Each command group lives in its own module and registers itself on ``app``;
``main`` turns every :class:`~sitrep.errors.SitrepError` into one line on
stderr and a non-zero exit, never a traceback -- unless ``--debug`` (or
``SITREP_DEBUG=1``) asks for the full traceback before that line.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

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
DEBUG_ENV = "SITREP_DEBUG"
_debug = {"on": False}


@app.callback()
def _options(
    debug: bool = typer.Option(
        False, "--debug", envvar=DEBUG_ENV, help="Show the full traceback of an error (also SITREP_DEBUG=1)."
    ),
) -> None:
    _debug["on"] = debug


def _debug_on() -> bool:
    """--debug was given, or SITREP_DEBUG is set (also for errors met before the options are read)."""
    return _debug["on"] or os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _traceback(exc: BaseException) -> None:
    if _debug_on():
        traceback.print_exception(exc, file=sys.stderr)


def _register() -> None:
    from sitrep.cli import batch_cmd, extract_cmd, gazetteer_cmd, serve_cmd, store_cmd

    for module in (extract_cmd, gazetteer_cmd, store_cmd, serve_cmd, batch_cmd):
        module.register(app)


def _interrupted_exit() -> None:
    """Leave at once after an interrupted run: its workers are stopped and its summary printed;
    the interpreter's exit handlers would only join the stopped pool's manager thread, and a
    signal racing with them printed a traceback after the one-line summary."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(130)


def main() -> None:
    """Run the command line and exit with its status: 0 done, 1 partly failed, 2 bad input or
    nothing done, 130 interrupted (each command documents its own)."""
    _register()
    _debug["on"] = False
    try:
        code = app(standalone_mode=False)
    except SitrepError as exc:
        _traceback(exc)
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted[/]")
        sys.exit(130)
    except typer.Exit as exc:  # raised by commands that end early on purpose
        if exc.exit_code == 130:
            _interrupted_exit()
        sys.exit(exc.exit_code)
    except typer.Abort as exc:  # click turns Ctrl-C into Abort
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            err_console.print("[bold red]interrupted[/]")
            sys.exit(130)
        sys.exit(1)
    except Exception as exc:  # click usage errors and anything unforeseen: still one line
        # usage errors (click's, or those of the click that typer vendors) know how to show themselves
        message, exit_code = getattr(exc, "format_message", None), getattr(exc, "exit_code", None)
        _traceback(exc)
        if callable(message) and isinstance(exit_code, int):
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            err_console.print(f"[bold red]error:[/] {message()}{hint}", highlight=False, soft_wrap=True)
            sys.exit(exit_code)
        err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        sys.exit(1)
    # with standalone_mode=False click returns the code of a typer.Exit instead of exiting
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)
