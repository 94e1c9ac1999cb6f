{#-
    Every ordered pair of two different product families (family_a, family_b) found in `products`
    (a CTE or relation with a product_family column): the pairs kpi_cross_sell_affinity reports
    and int_family_cross_sell_cohorts follows.
-#}
{% macro product_family_pairs(products) -%}
    select
        family_a.product_family as family_a,
        family_b.product_family as family_b
    from (select distinct product_family from {{ products }}) as family_a
    cross join (select distinct product_family from {{ products }}) as family_b
    where family_a.product_family <> family_b.product_family
{%- endmacro %}
