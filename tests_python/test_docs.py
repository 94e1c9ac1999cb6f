"""`salesfx docs`: the reference pages of docs/ are rendered from the project and up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from salesfx import docs
from salesfx.manifest import Manifest


def test_overview_sections_are_split_by_heading() -> None:
    text = "{% docs __overview__ %}\n# Title\nintro\n## A\none\n## B\ntwo\nmore\n{% enddocs %}"
    assert docs.overview_sections(text) == {"A": "one", "B": "two\nmore"}


def test_raw_contract_literal_is_read() -> None:
    contract = docs.raw_contract((PROJECT_DIR / docs.RAW_CONTRACT).read_text(encoding="utf-8"))
    assert list(contract) == list(docs.SOURCE_ORDER)
    assert contract["salesforce"]["task"]["columns"]["completed_date_time"] == "timestamp"
    assert contract["salesforce"]["opportunity"]["optional"] == ["sales_channel_c"]


def test_replace_between_markers() -> None:
    text = "a\n<!-- salesfx docs: x -->\nold\n<!-- /salesfx docs: x -->\nb\n"
    assert docs.replace_between(text, "x", "new") == (
        "a\n<!-- salesfx docs: x -->\nnew\n<!-- /salesfx docs: x -->\nb\n"
    )
    with pytest.raises(ValueError, match="markers"):
        docs.replace_between("no markers", "x", "new")


def test_dq_rules_table_lists_every_rule_of_the_seed() -> None:
    rules = docs.dq_rules(PROJECT_DIR / docs.DQ_RULES)
    table = docs.render_dq_rules(rules)
    assert table.count("\n") == len(rules) + 1  # header, separator, one line per rule
    assert "| `owner_not_a_user` | flagged | salesforce.lead |" in table


def test_committed_pages_are_up_to_date(project_manifest: Manifest) -> None:
    """Edit the overview, a doc block, a mart YAML, the contract or the rules seed, and this
    fails until `salesfx docs` is run."""
    file = project_manifest.path
    assert file is not None
    stale = [
        str(path.relative_to(PROJECT_DIR))
        for path, text in docs.pages(PROJECT_DIR, file).items()
        if Path(path).read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"out of date, run `salesfx docs`: {stale}"
