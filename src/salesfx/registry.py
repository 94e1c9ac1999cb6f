"""The KPI registry: what every measure of every kpi_ mart is, written once in the mart YAML.

Where the facts live (dbt 1.11 wants meta under `config:`, also on columns):

    models:
      - name: kpi_lead_response_time
        config:
          meta:
            kpi_mart: {title: Lead response time, order: 10}      # per mart
        columns:
          - name: response_rate
            description: ...                                     # the measure's definition
            config:
              meta:
                kpi: {label: Response rate, format: rate, higher_is_better: true,
                      headline: true, matures_with: is_follow_up_maturing}

`kpi_mart` keys: `title` and `order` (required); `segment_values_from` ({segment_type:
"model.column"}: that segment type takes the accepted values of that column) and `attributes`
(columns that are neither key nor measure, e.g. a sort order) are optional.

`kpi` keys: `label`, `format` (one of the formats of dim_kpi_measures' meta `kpi_formats`) and
`higher_is_better` (true, false, or null for neither) are required; `headline` (default false),
`range` ([min, max], null for an open end) and `matures_with` (a boolean column of the same mart,
true on rows whose outcome window is still open) are optional. A measure's accepted range is its
`range` when given, else its accepted_range test's bounds (unless that test only warns), else its
format's default range; it is written in one of these places only.

Every column of a kpi_ mart is a key column (the six uniform ones and the extra ones of its
`unique_combination_of_columns` test), a `matures_with` flag, an attribute, or a measure with a
`kpi` entry: `problems()` lists every departure (the `salesfx coverage` gate fails on them).

Readers: `from_manifest()` (dbt's manifest.json), `from_warehouse()` (the published
`dim_kpi_measures` table, same content), `load()` (the warehouse table, else the manifest).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from salesfx.manifest import Manifest, Model, load_manifest

KPI_SHAPE: tuple[str, ...] = (
    "period_grain",
    "period_start",
    "is_complete_period",
    "segment_type",
    "segment_value",
    "segment_label",
)
KPI_KEY: tuple[str, ...] = ("period_grain", "period_start", "segment_type", "segment_value")
COMPANY = "company"
COMPANY_VALUE = "all"
KEY_TEST = "unique_combination_of_columns"

MEASURE_META = "kpi"
MART_META = "kpi_mart"
REGISTRY_MODEL = "dim_kpi_measures"
FORMATS_META = "kpi_formats"
MEASURE_REQUIRED = ("label", "format", "higher_is_better")
MEASURE_OPTIONAL = ("headline", "range", "matures_with")
MART_REQUIRED = ("title", "order")
MART_OPTIONAL = ("segment_values_from", "attributes")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

Bound = float | None
Range = tuple[Bound, Bound]


class RegistryError(ValueError):
    """The registry is malformed or cannot be read; `problems` says why."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"KPI registry: {shown}{more}")


@dataclass(frozen=True)
class Measure:
    """One measure column of a kpi_ mart."""

    mart: str
    column: str
    label: str
    format: str
    higher_is_better: bool | None  # None: neither direction is better
    headline: bool
    range: Range
    description: str
    matures_with: str | None
    position: int  # 1-based position of the column in the mart

    @property
    def range_text(self) -> str:
        low, high = self.range
        if low is not None and high is not None:
            return f"[{low:g}, {high:g}]"
        if low is not None:
            return f">= {low:g}"
        return "" if high is None else f"<= {high:g}"


@dataclass(frozen=True)
class Mart:
    """A kpi_ mart as the registry sees it: title, display order, one-line definition, measures."""

    name: str
    title: str
    order: int
    description: str
    measures: tuple[Measure, ...]

    @property
    def headlines(self) -> tuple[Measure, ...]:
        return tuple(measure for measure in self.measures if measure.headline)

    def measure(self, column: str) -> Measure:
        for measure in self.measures:
            if measure.column == column:
                return measure
        raise KeyError(f"{self.name} has no measure {column} in the KPI registry")


@dataclass(frozen=True)
class Registry:
    """Every kpi_ mart (by order, then name) and its measures (by column position)."""

    marts: tuple[Mart, ...]
    source: str = ""  # where it was read from, for messages

    def mart(self, name: str) -> Mart:
        for mart in self.marts:
            if mart.name == name:
                return mart
        raise KeyError(f"{name} is not a kpi_ mart of the KPI registry")

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(measure for mart in self.marts for measure in mart.measures)

    @property
    def headlines(self) -> tuple[Measure, ...]:
        return tuple(measure for mart in self.marts for measure in mart.headlines)


