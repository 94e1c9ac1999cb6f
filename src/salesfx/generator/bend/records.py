"""Bend classes about records: leads converted into existing contacts, renamed stages and
product codes that are not unique."""

from __future__ import annotations

from datetime import datetime, timedelta

from salesfx.generator.bend.common import (
    RESERVED_FOR_ADDED_ROWS,
    Context,
    Tables,
    current_rows,
    reserved_ids,
    share,
)
from salesfx.generator.model import between, plus

CONVERTED_SHARE = 0.1
# Stage labels before a rename: history rows written before RENAMED_ON carry the old label, and
# some open opportunities still show it (the old value was retired, not migrated).
OLD_STAGE_LABELS = {"Needs Analysis": "Discovery", "Proposal": "Proposal/Price Quote"}
RENAMED_ON = datetime(2024, 9, 1)
RETIRED_LABEL_SHARE = 0.3
# (product code, name of the older inactive product with the same code)
DUPLICATE_CODES = (
    ("ANL-STD", "Analytics Starter (2022)"),
    ("SEC-PRO", "Security Professional (2022)"),
)
OLD_PRODUCTS_CREATED = datetime(2022, 6, 1)
BLANK_CODE_PRODUCT = ("Custom Services", " ", "Services")


def converted_to_existing_contacts(tables: Tables, context: Context) -> None:
    """Some converted leads went into a contact that already existed: the contact (and its
    account, if needed) is back-dated to before the conversion. converted_contact_id keeps
    pointing at it; every other column and every task stays."""
    leads = tables.get("salesforce.lead")
    contacts = tables.get("salesforce.contact")
    if not leads or contacts is None:
        return
    rng = context.rng("converted_to_existing_contacts")
    start = context.config.start
    current = current_rows(leads)
    converted = sorted(
        lead_id
        for lead_id, row in current.items()
        if row["is_converted"] and row["converted_contact_id"] is not None
    )
    contact_dates: dict[str, datetime] = {}
    account_dates: dict[str, datetime] = {}
    for lead_id in share(rng, converted, CONVERTED_SHARE):
        lead = current[lead_id]
        latest = datetime.combine(lead["converted_date"], datetime.min.time()) - timedelta(days=1)
        if latest <= start:
            continue
        created = between(rng, start, latest)
        contact_dates[lead["converted_contact_id"]] = created
        if lead["converted_account_id"] is not None:
            account = lead["converted_account_id"]
            account_dates[account] = min(created, account_dates.get(account, created))
    for row in contacts:
        if row["id"] in contact_dates:
            row["created_date"] = min(row["created_date"], contact_dates[row["id"]])
    for row in tables.get("salesforce.account", []):
        if row["id"] in account_dates:
            row["created_date"] = min(row["created_date"], account_dates[row["id"]])


def renamed_stages(tables: Tables, context: Context) -> None:
    """Old stage labels that opportunity_stage no longer lists (history before the rename, some
    open opportunities still in a retired value); product_2 gets inactive older products that
    share an active product's code, and a product with a blank code."""
    rng = context.rng("renamed_stages")
    history = tables.get("salesforce.opportunity_history", [])
    for row in history:
        if row["stage_name"] in OLD_STAGE_LABELS and row["created_date"] < RENAMED_ON:
            row["stage_name"] = OLD_STAGE_LABELS[row["stage_name"]]
    opportunities = tables.get("salesforce.opportunity")
    if opportunities:
        current = current_rows(opportunities)
        in_renamed_stage = sorted(
            key
            for key, row in current.items()
            if not row["is_closed"] and row["stage_name"] in OLD_STAGE_LABELS
        )
        retired = set(share(rng, in_renamed_stage, RETIRED_LABEL_SHARE))
        for row in opportunities:
            if row["id"] in retired and row["stage_name"] in OLD_STAGE_LABELS:
                row["stage_name"] = OLD_STAGE_LABELS[row["stage_name"]]
        for row in history:
            if row["opportunity_id"] in retired and row["stage_name"] in OLD_STAGE_LABELS:
                row["stage_name"] = OLD_STAGE_LABELS[row["stage_name"]]
    _products_with_shared_codes(tables, context)


def _products_with_shared_codes(tables: Tables, context: Context) -> None:
    products = tables.get("salesforce.product_2")
    if not products:
        return
    ids = reserved_ids(RESERVED_FOR_ADDED_ROWS)
    by_code = {row["product_code"]: row for row in products if row["is_active"]}
    for code, name in DUPLICATE_CODES:
        active = by_code[code]
        products.append(
            {
                **active,
                "id": ids.new("product_2"),
                "name": name,
                "is_active": False,
                "created_date": OLD_PRODUCTS_CREATED,
                "_fivetran_synced": plus(context.config.start, hours=1),
            }
        )
    name, code, family = BLANK_CODE_PRODUCT
    products.append(
        {
            "id": ids.new("product_2"),
            "is_deleted": False,
            "name": name,
            "product_code": code,
            "family": family,
            "edition_rank_c": None,
            "is_active": True,
            "created_date": plus(context.config.start, days=200),
            "_fivetran_synced": plus(context.config.start, days=200, hours=1),
        }
    )
