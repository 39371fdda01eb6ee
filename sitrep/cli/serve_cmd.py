"""Placeholder: commands of this group are registered by their stage owner."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
