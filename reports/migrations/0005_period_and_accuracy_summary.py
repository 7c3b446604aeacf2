"""Claim counts per publication day, month and publisher, and extractor-accuracy counts, kept by the summary refresh.

- ``reports_claimcount_article.published`` / ``.publisher_id``: the publication date and
  publisher the article's counts were added under, so that a refresh takes them back off
  the right day and publisher even after the article was re-dated or moved.
- ``reports_claimcount_period``: the article counts summed per publication day and per
  publication month (``grain``).  A date-filtered report sums the whole months in its range
  and the days at its partial edges: a few thousand rows instead of every article's.
- ``reports_claimcount_publisher``: the article counts summed per publisher (as stored on
  the article, not merged: the report looks up the sources merged into a publisher).
- ``reports_accuracy_article`` / ``reports_accuracy_total``: reviewed attributions counted per
  (extractor version, kind of speaker the engine named, cue) — reviewed, confirmed as
  extracted, speaker right — per article and overall.
- The source-update marker also marks the articles of reviewed attributions whose engine
  speaker (``machine_snapshot``) is the changed source: merging it changes "speaker right".

The claim-count summary is emptied and every article marked dirty: the next refresh (the
periodic task, or the first report) rebuilds all of it consistently.
"""

from importlib import import_module

from django.db import migrations

initial = import_module("reports.migrations.0002_report_summary")

SOURCE_MARKER = next(select for table, event, select in initial.MARKERS if table == "sources_source")
SNAPSHOT_SPEAKER = (
    " UNION SELECT c.article_id FROM rows r JOIN claims_attribution a"
    " ON a.machine_snapshot -> 'speaker_id' = to_jsonb(r.id) AND a.review_state IN ('confirmed', 'corrected')"
    " JOIN claims_claim c ON c.id = a.claim_id"
)

FORWARD = f"""
TRUNCATE reports_claimcount_article, reports_claimcount_total;
ALTER TABLE reports_claimcount_article ADD COLUMN published date, ADD COLUMN publisher_id bigint;
CREATE INDEX reports_claimcount_article_all_published ON reports_claimcount_article (published)
    INCLUDE (article_id, claims) WHERE dimension = 'all';

CREATE TABLE reports_claimcount_period (
    dimension varchar(16) NOT NULL,
    grain varchar(5) NOT NULL CHECK (grain IN ('day', 'month')),
    start date NOT NULL,
    key bigint NOT NULL,
    claims integer NOT NULL,
    PRIMARY KEY (dimension, grain, start, key) INCLUDE (claims)
);
CREATE TABLE reports_claimcount_publisher (
    dimension varchar(16) NOT NULL,
    publisher_id bigint NOT NULL,
    key bigint NOT NULL,
    claims integer NOT NULL,
    PRIMARY KEY (dimension, publisher_id, key) INCLUDE (claims)
);

CREATE TABLE reports_accuracy_article (
    article_id bigint NOT NULL,
    version text NOT NULL,
    kind text NOT NULL,
    cue text NOT NULL,
    reviewed integer NOT NULL,
    confirmed integer NOT NULL,
    speaker_right integer NOT NULL
);
CREATE INDEX reports_accuracy_article_article ON reports_accuracy_article (article_id)
    INCLUDE (version, kind, cue, reviewed, confirmed, speaker_right);
CREATE TABLE reports_accuracy_total (
    version text NOT NULL,
    kind text NOT NULL,
    cue text NOT NULL,
    reviewed integer NOT NULL,
    confirmed integer NOT NULL,
    speaker_right integer NOT NULL,
    PRIMARY KEY (version, kind, cue)
);

-- The marker's lookup of reviewed attributions by their engine speaker.
CREATE INDEX reports_attribution_snapshot_speaker ON claims_attribution ((machine_snapshot -> 'speaker_id'))
    WHERE review_state IN ('confirmed', 'corrected');

{initial._drop_sql("sources_source", "UPDATE")}
{initial._trigger_sql("sources_source", "UPDATE", SOURCE_MARKER + SNAPSHOT_SPEAKER)}

INSERT INTO reports_dirty_article (article_id) SELECT id FROM sources_article ON CONFLICT DO NOTHING;
"""

BACKWARD = f"""
{initial._drop_sql("sources_source", "UPDATE")}
{initial._trigger_sql("sources_source", "UPDATE", SOURCE_MARKER)}
DROP INDEX IF EXISTS reports_attribution_snapshot_speaker;
DROP TABLE IF EXISTS reports_accuracy_total;
DROP TABLE IF EXISTS reports_accuracy_article;
DROP TABLE IF EXISTS reports_claimcount_publisher;
DROP TABLE IF EXISTS reports_claimcount_period;
DROP INDEX IF EXISTS reports_claimcount_article_all_published;
TRUNCATE reports_claimcount_article, reports_claimcount_total;
ALTER TABLE reports_claimcount_article DROP COLUMN IF EXISTS published, DROP COLUMN IF EXISTS publisher_id;
INSERT INTO reports_dirty_article (article_id) SELECT id FROM sources_article ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_indexes"), ("claims", "0003_roles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
