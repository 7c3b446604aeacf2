"""Incrementally maintained counts behind the unverified-claims and track-record reports.

``reports_claimcount_article``: per article, claims counted by (dimension, key) — unverified
claims by speaker, relay, source, strength level and import day, and corroborated /
contradicted claims by speaker.  ``reports_claimcount_total``: the same summed over all
articles.  Statement triggers on claims, attributions, relay hops, sources and articles
put the affected articles in ``reports_dirty_article``; ``reports.summary.summary_refresh``
recomputes exactly those articles and moves the totals by the difference.  Every report
refreshes first, so what it shows is never stale.  All existing articles start dirty.
"""

from django.db import migrations

TABLES = """
CREATE TABLE reports_claimcount_article (
    article_id bigint NOT NULL,
    dimension varchar(16) NOT NULL,
    key bigint NOT NULL,
    claims integer NOT NULL
);
CREATE INDEX reports_claimcount_article_article ON reports_claimcount_article (article_id);
CREATE INDEX reports_claimcount_article_dimension ON reports_claimcount_article (dimension, key) INCLUDE (article_id, claims);
CREATE TABLE reports_claimcount_total (
    dimension varchar(16) NOT NULL,
    key bigint NOT NULL,
    claims integer NOT NULL,
    PRIMARY KEY (dimension, key)
);
CREATE INDEX reports_claimcount_total_largest ON reports_claimcount_total (dimension, claims DESC, key);
CREATE TABLE reports_dirty_article (article_id bigint PRIMARY KEY);
INSERT INTO reports_dirty_article (article_id) SELECT id FROM sources_article;
"""

# (table, event, SQL selecting the affected article ids from the transition table "rows")
MARKERS = [
    ("claims_claim", "INSERT", "SELECT article_id FROM rows"),
    ("claims_claim", "DELETE", "SELECT article_id FROM rows"),
    ("claims_claim", "UPDATE", "SELECT article_id FROM rows"),
    ("claims_attribution", "INSERT", "SELECT c.article_id FROM rows r JOIN claims_claim c ON c.id = r.claim_id"),
    ("claims_attribution", "DELETE", "SELECT c.article_id FROM rows r JOIN claims_claim c ON c.id = r.claim_id"),
    ("claims_attribution", "UPDATE", "SELECT c.article_id FROM rows r JOIN claims_claim c ON c.id = r.claim_id"),
    ("claims_relayhop", "INSERT",
     "SELECT c.article_id FROM rows r JOIN claims_attribution a ON a.id = r.attribution_id JOIN claims_claim c ON c.id = a.claim_id"),
    ("claims_relayhop", "DELETE",
     "SELECT c.article_id FROM rows r JOIN claims_attribution a ON a.id = r.attribution_id JOIN claims_claim c ON c.id = a.claim_id"),
    ("claims_relayhop", "UPDATE",
     "SELECT c.article_id FROM rows r JOIN claims_attribution a ON a.id = r.attribution_id JOIN claims_claim c ON c.id = a.claim_id"),
    # A source's kind or merge changes the keys and strength levels of every article that cites or publishes it.
    ("sources_source", "UPDATE",
     "SELECT c.article_id FROM rows r JOIN claims_attribution a ON a.speaker_id = r.id JOIN claims_claim c ON c.id = a.claim_id "
     "UNION SELECT c.article_id FROM rows r JOIN claims_relayhop h ON h.source_id = r.id "
     "JOIN claims_attribution a ON a.id = h.attribution_id JOIN claims_claim c ON c.id = a.claim_id "
     "UNION SELECT ar.id FROM rows r JOIN sources_article ar ON ar.publisher_id = r.id"),
    ("sources_article", "UPDATE", "SELECT id FROM rows"),
]


def _trigger_sql(table, event, select):
    name = f"reports_dirty_{table}_{event.lower()}"
    transition = "OLD TABLE AS rows" if event == "DELETE" else "NEW TABLE AS rows"
    # For an UPDATE the old rows matter too (a claim moved to another article); both are marked.
    extra = ""
    if event == "UPDATE":
        transition = "OLD TABLE AS old_rows NEW TABLE AS rows"
        extra = " UNION " + select.replace("FROM rows", "FROM old_rows")
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_dirty_article (article_id)
    SELECT DISTINCT article_id FROM ({select}{extra}) AS affected(article_id) WHERE article_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


def _drop_sql(table, event):
    name = f"reports_dirty_{table}_{event.lower()}"
    return f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"


FORWARD = TABLES + "".join(_trigger_sql(*marker) for marker in MARKERS)
BACKWARD = "".join(_drop_sql(table, event) for table, event, _ in MARKERS) + (
    "DROP TABLE reports_dirty_article; DROP TABLE reports_claimcount_total; DROP TABLE reports_claimcount_article;"
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_editor_admin_permissions"),
        ("claims", "0003_roles"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
