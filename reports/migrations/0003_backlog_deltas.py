"""Daily backlog changes, appended by triggers: the backlog report sums a few hundred rows.

Each imported claim adds +1 "unverified" on its import day; each verdict adds +1 to its
series and −1 to the series of the verdict it supersedes ("unverified" for a chain's
first), on its day.  Verdicts are append-only (claims/migrations/0004), so inserts are
all there is to follow.  Rows are only ever appended (no hot row for concurrent imports
to queue on); the report compacts them under an advisory lock.
"""

from django.db import migrations

SERIES = (
    "CASE WHEN {v}.action = 'retracted' OR {v}.value IS NULL THEN 'unverified' "
    "WHEN {v}.value IN ('corroborated', 'contradicted') THEN {v}.value ELSE 'other' END"
)
NEW_SERIES = SERIES.format(v="v")
OLD_SERIES = f"COALESCE({SERIES.format(v='p')}, 'unverified')"

FORWARD = f"""
CREATE TABLE reports_backlog_delta (
    id bigserial PRIMARY KEY,
    day date NOT NULL,
    series varchar(16) NOT NULL,
    delta integer NOT NULL
);
CREATE INDEX reports_backlog_delta_day ON reports_backlog_delta (day) INCLUDE (series, delta);

CREATE FUNCTION reports_backlog_claims_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_backlog_delta (day, series, delta)
    SELECT (created_at AT TIME ZONE 'UTC')::date, 'unverified', COUNT(*) FROM rows GROUP BY 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_backlog_claims_inserted AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_backlog_claims_inserted();

CREATE FUNCTION reports_backlog_claims_deleted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_backlog_delta (day, series, delta)
    SELECT (created_at AT TIME ZONE 'UTC')::date, 'unverified', -COUNT(*) FROM rows GROUP BY 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_backlog_claims_deleted AFTER DELETE ON claims_claim REFERENCING OLD TABLE AS rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_backlog_claims_deleted();

CREATE FUNCTION reports_backlog_claims_redated() RETURNS trigger AS $$
BEGIN
    -- A claim whose import time changes moves its "unverified" start (rare: data repair).
    INSERT INTO reports_backlog_delta (day, series, delta)
    SELECT day, 'unverified', SUM(delta) FROM (
        SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, -1 AS delta
        FROM old_rows o JOIN rows n ON n.id = o.id WHERE o.created_at IS DISTINCT FROM n.created_at
        UNION ALL
        SELECT (n.created_at AT TIME ZONE 'UTC')::date, 1
        FROM old_rows o JOIN rows n ON n.id = o.id WHERE o.created_at IS DISTINCT FROM n.created_at
    ) moved GROUP BY 1 HAVING SUM(delta) <> 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_backlog_claims_redated AFTER UPDATE ON claims_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_backlog_claims_redated();

CREATE FUNCTION reports_backlog_verdicts_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_backlog_delta (day, series, delta)
    SELECT day, series, SUM(delta) FROM (
        SELECT (v.created_at AT TIME ZONE 'UTC')::date AS day, {NEW_SERIES} AS series, 1 AS delta FROM rows v
        UNION ALL
        SELECT (v.created_at AT TIME ZONE 'UTC')::date, {OLD_SERIES}, -1
        FROM rows v LEFT JOIN claims_verdict p ON p.id = v.supersedes_id
    ) changes GROUP BY 1, 2 HAVING SUM(delta) <> 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_backlog_verdicts_inserted AFTER INSERT ON claims_verdict REFERENCING NEW TABLE AS rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_backlog_verdicts_inserted();

INSERT INTO reports_backlog_delta (day, series, delta)
SELECT day, series, SUM(delta) FROM (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 'unverified' AS series, 1 AS delta FROM claims_claim
    UNION ALL
    SELECT (v.created_at AT TIME ZONE 'UTC')::date, {NEW_SERIES}, 1 FROM claims_verdict v
    UNION ALL
    SELECT (v.created_at AT TIME ZONE 'UTC')::date, {OLD_SERIES}, -1
    FROM claims_verdict v LEFT JOIN claims_verdict p ON p.id = v.supersedes_id
) existing GROUP BY 1, 2 HAVING SUM(delta) <> 0;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS reports_backlog_verdicts_inserted ON claims_verdict;
DROP TRIGGER IF EXISTS reports_backlog_claims_redated ON claims_claim;
DROP TRIGGER IF EXISTS reports_backlog_claims_deleted ON claims_claim;
DROP TRIGGER IF EXISTS reports_backlog_claims_inserted ON claims_claim;
DROP FUNCTION IF EXISTS reports_backlog_verdicts_inserted();
DROP FUNCTION IF EXISTS reports_backlog_claims_redated();
DROP FUNCTION IF EXISTS reports_backlog_claims_deleted();
DROP FUNCTION IF EXISTS reports_backlog_claims_inserted();
DROP TABLE IF EXISTS reports_backlog_delta;
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_report_summary"), ("claims", "0003_roles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
