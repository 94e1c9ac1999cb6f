"""Data-quality gate on the marts: Great Expectations 1.x suites (`salesfx validate`).

- `suites`: the declarative table of what docs/kpis.md says about every mart, and the suite builder;
- `frames`: reading marts and derived frames out of DuckDB;
- `runner`: an ephemeral GE context validating pandas batches, Data Docs;
- `command`: the CLI subcommand and its summary table.
"""