# --- reading the manifest -------------------------------------------------------------------


def first_paragraph(text: str) -> str:
    return text.strip().split("\n\n")[0].strip()


def mart_key(model: Model) -> tuple[str, ...]:
    """The key of a mart: the columns of its unique_combination_of_columns test."""
    for test in model.tests_named(KEY_TEST):
        columns = test.arg("combination_of_columns") or []
        if columns:
            return tuple(str(column) for column in columns)
    return ()


def mart_meta(model: Model) -> Mapping[str, Any]:
    value = model.meta.get(MART_META)
    return value if isinstance(value, Mapping) else {}


def formats(manifest: Manifest) -> dict[str, Range]:
    """The closed set of measure formats and their default ranges (dim_kpi_measures' meta)."""
    model = manifest.model(REGISTRY_MODEL)
    declared = None if model is None else model.meta.get(FORMATS_META)
    if not isinstance(declared, Mapping):
        return {}
    out: dict[str, Range] = {}
    for name, bounds in declared.items():
        parsed = _bounds(bounds)
        if parsed is not None:
            out[str(name)] = parsed
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bounds(value: object) -> Range | None:
    """[min, max] with numbers or nulls, as a tuple of floats; None when malformed."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        return None
    if not all(bound is None or _is_number(bound) for bound in value):
        return None
    low, high = (None if bound is None else float(bound) for bound in value)
    if low is not None and high is not None and low > high:
        return None
    return low, high


def _tested_range(model: Model, column: str) -> Range | None:
    """The bounds of the column's accepted_range test; a `severity: warn` one does not count
    (it is an expectation about the data, e.g. money that credit notes can make negative)."""
    found = model.column(column)
    tests = () if found is None else found.tests_named("accepted_range")
    tests = tuple(test for test in tests if not test.is_warning)
    if not tests:
        return None
    low, high = tests[0].arg("min_value"), tests[0].arg("max_value")
    return (
        float(low) if _is_number(low) else None,
        float(high) if _is_number(high) else None,
    )


def non_measure_columns(model: Model) -> set[str]:
    """Columns of a kpi_ mart that are not measures: key, matures_with flags, attributes."""
    meta = mart_meta(model)
    attributes = meta.get("attributes") or []
    flags = {
        str(entry["matures_with"])
        for column in model.columns
        if isinstance(entry := column.meta.get(MEASURE_META), Mapping)
        and isinstance(entry.get("matures_with"), str)
        and entry["matures_with"] != column.name
    }
    listed = {str(a) for a in attributes} if isinstance(attributes, list) else set()
    return set(KPI_SHAPE) | set(mart_key(model)) | flags | listed


def _measure(
    model: Model, position: int, entry: Mapping[str, Any], fmts: Mapping[str, Range]
) -> Measure:
    column = model.columns[position - 1]
    fmt = str(entry.get("format"))
    explicit = _bounds(entry.get("range")) if entry.get("range") is not None else None
    bounds = explicit or _tested_range(model, column.name) or fmts.get(fmt, (None, None))
    hib = entry.get("higher_is_better")
    matures = entry.get("matures_with")
    return Measure(
        mart=model.name,
        column=column.name,
        label=str(entry.get("label")),
        format=fmt,
        higher_is_better=hib if isinstance(hib, bool) else None,
        headline=entry.get("headline") is True,
        range=bounds,
        description=column.description.strip(),
        matures_with=matures if isinstance(matures, str) else None,
        position=position,
    )


def from_manifest(manifest: Manifest, strict: bool = True) -> Registry:
    """The registry of a manifest; with `strict`, RegistryError when `problems()` finds any."""
    if strict:
        found = problems(manifest)
        if found:
            raise RegistryError(found)
    fmts = formats(manifest)
    marts: list[Mart] = []
    for model in manifest.kpi_marts():
        meta = mart_meta(model)
        measures = tuple(
            _measure(model, position, entry, fmts)
            for position, column in enumerate(model.columns, start=1)
            if isinstance(entry := column.meta.get(MEASURE_META), Mapping)
        )
        order = meta.get("order")
        marts.append(
            Mart(
                name=model.name,
                title=str(meta.get("title") or model.name),
                order=order if isinstance(order, int) else 0,
                description=first_paragraph(model.description),
                measures=measures,
            )
        )
    marts.sort(key=lambda mart: (mart.order, mart.name))
    source = str(manifest.path) if manifest.path else "manifest"
    return Registry(tuple(marts), source)


# --- the check ------------------------------------------------------------------------------


def _check_measure(
    model: Model, column: str, entry: object, fmts: Mapping[str, Range]
) -> list[str]:
    where = f"{model.name}.{column}"
    if not isinstance(entry, Mapping):
        return [f"{where}: meta {MEASURE_META} must be a mapping"]
    out: list[str] = []
    unknown = sorted(set(entry) - set(MEASURE_REQUIRED) - set(MEASURE_OPTIONAL))
    if unknown:
        out.append(f"{where}: unknown {MEASURE_META} key(s) {', '.join(map(str, unknown))}")
    missing = [key for key in MEASURE_REQUIRED if key not in entry]
    if missing:
        out.append(f"{where}: {MEASURE_META} lacks {', '.join(missing)}")
    label = entry.get("label")
    if "label" in entry and not (isinstance(label, str) and label.strip()):
        out.append(f"{where}: label must be a non-empty text")
    fmt = entry.get("format")
    if "format" in entry and fmt not in fmts:
        out.append(f"{where}: format {fmt!r} is not one of {', '.join(fmts) or '(none declared)'}")
    if entry.get("higher_is_better") not in (True, False, None):
        out.append(f"{where}: higher_is_better must be true, false or null")
    if "headline" in entry and not isinstance(entry["headline"], bool):
        out.append(f"{where}: headline must be true or false")
    if "range" in entry:
        if _bounds(entry["range"]) is None:
            out.append(f"{where}: range must be [min, max] (numbers or null, min <= max)")
        elif _tested_range(model, column) is not None:
            out.append(
                f"{where}: range is written twice (meta range and an accepted_range test): keep one"
            )
    matures = entry.get("matures_with")
    if "matures_with" in entry:
        if not (isinstance(matures, str) and _IDENTIFIER.match(matures)) or matures == column:
            out.append(f"{where}: matures_with must name another column of the mart")
        else:
            flag = model.column(matures)
            if flag is not None and (flag.data_type or "boolean").lower() != "boolean":
                out.append(f"{where}: matures_with column {matures} must be boolean")
    return out


def _check_mart(model: Model, manifest: Manifest) -> list[str]:
    where = model.name
    raw = model.meta.get(MART_META)
    if not isinstance(raw, Mapping):
        return [f"{where}: no mart meta {MART_META} (title, order)"]
    out: list[str] = []
    unknown = sorted(set(raw) - set(MART_REQUIRED) - set(MART_OPTIONAL))
    if unknown:
        out.append(f"{where}: unknown {MART_META} key(s) {', '.join(map(str, unknown))}")
    title, order = raw.get("title"), raw.get("order")
    if not (isinstance(title, str) and title.strip()):
        out.append(f"{where}: {MART_META}.title must be a non-empty text")
    if not (isinstance(order, int) and not isinstance(order, bool)):
        out.append(f"{where}: {MART_META}.order must be an integer")
    attributes = raw.get("attributes", [])
    if not isinstance(attributes, list) or any(a not in model.column_names for a in attributes):
        out.append(f"{where}: {MART_META}.attributes must list columns of the mart")
    if not mart_key(model):
        out.append(f"{where}: no {KEY_TEST} test: the registry cannot tell key from measure")
    segments = raw.get("segment_values_from", {})
    if not isinstance(segments, Mapping):
        out.append(f"{where}: {MART_META}.segment_values_from must map segment types to columns")
    else:
        for segment_type, source in segments.items():
            if segment_values(manifest, str(source)) is None:
                out.append(
                    f"{where}: segment_values_from {segment_type}: {source!r} is not a "
                    "model.column with an accepted_values test"
                )
    return out


def segment_values(manifest: Manifest, source: str) -> tuple[object, ...] | None:
    """The accepted values of "model.column" (its accepted_values test), None when it has none."""
    name, _, column_name = source.partition(".")
    model = manifest.model(name)
    column = None if model is None else model.column(column_name)
    tests = () if column is None else column.tests_named("accepted_values")
    if not tests:
        return None
    return tuple(tests[0].arg("values") or ())


def problems(manifest: Manifest) -> list[str]:
    """Every missing or malformed registry entry, one sentence each (none: all is well)."""
    fmts = formats(manifest)
    out: list[str] = []
    if not fmts:
        out.append(f"{REGISTRY_MODEL}: no meta {FORMATS_META} ({{format: [min, max]}})")
    orders: dict[int, str] = {}
    for model in manifest.models.values():
        if not model.is_kpi_mart:
            out += [
                f"{model.name}.{column.name}: meta {MEASURE_META} outside a kpi_ mart"
                for column in model.columns
                if MEASURE_META in column.meta
            ]
            continue
        out += _check_mart(model, manifest)
        order = mart_meta(model).get("order")
        if isinstance(order, int):
            if order in orders:
                out.append(f"{model.name}: {MART_META}.order {order} is also {orders[order]}'s")
            orders[order] = model.name
        others = non_measure_columns(model)
        for column in model.columns:
            entry = column.meta.get(MEASURE_META)
            if column.name in others:
                if entry is not None:
                    out.append(
                        f"{model.name}.{column.name}: a key, flag or attribute column has "
                        f"meta {MEASURE_META}"
                    )
                continue
            if entry is None:
                out.append(
                    f"{model.name}.{column.name}: measure without meta {MEASURE_META} "
                    "(label, format, higher_is_better)"
                )
                continue
            out += _check_measure(model, column.name, entry, fmts)
    return out


def notes(manifest: Manifest) -> list[str]:
    """Things that are allowed but worth saying: matures_with columns not declared yet."""
    out: list[str] = []
    for model in manifest.kpi_marts():
        pending = sorted(
            {
                str(entry["matures_with"])
                for column in model.columns
                if isinstance(entry := column.meta.get(MEASURE_META), Mapping)
                and isinstance(entry.get("matures_with"), str)
                and model.column(str(entry["matures_with"])) is None
            }
        )
        out += [
            f"{model.name}.{flag}: named by matures_with but not a column yet (readers fall back "
            "to the latest complete period)"
            for flag in pending
        ]
    return out


# --- reading the warehouse ----------------------------------------------------------------------


def _float(value: object) -> Bound:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def from_rows(rows: Iterable[Mapping[str, Any]], source: str = "") -> Registry:
    """A registry from dim_kpi_measures rows (dicts keyed by its column names)."""
    marts: dict[str, dict[str, Any]] = {}
    for row in rows:
        mart = marts.setdefault(
            str(row["mart"]),
            {
                "title": str(row["mart_title"]),
                "order": int(row["mart_order"]),
                "description": str(row["mart_description"] or ""),
                "measures": [],
            },
        )
        hib = row["higher_is_better"]
        mart["measures"].append(
            Measure(
                mart=str(row["mart"]),
                column=str(row["column_name"]),
                label=str(row["label"]),
                format=str(row["value_format"]),
                higher_is_better=None if hib is None else bool(hib),
                headline=bool(row["is_headline"]),
                range=(_float(row["range_min"]), _float(row["range_max"])),
                description=str(row["description"] or ""),
                matures_with=row["matures_with"] or None,
                position=int(row["column_position"]),
            )
        )
    out = [
        Mart(
            name,
            info["title"],
            info["order"],
            info["description"],
            tuple(sorted(info["measures"], key=lambda m: m.position)),
        )
        for name, info in marts.items()
    ]
    out.sort(key=lambda mart: (mart.order, mart.name))
    return Registry(tuple(out), source)


def from_warehouse(con: duckdb.DuckDBPyConnection, schema: str) -> Registry | None:
    """The registry published in the warehouse (dim_kpi_measures); None when it is not built."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, REGISTRY_MODEL],
    ).fetchone()
    if not (found and found[0]):
        return None
    cursor = con.execute(f'select * from "{schema}"."{REGISTRY_MODEL}"')
    names = [column[0] for column in cursor.description or ()]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return from_rows(rows, f"{schema}.{REGISTRY_MODEL}")


def load(
    con: duckdb.DuckDBPyConnection | None = None,
    schema: str = "main_marts",
    target: str | None = None,
) -> Registry:
    """The registry from the warehouse table when built, else from dbt's manifest.

    Raises RegistryError when neither can be read (or the manifest's registry is malformed).
    """
    if con is not None:
        published = from_warehouse(con, schema)
        if published is not None and published.marts:
            return published
    try:
        return from_manifest(load_manifest(target))
    except FileNotFoundError as error:
        raise RegistryError(
            [f"no {schema}.{REGISTRY_MODEL} in the warehouse and {error}"]
        ) from error
