"""Commands for the report area (filled in by that area)."""

import click


def register(group: click.Group) -> None:
    """Add this area's commands to the `gapassess` group."""
