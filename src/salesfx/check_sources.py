"""`salesfx check-sources`: the preflight to run before the first build on re-pointed sources.

It runs the dbt operation `check_sources` (macros/staging/check_sources.sql) on the target of
the profile, so it works on every warehouse dbt reaches: each raw table of the contract is
looked up where the source vars point, its columns compared with the contract, and its values
test-parsed. It prints the report and exits 0 when the build can run, 2 when a table or a column
is missing (what `dbt build` would otherwise stop on), 1 when dbt itself could not run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_DBT_FAILED = 1
EXIT_SOURCES_BROKEN = 2
REPORT_MARKER = "== Raw sources against the contract =="
PROBLEMS_MARKER = "problem(s) with the raw sources"
_DBT_LOG_LINE = re.compile(r"^(\x1b\[\d+m)?\d{2}:\d{2}:\d{2}\s")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-sources",
        help="check the raw tables against the contract before a build",
        description=(
            "Check that every raw table of the contract is found where the source vars point, "
            "that every contract column is present and that its values parse. Exit 0: the build "
            "can run; 2: a table or a column is missing; 1: dbt could not run."
        ),
    )
    parser.add_argument(
        "--vars", default=None, help="dbt vars, as for dbt build (e.g. '{salesforce_schema: crm}')"
    )
    parser.add_argument("--target", default=None, help="dbt target (default: the profile's)")
    parser.add_argument("--project-dir", type=Path, default=Path("."), help="the dbt project")
    parser.add_argument("--profiles-dir", type=Path, default=None, help="where profiles.yml is")
    parser.set_defaults(func=run)


def dbt_command(args: argparse.Namespace) -> list[str]:
    """The `dbt run-operation check_sources` command line for these arguments."""
    dbt = shutil.which("dbt") or str(Path(sys.executable).with_name("dbt"))
    command = [dbt, "run-operation", "check_sources", "--project-dir", str(args.project_dir)]
    if args.profiles_dir is not None:
        command += ["--profiles-dir", str(args.profiles_dir)]
    if args.target:
        command += ["--target", args.target]
    if args.vars:
        command += ["--vars", args.vars]
    return command


def report_lines(output: str) -> list[str]:
    """The report the operation printed, without dbt's own timestamped log lines."""
    lines = output.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if REPORT_MARKER in line)
    except StopIteration:
        return []
    report: list[str] = []
    for line in lines[start:]:
        if PROBLEMS_MARKER in line:  # dbt's error trailer follows: the report is over
            break
        if not _DBT_LOG_LINE.match(line):
            report.append(line)
    return report


def exit_code(returncode: int, output: str) -> int:
    """0 when dbt succeeded, 2 when the operation found missing tables or columns, else 1."""
    if returncode == 0:
        return EXIT_OK
    if PROBLEMS_MARKER in output:
        return EXIT_SOURCES_BROKEN
    return EXIT_DBT_FAILED


def run(args: argparse.Namespace, argv: Sequence[str] | None = None) -> int:
    completed = subprocess.run(dbt_command(args), capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    lines = report_lines(output)
    code = exit_code(completed.returncode, output)
    if lines:
        print("\n".join(lines).rstrip())
    if code == EXIT_DBT_FAILED:
        print("dbt could not run the check:", file=sys.stderr)
        print(output.strip(), file=sys.stderr)
    elif code == EXIT_SOURCES_BROKEN:
        print(
            "\nsalesfx check-sources: fix the problems above before `dbt build`.", file=sys.stderr
        )
    return code
