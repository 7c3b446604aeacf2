"""Autovacuum the summary tables early: reports read them with index-only scans.

A refresh rewrites rows (non-HOT: the counts are in the covering indexes), which clears
their pages from the visibility map until a vacuum; at the default 20% of a table, a
large merge or re-dating would leave the per-period and per-publisher scans visiting the
heap for hours.  The scratch table only ever holds dead rows after a refresh.
"""

from django.db import migrations

TABLES = [
    "reports_claimcount_article",
    "reports_claimcount_total",
    "reports_claimcount_period",
    "reports_claimcount_publisher",
    "reports_claimcount_change",
    "reports_accuracy_article",
    "reports_accuracy_total",
    "reports_dirty_article",
]
SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02"

FORWARD = "".join(f"ALTER TABLE {table} SET ({SETTINGS});" for table in TABLES)
BACKWARD = "".join(
    f"ALTER TABLE {table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, "
    "autovacuum_analyze_scale_factor);"
    for table in TABLES
)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_claimcount_change")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
