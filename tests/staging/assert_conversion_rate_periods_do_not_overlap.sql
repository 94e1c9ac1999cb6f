-- Two rates of one currency valid on the same day would make usd_rate_joins duplicate rows.
with

rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

overlapping_rates as (

    select
        earlier.currency_code,
        earlier.conversion_rate_id,
        later.conversion_rate_id as overlapping_conversion_rate_id,
        earlier.valid_from_date,
        earlier.valid_to_date,
        later.valid_from_date as overlapping_valid_from_date

    from rates as earlier
    inner join rates as later
        on
            earlier.currency_code = later.currency_code
            and earlier.conversion_rate_id <> later.conversion_rate_id
            and earlier.valid_from_date <= later.valid_from_date
            and earlier.valid_to_date > later.valid_from_date

)

select * from overlapping_rates
