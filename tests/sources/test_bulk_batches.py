"""Bulk jobs store their items a few at a time: the rows are exactly those of one-by-one imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pghistory
import pytest
from django.apps import apps
from django.conf import settings
from django.db import DataError, IntegrityError, connection, transaction

from claims.models import Attribution, Claim, RelayHop
from sources import jobs
from sources.jobs import article_import, article_input_from_payload, import_job_create, import_job_execute
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source, SourceAlias

pytestmark = pytest.mark.django_db

SEED = Path(settings.DEMO_ARTICLE_PATH).read_text(encoding="utf-8")
ITEMS: list[Any] = [
    # A surname stored first, then the full name: the two sources are merged (claims/ingest.py).
    {"text": "Lavrov said the meeting had been useful, the ministry reported.", "publisher": "Interfax"},
    {"text": SEED, "title": "Russia to keep 7,600 troops", "publisher": "Civil Georgia", "published": "2008-09-09"},
    {"text": "   "},
    {
        "text": "Foreign Minister Sergey Lavrov said talks would resume on Monday, according to Interfax.",
        "publisher": "Civil Georgia",
    },
    {"text": "Lavrov said the meeting had been useful, the ministry reported.", "publisher": "Interfax"},
    "not an object",
    {"text": "Officials said the bridge would reopen in May.", "author": "A. Reporter"},
    {"text": "Lavrov told reporters that talks would resume on Monday, RIA Novosti reported."},
]

# Columns that differ between any two runs: keys, timestamps and the audit context's id.
_VOLATILE = {"id", "pgh_id", "pgh_obj_id", "pgh_created_at", "pgh_context_id", "created_at", "updated_at"}
_TRACKED: list[Any] = [Article, Claim, Attribution, RelayHop, Source, SourceAlias]


def _rows() -> dict[str, Any]:
    """Every row an import writes, with keys replaced by what they point at (ids differ between runs)."""
    sources = {source.pk: source.name for source in Source.objects.all()}
    articles = {article.pk: article.content_hash for article in Article.objects.all()}
    claims = {claim.pk: (articles[claim.article_id], claim.position) for claim in Claim.objects.all()}
    attributions = {a.pk: (claims[a.claim_id], a.position) for a in Attribution.objects.all()}
    names: dict[str, dict[Any, Any]] = {
        "source_id": sources,
        "speaker_id": sources,
        "publisher_id": sources,
        "merged_into_id": sources,
        "article_id": articles,
        "claim_id": claims,
        "attribution_id": attributions,
    }

    def view(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            sorted(
                (key, names[key].get(value, value) if key in names else value)
                for key, value in row.items()
                if key not in _VOLATILE
            )
        )

    rows: dict[str, Any] = {
        model.__name__: sorted((view(row) for row in model.objects.values()), key=repr) for model in _TRACKED
    }
    for model in _TRACKED[:-1]:
        # Audit rows: the same events in the same order per table, with the same context (the job's id aside).
        event: Any = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        ordered = event.objects.order_by("pgh_id")
        contexts = [
            {k: sources.get(v, v) if k in ("merged", "into") else v for k, v in (metadata or {}).items() if k != "job"}
            for metadata in ordered.values_list("pgh_context__metadata", flat=True)
        ]
        rows[event.__name__] = list(zip([view(row) for row in ordered.values()], contexts, strict=True))
        rows[f"{event.__name__} contexts"] = ordered.values("pgh_context_id").distinct().count()
    rows["backlog"] = _backlog()
    rows["dirty"] = sorted(articles[pk] for pk in _dirty_articles())
    return rows


def _backlog() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT day, series, SUM(delta) FROM reports_backlog_delta GROUP BY 1, 2 ORDER BY 1, 2")
        return list(cursor.fetchall())


def _dirty_articles() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM reports_dirty_article")
        return [row[0] for row in cursor.fetchall()]


def _rows_after(run: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    """The rows ``run`` leaves, then rolled back (sequences move on: ids are left out of the view)."""
    with transaction.atomic():
        outcome = run()
        rows = _rows()
        transaction.set_rollback(True)
    return rows, outcome


@pghistory.context(action="sources.import", user=None)
def _one_by_one() -> list[dict[str, Any]]:
    """The items imported one at a time, each in its own transaction (as bulk jobs did)."""
    results: list[dict[str, Any]] = []
    for index, item in enumerate(ITEMS):
        try:
            if not isinstance(item, dict):
                raise jobs.ImportInputError("an item must be an object with at least a text")
            article_input = article_input_from_payload(item)
        except jobs.ImportInputError as error:
            results.append({"index": index, "status": "failed", "error": str(error)})
            continue
        imported = article_import(article_input=article_input)
        results.append(
            {
                "index": index,
                "status": "succeeded",
                "article": imported.article.content_hash,
                "created": imported.created,
            }
        )
    return results


def _bulk_job() -> list[dict[str, Any]]:
    job = import_job_create(kind=ImportKind.BULK, payload={"items": ITEMS})
    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.error
    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    return [
        {**result, "article": hashes[result["article"]]} if "article" in result else result for result in job.results
    ]


@pytest.mark.parametrize("batch_articles", [8, 2, 1])
def test_a_batched_bulk_job_stores_exactly_the_rows_of_one_by_one_imports(
    batch_articles: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected_rows, expected_results = _rows_after(_one_by_one)
    monkeypatch.setattr(jobs, "_BATCH_ARTICLES", batch_articles)

    rows, results = _rows_after(_bulk_job)

    assert results == expected_results
    assert rows == expected_rows
    assert len(rows["Claim"]) == 16 + 4 and rows["RelayHop"]
    # The surname-only source was merged, and the attribution stored before the merge moved with it.
    assert any(dict(source)["merged_into_id"] == "Sergey Lavrov" for source in rows["Source"])


def test_a_batch_is_written_with_one_insert_per_table() -> None:
    items = [
        {"text": f"Officials said bridge {number} would reopen in May.", "publisher": "Civil Georgia"}
        for number in range(6)
    ]
    job = import_job_create(kind=ImportKind.BULK, payload={"items": items})
    inserts: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "INSERT INTO" in sql and "claims_claim" in sql:
            inserts.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        import_job_execute(job_id=job.pk)

    assert Claim.objects.count() == 6 and len(inserts) == 1
    job.refresh_from_db()
    assert [r["index"] for r in job.results] == list(range(6))


def test_a_batch_the_database_refuses_is_stored_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise IntegrityError("duplicate key value violates unique constraint (another import stored it first)")

    monkeypatch.setattr(jobs, "_store_batch", refused)
    job = import_job_create(kind=ImportKind.BULK, payload={"items": ITEMS[3:]})

    import_job_execute(job_id=job.pk)
    job.refresh_from_db()

    assert job.status == ImportStatus.SUCCEEDED
    assert [(r["index"], r["status"]) for r in job.results] == [
        (0, "succeeded"),
        (1, "succeeded"),
        (2, "failed"),
        (3, "succeeded"),
        (4, "succeeded"),
    ]
    assert Article.objects.count() == 4


def test_an_item_whose_rows_the_database_refuses_keeps_the_items_before_it_and_raises_its_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claims import ingest

    real = ingest._claim_from

    def claim_from(*, article: Article, sentence: dict[str, Any], position: int | None = None) -> Claim:
        if "bridge" in sentence["text"]:
            raise DataError("value too long for type character varying(200)")
        return real(article=article, sentence=sentence, position=position)

    monkeypatch.setattr(ingest, "_claim_from", claim_from)
    items = [
        {"text": "Lavrov said the meeting had been useful."},
        "not an object",
        {"text": "Officials said the bridge would reopen in May."},
        {"text": "Lavrov said talks would resume."},
    ]
    job = import_job_create(kind=ImportKind.BULK, payload={"items": items})

    with pytest.raises(DataError, match="value too long"):
        import_job_execute(job_id=job.pk)

    # As when items were stored one at a time: what came before the bad item is stored and
    # recorded (a retry resumes after it), the bad item and what follows are not.
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert [(r["index"], r["status"]) for r in job.results] == [(0, "succeeded"), (1, "failed")]
    assert list(Article.objects.values_list("text", flat=True)) == ["Lavrov said the meeting had been useful."]


def test_items_extracted_before_an_engine_failure_are_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    from claims.ingest import extract_document as real

    def extract(*, text: str, published: dt.date | None, publisher: str | None) -> dict[str, Any]:
        if "bridge" in text:
            raise RuntimeError("the engine failed")
        return real(text=text, published=published, publisher=publisher)

    monkeypatch.setattr(jobs, "extract_document", extract)
    items = [
        {"text": "Lavrov said the meeting had been useful."},
        {"text": "Lavrov said talks would resume."},
        {"text": "Officials said the bridge would reopen in May."},
    ]
    job = import_job_create(kind=ImportKind.BULK, payload={"items": items})

    with pytest.raises(RuntimeError, match="the engine failed"):
        import_job_execute(job_id=job.pk)

    job.refresh_from_db()
    assert [(r["index"], r["status"]) for r in job.results] == [(0, "succeeded"), (1, "succeeded")]
    assert Article.objects.count() == 2


def test_a_batch_job_taken_over_stores_nothing_of_its_batch() -> None:
    job = import_job_create(kind=ImportKind.BULK, payload={"items": [{"text": t} for t in ITEMS[6:]]})
    claimed = jobs._claim(job.pk)
    assert claimed is not None
    ImportJob.objects.filter(pk=job.pk).update(attempts=claimed.attempts + 1)

    with pytest.raises(jobs.JobLost):
        jobs._run_bulk(claimed)

    assert Article.objects.count() == 0 and Source.objects.count() == 0
