{#-
    True when `haystack` contains `needle`, ignoring case (docs/kpis.md: personalization matching is
    case-insensitive). Null when either side is null; an empty needle never matches.

        {{ contains_text('email_messages.text_body', 'leads.first_name') }}
-#}
{% macro contains_text(haystack, needle) -%}
    ({{ dbt.length(needle) }} > 0 and {{ dbt.position('lower(' ~ needle ~ ')', 'lower(' ~ haystack ~ ')') }} > 0)
{%- endmacro %}
