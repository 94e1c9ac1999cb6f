"""`salesfx dashboard`: start the Streamlit dashboard on the built warehouse."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from salesfx.warehouse import warehouse_path

APP = Path(__file__).with_name("app.py")
DEFAULT_PORT = 8501


def streamlit_command(warehouse: Path, port: int, host: str) -> list[str]:
    """The `streamlit run` command line of the dashboard (headless, no usage statistics)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--theme.base",
        "light",
        "--theme.primaryColor",
        "#2563eb",
        "--theme.backgroundColor",
        "#ffffff",
        "--theme.secondaryBackgroundColor",
        "#f3f6fb",
        "--theme.textColor",
        "#1e293b",
        "--",
        "--warehouse",
        str(warehouse),
    ]


def run(warehouse: str | None, port: int, host: str) -> int:
    path = warehouse_path(warehouse).resolve()
    if not path.exists():
        print(
            f"No warehouse at {path}. Build it first with `make demo` (or pass --warehouse PATH).",
            file=sys.stderr,
        )
        return 2
    print(f"Sales-effectiveness dashboard on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    command = streamlit_command(path, port, host)
    # become the Streamlit server: Ctrl+C and signals reach it directly
    os.execv(command[0], command)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "dashboard", help="open the KPI dashboard (Streamlit) on the built warehouse"
    )
    parser.add_argument(
        "--warehouse", help="DuckDB file (default: $SALESFX_DUCKDB_PATH or warehouse/)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8501)")
    parser.add_argument("--host", default="localhost", help="address to listen on")
    parser.set_defaults(func=lambda args: run(args.warehouse, args.port, args.host))
