"""The sales-effectiveness dashboard: a Streamlit app over the kpi_ marts (read-only)."""
