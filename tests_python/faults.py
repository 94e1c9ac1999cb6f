"""Helpers of the fault tests: `salesfx build` on a warehouse of its own, a small company, and the
marts' hashes.

A `Warehouse` is a published DuckDB file with its own profiles, target and log folders; `build()`
runs `salesfx build` on it (dbt builds a copy, swapped in on success) and `start()` starts one
in its own process group, so that a test can kill dbt and the wrapper together.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from conftest import PROJECT_DIR, load_csv_tables

from salesfx.build import WarehouseFiles
from salesfx.warehouse import MARTS_SCHEMA, table_hashes

SALESFX = Path(sys.executable).with_name("salesfx")
# models, seeds and snapshots only: the fault tests are about files, not about data tests
NO_TESTS: tuple[str, ...] = ("build", "--exclude-resource-type", "test", "unit_test")
SMALL_SCALE = "0.05"  # the generator's smallest company: ~9,000 raw rows


@dataclass
class Warehouse:
    """A published warehouse file and the folders `salesfx build` uses for it."""

    work_dir: Path
    vars_yaml: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        profiles = self.work_dir / "profiles.yml"
        if not profiles.exists():
            shutil.copy(PROJECT_DIR / "profiles.example.yml", profiles)

    @property
    def published(self) -> Path:
        return self.work_dir / "warehouse.duckdb"

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(self.published)

    def command(self, *dbt_args: str, vars_yaml: str | None = None) -> list[str]:
        command = [str(SALESFX), "build", "--warehouse", str(self.published), "--", *dbt_args]
        command += ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(self.work_dir)]
        chosen = vars_yaml or self.vars_yaml
        return command + (["--vars", chosen] if chosen else [])

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            **os.environ,
            "SALESFX_TARGET": "duckdb",
            "DBT_TARGET_PATH": str(self.work_dir / "target"),
            "DBT_LOG_PATH": str(self.work_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.env,
            **(extra or {}),
        }

    def build(
        self,
        *dbt_args: str,
        vars_yaml: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run `salesfx build -- <dbt_args>` to the end."""
        return subprocess.run(
            self.command(*(dbt_args or NO_TESTS), vars_yaml=vars_yaml),
            cwd=PROJECT_DIR,
            env=self.environment(extra_env),
            capture_output=True,
            text=True,
            check=False,
        )

    def start(self, *dbt_args: str, vars_yaml: str | None = None) -> subprocess.Popen[str]:
        """Start `salesfx build` in a process group of its own (output: stdout, line by line)."""
        return subprocess.Popen(
            self.command(*(dbt_args or NO_TESTS), vars_yaml=vars_yaml),
            cwd=PROJECT_DIR,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,
        )

    def hashes(self, schema: str = MARTS_SCHEMA) -> dict[str, str]:
        """The md5 of every table of the published marts (opened read-only, then closed)."""
        with duckdb.connect(str(self.published), read_only=True) as con:
            return table_hashes(con, schema)

    def copy_to(self, work_dir: Path) -> Warehouse:
        """A warehouse of its own holding a copy of this one's published file."""
        other = Warehouse(work_dir, self.vars_yaml, dict(self.env))
        shutil.copyfile(self.published, other.published)
        return other


def tail(result: subprocess.CompletedProcess[str], lines: int = 40) -> str:
    return "\n".join((result.stdout + result.stderr).splitlines()[-lines:])


def small_company(work_dir: Path) -> Warehouse:
    """A warehouse holding the raw tables of the generator's smallest company (typed tables, in
    schemas small_<source>), not built yet; its vars point the sources at them."""
    raw = work_dir / "raw"
    subprocess.run(
        [str(SALESFX), "generate", "--scale", SMALL_SCALE, "--out", str(raw), "--quiet"],
        check=True,
    )
    warehouse = Warehouse(work_dir / "small")
    warehouse.vars_yaml = load_csv_tables(warehouse.published, raw, "small", all_varchar=False)
    return warehouse
