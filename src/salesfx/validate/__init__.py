"""Data-quality gate on the marts: Great Expectations 1.x suites (`salesfx validate`).

- `suites`: the suites, derived from dbt's manifest (the mart YAML's data tests and KPI registry);
- `frames`: reading marts and derived frames out of DuckDB;
- `runner`: an ephemeral GE context validating pandas batches, Data Docs;
- `command`: the CLI subcommand and its summary table.
"""
