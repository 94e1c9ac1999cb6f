{#-
    The KPI registry (README, "One home for every KPI fact"), read from the graph at compile
    time: one dict per measure column of every kpi_ mart (models/marts/kpi_*), by mart name then
    column position, from the column meta `config: meta: kpi: {...}` and the mart meta
    `config: meta: kpi_mart: {...}`.

    The accepted range of a measure is its `range` meta when given, else the min_value/max_value
    of its accepted_range data test (unless it has severity warn), else the default range of its format (`formats`: format name
    -> [min, max], the meta `kpi_formats` of dim_kpi_measures). An unknown format is a compile
    error. Keep in step with salesfx.registry (tests_python/test_registry.py compares them).
-#}
{% macro kpi_measure_registry(formats) -%}
    {%- set tested_ranges = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'test' and node.attached_node -%}
        {%- set test = node.test_metadata or {} -%}
        {%- if test.get('name') == 'accepted_range' and node.column_name
            and (node.config.severity or 'error') | lower != 'warn' -%}
            {%- do tested_ranges.update({node.attached_node ~ '.' ~ node.column_name: test.kwargs}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model'
        and node.name.startswith('kpi_') and node.original_file_path.startswith('models/marts/') -%}
        {%- do marts.append(node) -%}
    {%- endfor -%}
    {%- set rows = [] -%}
    {%- for node in marts | sort(attribute='name') -%}
        {%- set mart = node.config.meta.get('kpi_mart') or {} -%}
        {%- for column in node.columns.values() -%}
            {%- set kpi = column.meta.get('kpi') -%}
            {%- if kpi -%}
                {%- if kpi.get('format') not in formats -%}
                    {{ exceptions.raise_compiler_error(
                        node.name ~ '.' ~ column.name ~ ': KPI format ' ~ kpi.get('format')
                        ~ ' is not one of ' ~ (formats.keys() | list | join(', '))) }}
                {%- endif -%}
                {%- set tested = tested_ranges.get(node.unique_id ~ '.' ~ column.name) -%}
                {%- if kpi.get('range') is not none -%}
                    {%- set bounds = kpi['range'] -%}
                {%- elif tested is not none -%}
                    {%- set bounds = [tested.get('min_value'), tested.get('max_value')] -%}
                {%- else -%}
                    {%- set bounds = formats[kpi['format']] -%}
                {%- endif -%}
                {%- do rows.append({
                    'mart': node.name,
                    'mart_title': mart.get('title'),
                    'mart_order': mart.get('order'),
                    'mart_description': (node.description or '').strip().split('\n\n')[0],
                    'column_name': column.name,
                    'column_position': loop.index,
                    'label': kpi.get('label'),
                    'value_format': kpi.get('format'),
                    'higher_is_better': kpi.get('higher_is_better'),
                    'is_headline': kpi.get('headline', false) is sameas true,
                    'range_min': bounds[0],
                    'range_max': bounds[1],
                    'matures_with': kpi.get('matures_with'),
                    'description': (column.description or '').strip(),
                }) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}


{#-
    The registry rows (kpi_measure_registry) of one kpi_ mart, by its name, with the formats of
    dim_kpi_measures' meta `kpi_formats`. Empty at parse time.
-#}
{% macro kpi_mart_measures(mart_name) -%}
    {%- set rows = [] -%}
    {%- if execute -%}
        {%- set formats = {} -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.name == 'dim_kpi_measures' -%}
            {%- do formats.update(node.config.meta.get('kpi_formats') or {}) -%}
        {%- endfor -%}
        {%- for row in sales_effectiveness.kpi_measure_registry(formats) if row.mart == mart_name -%}
            {%- do rows.append(row) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(rows) }}
{%- endmacro %}
