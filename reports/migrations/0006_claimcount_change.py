"""Scratch rows of a summary refresh: an article's old counts (negated) and new ones, netted
before the totals, per-period and per-publisher sums are moved (reports.summary).

Written and emptied inside one refresh transaction under its advisory lock, so no other
session ever sees a row; UNLOGGED because nothing in it outlives that transaction.
"""

from django.db import migrations

FORWARD = """
CREATE UNLOGGED TABLE reports_claimcount_change (
    dimension varchar(16) NOT NULL,
    key bigint NOT NULL,
    published date,
    publisher_id bigint,
    claims integer NOT NULL
);
"""

BACKWARD = "DROP TABLE IF EXISTS reports_claimcount_change;"


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_period_and_accuracy_summary")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
