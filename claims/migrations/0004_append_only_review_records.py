"""Verdicts, evidence and audit events are append-only, enforced by the database.

UPDATE and DELETE are refused on claims_verdict, claims_evidence and every pghistory event table of
the claims and sources apps (tables with a ``pgh_id`` column): a new verdict supersedes,
it never overwrites, and audit rows are never rewritten.  Row triggers
also catch QuerySet.update()/delete() and raw SQL.  A test checks that every event
table has its trigger, so an event table added later needs a migration like this one.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING HINT = 'review history is never changed or deleted; record a new verdict or a retraction instead';
END;
$$ LANGUAGE plpgsql;
"""

EVENT_TABLES = """
SELECT DISTINCT table_name FROM information_schema.columns
WHERE table_schema = current_schema() AND column_name = 'pgh_id'
  AND (table_name LIKE 'claims\\_%' OR table_name LIKE 'sources\\_%')
ORDER BY table_name
"""


def _protect(cursor, table, operations):
    cursor.execute(f'DROP TRIGGER IF EXISTS workbench_append_only ON "{table}"')
    cursor.execute(
        f'CREATE TRIGGER workbench_append_only BEFORE {" OR ".join(operations)} ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION workbench_refuse_change()"
    )


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in ("claims_verdict", "claims_evidence"):
            _protect(cursor, table, ["UPDATE", "DELETE"])
        cursor.execute(EVENT_TABLES)
        for (table,) in cursor.fetchall():
            _protect(cursor, table, ["UPDATE", "DELETE"])


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(EVENT_TABLES)
        tables = [row[0] for row in cursor.fetchall()] + ["claims_verdict", "claims_evidence"]
        for table in tables:
            cursor.execute(f'DROP TRIGGER IF EXISTS workbench_append_only ON "{table}"')
        cursor.execute("DROP FUNCTION IF EXISTS workbench_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_roles"), ("sources", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
