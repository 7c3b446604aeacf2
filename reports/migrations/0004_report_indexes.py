"""Indexes that the benchmark at a million claims asked for (benchmarks/reports.py).

- Filtered unverified reports sum the summary rows of the matching articles: an
  index-only scan per article instead of a scan of the whole summary.
- Extractor accuracy reads only reviewed attributions (about one in ten): a partial
  index holding every column the report reads, so it never touches the table.
"""

from django.db import migrations

FORWARD = """
DROP INDEX IF EXISTS reports_claimcount_article_article;
CREATE INDEX reports_claimcount_article_article ON reports_claimcount_article (article_id, dimension) INCLUDE (key, claims);
CREATE INDEX reports_attribution_reviewed ON claims_attribution (claim_id)
    INCLUDE (speaker_id, review_state, extractor_version, cue_text, machine_snapshot)
    WHERE review_state IN ('confirmed', 'corrected');
"""

BACKWARD = """
DROP INDEX IF EXISTS reports_attribution_reviewed;
DROP INDEX IF EXISTS reports_claimcount_article_article;
CREATE INDEX reports_claimcount_article_article ON reports_claimcount_article (article_id);
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_backlog_deltas"), ("claims", "0003_roles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
