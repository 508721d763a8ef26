"""pg_trgm GIN indexes on the search index's normalised plain text
(``wagtailsearch_indexentry``: ``title_text``, ``body_text``, written by
``policies.search.backend_postgres``): exact phrases are found through them.
PostgreSQL only; SQLite keeps its FTS5 index. Run ``update_index`` once
after migrating, so existing entries hold the normalised text."""
from django.db import migrations

INDEXES = {
    "modelsearch_title_text_trgm": "title_text",
    "modelsearch_body_text_trgm": "body_text",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailsearch_indexentry USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0006_merge_20261203_1808"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
