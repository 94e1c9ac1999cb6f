"""The raw tables of docs/raw-contract.md: every column, its warehouse type and a description.

This module is the single source of truth for the generator's output shape: the CSV / Parquet
writers, the dbt seed YAML (`seeds/raw/_raw__seeds.yml`) and the tests all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Warehouse types used in the seed YAML (`column_types`) and for Parquet.
VARCHAR = "varchar"
TIMESTAMP = "timestamp"
DATE = "date"
BOOLEAN = "boolean"
DOUBLE = "double"
INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    decimals: int = 2  # only for DOUBLE: fixed number of decimals in the CSV


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        return f"{self.source}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _c(name: str, type_: str, description: str, decimals: int = 2) -> Column:
    return Column(name, type_, description, decimals)


_IS_DELETED = _c("is_deleted", BOOLEAN, "Soft delete flag set by the loader (true = deleted).")
_SYNCED = _c(
    "_fivetran_synced",
    TIMESTAMP,
    "When the loader last wrote the row (UTC); a re-synced id keeps the latest.",
)
_CREATED = _c("created_date", TIMESTAMP, "When the record was created (UTC).")

TABLES: tuple[Table, ...] = (
    Table(
        "salesforce",
        "user_role",
        "Role hierarchy: root 'Sales' > region (AMER, EMEA, APAC) > sales team.",
        (
            _c("id", VARCHAR, "Salesforce id of the role (prefix 00E)."),
            _c("name", VARCHAR, "Role name: 'Sales', a region or a sales team."),
            _c("parent_role_id", VARCHAR, "Parent role id; null for the root role."),
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "user",
        "Salesforce users: sales reps and managers ('Standard') and automation users.",
        (
            _c("id", VARCHAR, "Salesforce id of the user (prefix 005)."),
            _c("first_name", VARCHAR, "First name."),
            _c("last_name", VARCHAR, "Last name."),
            _c("name", VARCHAR, "Full name."),
            _c("email", VARCHAR, "Work email address."),
            _c(
                "user_role_id",
                VARCHAR,
                "Role of the user (team role for reps, region role for managers).",
            ),
            _c("manager_id", VARCHAR, "User id of the manager."),
            _c(
                "user_type",
                VARCHAR,
                "'Standard' for people, 'AutomatedProcess' for automation users.",
            ),
            _c("is_active", BOOLEAN, "Whether the user can log in."),
            _c("time_zone_sid_key", VARCHAR, "IANA time zone of the user."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "account",
        "Companies: prospects and customers.",
        (
            _c("id", VARCHAR, "Salesforce id of the account (prefix 001)."),
            _IS_DELETED,
            _c("name", VARCHAR, "Company name."),
            _c("type", VARCHAR, "'Prospect', 'Customer' or 'Former Customer'."),
            _c("industry", VARCHAR, "Industry picklist value."),
            _c("billing_country", VARCHAR, "Billing country as typed (many spellings)."),
            _c("number_of_employees", INTEGER, "Company head count."),
            _c("owner_id", VARCHAR, "User id of the account owner."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "contact",
        "People at accounts (created by lead conversion or by reps).",
        (
            _c("id", VARCHAR, "Salesforce id of the contact (prefix 003)."),
            _IS_DELETED,
            _c("account_id", VARCHAR, "Account of the contact."),
            _c("first_name", VARCHAR, "First name."),
            _c("last_name", VARCHAR, "Last name."),
            _c("email", VARCHAR, "Email address as entered (case and spaces not normalized)."),
            _c("title", VARCHAR, "Job title."),
            _c("owner_id", VARCHAR, "User id of the contact owner."),
            _c("lead_source", VARCHAR, "Where the contact came from."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "lead",
        "Leads: people not yet converted into a contact / account / opportunity.",
        (
            _c("id", VARCHAR, "Salesforce id of the lead (prefix 00Q)."),
            _IS_DELETED,
            _c("first_name", VARCHAR, "First name."),
            _c("last_name", VARCHAR, "Last name."),
            _c("email", VARCHAR, "Email address as entered (case and spaces not normalized)."),
            _c("company", VARCHAR, "Company name as entered."),
            _c("title", VARCHAR, "Job title."),
            _c("industry", VARCHAR, "Industry."),
            _c("country", VARCHAR, "Country as typed (many spellings)."),
            _c("lead_source", VARCHAR, "Where the lead came from."),
            _c("status", VARCHAR, "Lead status picklist value."),
            _c("owner_id", VARCHAR, "User id of the lead owner."),
            _c("is_converted", BOOLEAN, "Whether the lead was converted."),
            _c("converted_date", DATE, "Date of conversion."),
            _c("converted_account_id", VARCHAR, "Account the lead was converted into."),
            _c("converted_contact_id", VARCHAR, "Contact the lead was converted into."),
            _c("converted_opportunity_id", VARCHAR, "Opportunity created at conversion."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "opportunity",
        "Deals, one row per opportunity (current state).",
        (
            _c("id", VARCHAR, "Salesforce id of the opportunity (prefix 006)."),
            _IS_DELETED,
            _c("account_id", VARCHAR, "Account of the deal."),
            _c("owner_id", VARCHAR, "User id of the opportunity owner (the rep)."),
            _c("name", VARCHAR, "Opportunity name."),
            _c("type", VARCHAR, "Label chosen by the rep ('New Business', 'Renewal'...)."),
            _c("stage_name", VARCHAR, "Current stage."),
            _c("amount", DOUBLE, "Deal amount in currency_iso_code (sum of line totals)."),
            _c("currency_iso_code", VARCHAR, "ISO currency of the amount."),
            _c("probability", DOUBLE, "Win probability in percent."),
            _c("forecast_category", VARCHAR, "Forecast category of the stage."),
            _c("lead_source", VARCHAR, "Where the deal came from."),
            _c("sales_channel_c", VARCHAR, "'Field', 'Inside', 'Online' or 'Partner'."),
            _c("is_closed", BOOLEAN, "Whether the deal is closed."),
            _c("is_won", BOOLEAN, "Whether the deal is won."),
            _CREATED,
            _c("close_date", DATE, "Close date (expected date while open)."),
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "opportunity_history",
        "A row at creation and at every stage / amount / probability / close date change.",
        (
            _c("id", VARCHAR, "Salesforce id of the history row (prefix 008)."),
            _IS_DELETED,
            _c("opportunity_id", VARCHAR, "Opportunity the row belongs to."),
            _c("stage_name", VARCHAR, "Stage after the change."),
            _c("amount", DOUBLE, "Amount after the change."),
            _c("close_date", DATE, "Expected close date after the change."),
            _c("probability", DOUBLE, "Probability after the change (percent)."),
            _c("created_date", TIMESTAMP, "When the change happened (UTC)."),
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "opportunity_stage",
        "The opportunity stage picklist.",
        (
            _c("id", VARCHAR, "Salesforce id of the stage (prefix 01J)."),
            _c("master_label", VARCHAR, "Stage name."),
            _c("sort_order", INTEGER, "Order of the stage in the sales process."),
            _c("is_active", BOOLEAN, "Whether the stage is in use."),
            _c("is_closed", BOOLEAN, "Whether the stage closes the deal."),
            _c("is_won", BOOLEAN, "Whether the stage wins the deal."),
            _c("default_probability", DOUBLE, "Default probability of the stage (percent)."),
            _c("forecast_category_name", VARCHAR, "Forecast category of the stage."),
        ),
    ),
    Table(
        "salesforce",
        "opportunity_line_item",
        "Products on an opportunity.",
        (
            _c("id", VARCHAR, "Salesforce id of the line item (prefix 00k)."),
            _IS_DELETED,
            _c("opportunity_id", VARCHAR, "Opportunity of the line."),
            _c("product_2_id", VARCHAR, "Product of the line."),
            _c("quantity", INTEGER, "Units (seats, sessions...)."),
            _c("unit_price", DOUBLE, "Price per unit in the opportunity's currency."),
            _c("total_price", DOUBLE, "quantity x unit_price in the opportunity's currency."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "product_2",
        "Product catalog.",
        (
            _c("id", VARCHAR, "Salesforce id of the product (prefix 01t)."),
            _IS_DELETED,
            _c("name", VARCHAR, "Product name."),
            _c("product_code", VARCHAR, "Product code, shared with the billing system."),
            _c("family", VARCHAR, "Product line: Analytics, Automation, Security, Services."),
            _c(
                "edition_rank_c",
                INTEGER,
                "1 = base edition, higher = premium; null without editions.",
            ),
            _c("is_active", BOOLEAN, "Whether the product can be sold."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "task",
        "Activities: calls, emails, meetings and other tasks.",
        (
            _c("id", VARCHAR, "Salesforce id of the task (prefix 00T)."),
            _IS_DELETED,
            _c("who_id", VARCHAR, "Lead (00Q) or contact (003) the task is about."),
            _c("what_id", VARCHAR, "Opportunity or account the task is about."),
            _c("account_id", VARCHAR, "Account of the contact or opportunity."),
            _c("owner_id", VARCHAR, "User id of the task owner."),
            _c("subject", VARCHAR, "Task subject."),
            _c("type", VARCHAR, "'Call', 'Email', 'Meeting' or 'Other'."),
            _c(
                "task_subtype",
                VARCHAR,
                "'Call', 'Email', 'ListEmail', 'Task', 'LinkedIn', 'Cadence'.",
            ),
            _c("status", VARCHAR, "'Completed', 'Not Started', 'In Progress'."),
            _c("call_type", VARCHAR, "'Outbound', 'Inbound' or 'Internal' for calls."),
            _c("call_duration_in_seconds", INTEGER, "Call duration in seconds."),
            _c("call_disposition", VARCHAR, "Call result as logged (free text)."),
            _c("activity_date", DATE, "Due date (date only; not for durations)."),
            _c("created_date", TIMESTAMP, "When the task was created (UTC)."),
            _c("completed_date_time", TIMESTAMP, "When the task was completed (UTC)."),
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "email_message",
        "Emails behind email tasks, outgoing and incoming.",
        (
            _c("id", VARCHAR, "Salesforce id of the message (prefix 02s)."),
            _IS_DELETED,
            _c("activity_id", VARCHAR, "Task id of the email."),
            _c("subject", VARCHAR, "Subject line."),
            _c("text_body", VARCHAR, "Plain-text body."),
            _c("from_address", VARCHAR, "Sender address."),
            _c("to_address", VARCHAR, "Recipient address."),
            _c("incoming", BOOLEAN, "True for mail received from the lead / contact."),
            _c(
                "status",
                VARCHAR,
                "'0' new, '1' read, '2' replied, '3' sent, '4' forwarded, '5' draft.",
            ),
            _c("is_bounced", BOOLEAN, "Whether the message bounced."),
            _c("first_opened_date", TIMESTAMP, "When the recipient first opened it (UTC)."),
            _c("message_date", TIMESTAMP, "When the message was sent or received (UTC)."),
            _c("reply_to_email_message_id", VARCHAR, "Message this one replies to."),
            _CREATED,
            _SYNCED,
        ),
    ),
    Table(
        "salesforce",
        "dated_conversion_rate",
        "Monthly currency rates: units of iso_code per 1 USD.",
        (
            _c("id", VARCHAR, "Salesforce id of the rate (prefix 04w)."),
            _c("iso_code", VARCHAR, "Currency."),
            _c("start_date", DATE, "First date the rate is valid."),
            _c("next_start_date", DATE, "First date of the next rate; null when open-ended."),
            _c("conversion_rate", DOUBLE, "Units of iso_code per 1 USD.", decimals=6),
        ),
    ),
    Table(
        "marketing",
        "form_submission",
        "Marketing-automation form fills (lead requests before deduplication).",
        (
            _c("submission_id", VARCHAR, "Id of the submission in the marketing tool."),
            _c("email", VARCHAR, "Email as typed."),
            _c("first_name", VARCHAR, "First name as typed."),
            _c("last_name", VARCHAR, "Last name as typed."),
            _c("company", VARCHAR, "Company as typed."),
            _c("job_title", VARCHAR, "Job title as typed."),
            _c("country", VARCHAR, "Country as typed."),
            _c("form_type", VARCHAR, "Kind of form ('demo_request', 'ebook_download'...)."),
            _c(
                "asset_name", VARCHAR, "E-book, white paper, webinar or product the form was about."
            ),
            _c("page_url", VARCHAR, "Page the form was on."),
            _c("utm_source", VARCHAR, "UTM source."),
            _c("utm_medium", VARCHAR, "UTM medium."),
            _c("utm_campaign", VARCHAR, "UTM campaign."),
            _c("submitted_at", TIMESTAMP, "When the form was submitted (UTC)."),
        ),
    ),
    Table(
        "billing",
        "subscription",
        "Subscriptions, one per account x product (an upgrade or expansion adds a row).",
        (
            _c("subscription_id", VARCHAR, "Id of the subscription in the billing system."),
            _c("crm_account_id", VARCHAR, "Salesforce account id of the customer."),
            _c("product_code", VARCHAR, "Product code (matches product_2.product_code)."),
            _c("plan_interval", VARCHAR, "'monthly' or 'annual'."),
            _c("quantity", INTEGER, "Seats / units."),
            _c("mrr", DOUBLE, "Monthly recurring amount in currency (annual plans divided by 12)."),
            _c("currency", VARCHAR, "ISO currency of mrr."),
            _c("status", VARCHAR, "'active', 'canceled' (churned) or 'ended' (replaced)."),
            _c("started_at", TIMESTAMP, "Start of paid service (UTC)."),
            _c("canceled_at", TIMESTAMP, "When the customer asked to cancel (UTC)."),
            _c("ended_at", TIMESTAMP, "End of paid service (UTC); null while active."),
            _c("created_at", TIMESTAMP, "When the subscription was created (UTC)."),
        ),
    ),
    Table(
        "finance",
        "sales_marketing_spend",
        "Monthly sales and marketing cost lines.",
        (
            _c("spend_id", VARCHAR, "Id of the cost line."),
            _c("spend_month", DATE, "First day of the month the cost belongs to."),
            _c("cost_category", VARCHAR, "'sales' or 'marketing'."),
            _c("cost_type", VARCHAR, "'salaries', 'commissions', 'tools', 'paid_media'..."),
            _c("sales_region", VARCHAR, "Region of the cost; null for a global cost."),
            _c("sales_team", VARCHAR, "Team of the cost; null for a region-wide or global cost."),
            _c("amount", DOUBLE, "Cost in currency."),
            _c("currency", VARCHAR, "ISO currency of amount."),
        ),
    ),
)

TABLES_BY_KEY: dict[str, Table] = {table.key: table for table in TABLES}


def table(key: str) -> Table:
    """The table `source.name`, e.g. 'salesforce.lead'."""
    return TABLES_BY_KEY[key]
