"""Run the mart suites against a built DuckDB warehouse with Great Expectations 1.x.

An ephemeral Data Context (nothing written under gx/) holds one pandas datasource; each mart
(and each kpi_ mart's derived company-coverage frame) is one dataframe asset validated with its
suite. Data Docs are built once at the end into `docs_dir` when one is given.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from salesfx.validate import frames
from salesfx.validate.suites import MartSpec, build_suite, company_period_suite

DOCS_SITE = "salesfx_marts"


@dataclass(frozen=True)
class Outcome:
    """The result of one expectation."""

    suite: str
    description: str
    success: bool
    detail: str = ""

    @property
    def label(self) -> str:
        text = f"{self.suite}: {self.description}" if "." in self.suite else self.description
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class MartResult:
    """Every expectation outcome of one mart; `missing` when the mart is not in the warehouse."""

    mart: str
    outcomes: list[Outcome] = field(default_factory=list)
    missing: bool = False

    @property
    def expectations(self) -> int:
        return len(self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.success for o in self.outcomes)

    @property
    def failed(self) -> int:
        return self.expectations - self.passed

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def success(self) -> bool:
        return not self.missing and self.failed == 0


@dataclass
class ValidationRun:
    results: list[MartResult]
    docs_index: Path | None = None

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    @property
    def missing(self) -> list[str]:
        return [r.mart for r in self.results if r.missing]


def _detail(result: dict[str, Any], exception_info: dict[str, Any] | None) -> str:
    """A short reason for a failed expectation: its unexpected count and examples, or the error."""
    if exception_info and exception_info.get("raised_exception"):
        message = str(exception_info.get("exception_message") or "error")
        return message.replace("Error: ", "").strip()
    count = result.get("unexpected_count")
    examples = result.get("partial_unexpected_list") or []
    if count is None:
        observed = result.get("observed_value")
        return "" if observed is None else f"observed {observed}"
    shown = ", ".join(_short(v) for v in examples[:3])
    return f"{count} unexpected, e.g. {shown}" if shown else f"{count} unexpected"


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _exception_info(raw: Any) -> dict[str, Any] | None:
    """GE gives either one exception dict or a dict of them keyed by metric; return the first."""
    if not raw:
        return None
    if "raised_exception" in raw:
        return dict(raw)
    for value in raw.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return dict(value)
    return None


def _outcomes(suite_name: str, order: Sequence[str], validation: Any) -> list[Outcome]:
    """Outcomes in the suite's own order (GE does not keep it), with readable details."""
    by_id: dict[str, Outcome] = {}
    for item in validation.results:
        config = item.expectation_config
        by_id[str(config.id)] = Outcome(
            suite=suite_name,
            description=config.description or config.type,
            success=bool(item.success),
            detail=""
            if item.success
            else _detail(item.result, _exception_info(item.exception_info)),
        )
    return [by_id[i] for i in order if i in by_id]


class _Validator:
    """Ephemeral GE context with one pandas datasource and an optional Data Docs site."""

    def __init__(self, docs_dir: Path | None) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs_dir = docs_dir
        if docs_dir is not None:
            self.context.add_data_docs_site(
                site_name=DOCS_SITE,
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(docs_dir.resolve()),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        self.datasource = self.context.data_sources.add_pandas("warehouse")

    def validate(self, suite: Any, frame: pd.DataFrame) -> list[Outcome]:
        gx = self._gx
        batch = self.datasource.add_dataframe_asset(
            suite.name
        ).add_batch_definition_whole_dataframe("whole_table")
        suite = self.context.suites.add(suite)
        order = [str(e.id) for e in suite.expectations]
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch, suite=suite)
        )
        validation = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        return _outcomes(suite.name, order, validation)

    def build_docs(self) -> Path | None:
        """Write the site; pages of earlier runs are removed so the index shows this run only."""
        if self.docs_dir is None:
            return None
        if (self.docs_dir / "index.html").exists():  # a site we wrote before: refresh its pages
            for folder in ("expectations", "validations"):
                shutil.rmtree(self.docs_dir / folder, ignore_errors=True)
        self.context.build_data_docs(site_names=[DOCS_SITE])
        return self.docs_dir / "index.html"


def _company_periods(
    validator: _Validator,
    con: duckdb.DuckDBPyConnection,
    spec: MartSpec,
    marts_schema: str,
    registered: bool,
) -> list[Outcome]:
    """The row-count relation of a kpi_ mart, or one failed outcome when it cannot be derived."""
    suite = company_period_suite(spec)
    try:
        frame = frames.company_period_frame(con, spec, marts_schema, registered)
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        return [Outcome(suite.name, "company rows for every period", False, reason)]
    return validator.validate(suite, frame)


def validate_warehouse(
    warehouse: Path,
    specs: Iterable[MartSpec],
    marts_schema: str,
    docs_dir: Path | None = None,
) -> ValidationRun:
    """Validate every mart of `specs` found in `warehouse` (read-only)."""
    validator = _Validator(docs_dir)
    results: list[MartResult] = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        registered = frames.register_expected_periods(con, marts_schema)
        for spec in specs:
            if not frames.relation_exists(con, marts_schema, spec.name):
                results.append(MartResult(spec.name, missing=True))
                continue
            result = MartResult(spec.name)
            result.outcomes += validator.validate(
                build_suite(spec), frames.read_mart(con, marts_schema, spec.name)
            )
            if spec.is_kpi:
                result.outcomes += _company_periods(validator, con, spec, marts_schema, registered)
            results.append(result)
    docs_index = validator.build_docs() if any(not r.missing for r in results) else None
    return ValidationRun(results, docs_index)
