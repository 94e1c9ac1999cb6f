"""The `salesfx` command line: a small argparse dispatcher.

Each subcommand lives in its own module with a `register(subparsers)` function that sets
`func` on its parser; add the module to SUBCOMMANDS to expose it.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

SUBCOMMANDS: tuple[str, ...] = (
    "salesfx.commands.generate",
    "salesfx.check_sources",
    "salesfx.build",
    "salesfx.docs",
    "salesfx.bench",
    "salesfx.summary",
    "salesfx.validate.command",
    "salesfx.coverage",
    "salesfx.dashboard.command",
    "salesfx.compare_marts",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesfx", description="Tooling for the sales-effectiveness dbt project."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in SUBCOMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
