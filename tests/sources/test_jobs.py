"""The job lifecycle: batches, re-extraction, retries, the reaper, lost leases, idempotency keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from claims.ingest import article_reextract
from claims.models import Attribution, Claim, RelayHop, ReviewState
from sources import jobs
from sources.jobs import (
    ArticleInput,
    IdempotencyConflict,
    JobLost,
    JobProgress,
    article_import,
    import_job_create,
    import_job_execute,
    import_job_submit,
    import_jobs_reap,
    retry_countdown,
)
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source

pytestmark = pytest.mark.django_db

SEED = Path(settings.DEMO_ARTICLE_PATH).read_text(encoding="utf-8")
TEXTS = [
    "Foreign Minister Sergey Lavrov said the troops would stay, according to Interfax.",
    "Officials said the bridge would reopen in May.",
    "Lavrov told reporters that talks would resume on Monday.",
]


def _execute(job: ImportJob) -> ImportJob:
    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_batch_reports_each_item_and_imports_the_good_ones() -> None:
    items = [
        {"text": TEXTS[0], "title": "One"},
        {"text": "   "},
        {"text": TEXTS[1], "published": "2008-13-01"},
        {"text": TEXTS[2]},
        {"text": TEXTS[0]},
        "not an object",
    ]
    job = _execute(import_job_create(kind=ImportKind.BULK, payload={"items": items}))

    assert job.status == ImportStatus.SUCCEEDED
    assert (job.items_done, job.items_total) == (6, 6)
    statuses = [(r["index"], r["status"]) for r in job.results]
    assert statuses == [
        (0, "succeeded"),
        (1, "failed"),
        (2, "failed"),
        (3, "succeeded"),
        (4, "succeeded"),
        (5, "failed"),
    ]
    assert "empty" in job.results[1]["error"] and "not a date" in job.results[2]["error"]
    assert job.results[4]["article"] == job.results[0]["article"] and job.results[4]["created"] is False
    assert Article.objects.count() == 2
    # "Sergey Lavrov" in one article and "Lavrov" in another are one source.
    assert Source.objects.filter(name__contains="Lavrov").count() == 1
    assert job.sentences_done == 3  # the repeated text counts its sentence again (it was processed)


def test_a_batch_whose_items_all_fail_fails_with_the_first_reason() -> None:
    job = _execute(import_job_create(kind=ImportKind.BULK, payload={"items": [{"text": ""}, {"text": " "}]}))

    assert job.status == ImportStatus.FAILED
    assert job.error == "all 2 items failed; the first: the text is empty: there is nothing to import"


def test_a_batch_resumes_after_the_last_stored_item_when_taken_over() -> None:
    job = import_job_create(kind=ImportKind.BULK, payload={"items": [{"text": t} for t in TEXTS]})
    # A first worker stored item 0 and died: its result is on the job, its lease expired.
    first = jobs._claim(job.pk)
    assert first is not None
    article_import(article_input=ArticleInput(text=TEXTS[0]), in_transaction=JobProgress(first).article_done)
    ImportJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert import_jobs_reap() == [job.pk]

    job = _execute(job)

    assert job.status == ImportStatus.SUCCEEDED and job.attempts == 2
    assert [r["index"] for r in job.results] == [0, 1, 2]
    assert Article.objects.count() == 3


def test_a_worker_that_lost_its_lease_stores_nothing() -> None:
    job = import_job_create(kind=ImportKind.TEXT, payload={"text": TEXTS[0]})
    stale = jobs._claim(job.pk)
    assert stale is not None
    # The reaper re-queued the job and another worker claimed it meanwhile.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    assert jobs._claim(job.pk) is not None

    with pytest.raises(JobLost):
        jobs._run_single(stale, ArticleInput(text=TEXTS[0]))

    assert Article.objects.count() == 0 and Claim.objects.count() == 0 and Source.objects.count() == 0


def test_the_reaper_requeues_only_jobs_whose_lease_expired() -> None:
    expired = import_job_create(kind=ImportKind.TEXT, payload={"text": "a"})
    alive = import_job_create(kind=ImportKind.TEXT, payload={"text": "b"})
    for job in (expired, alive):
        jobs._claim(job.pk)
    ImportJob.objects.filter(pk=expired.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert import_jobs_reap() == [expired.pk]

    expired.refresh_from_db()
    alive.refresh_from_db()
    assert (expired.status, expired.lease_expires_at) == (ImportStatus.QUEUED, None)
    assert alive.status == ImportStatus.RUNNING


def test_the_reaper_task_sends_requeued_jobs_to_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from sources import tasks

    job = import_job_create(kind=ImportKind.TEXT, payload={"text": "a"})
    jobs._claim(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    sent: list[int] = []
    monkeypatch.setattr(tasks.import_job_run, "delay", sent.append)

    assert tasks.import_jobs_reap() == [job.pk]
    assert sent == [job.pk]


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap(settings) -> None:
    settings.IMPORT_RETRY_BACKOFF_SECONDS = 10
    settings.IMPORT_RETRY_BACKOFF_MAX_SECONDS = 60
    for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (4, 60), (10, 60)]:
        delays = {retry_countdown(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1


def test_the_finished_event_is_emitted_in_the_finishing_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    emitted: list[tuple[str, dict]] = []
    from integrations import events

    monkeypatch.setattr(events, "emit", lambda name, payload: emitted.append((name, payload)))

    ok = _execute(import_job_create(kind=ImportKind.TEXT, payload={"text": TEXTS[1]}))
    bad = _execute(import_job_create(kind=ImportKind.TEXT, payload={"text": ""}))

    assert emitted == [
        ("import.finished", {"job": ok.pk, "status": "succeeded", "article": ok.article_id}),
        ("import.finished", {"job": bad.pk, "status": "failed", "article": None}),
    ]


def test_an_idempotency_key_returns_the_same_job_and_refuses_a_different_body(reviewer) -> None:
    payload = {"text": TEXTS[0], "title": "One"}
    first, created = import_job_submit(kind=ImportKind.TEXT, payload=payload, created_by=reviewer, idempotency_key="k1")
    again, created_again = import_job_submit(
        kind=ImportKind.TEXT, payload=dict(payload), created_by=reviewer, idempotency_key="k1"
    )

    assert created and not created_again and again.pk == first.pk
    with pytest.raises(IdempotencyConflict):
        import_job_submit(kind=ImportKind.TEXT, payload={"text": TEXTS[1]}, created_by=reviewer, idempotency_key="k1")
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "reason"), [("bad\x00bytes", "NUL bytes"), ("lone \ud800 surrogate", "lone surrogates")]
)
def test_text_the_database_cannot_hold_fails_the_job_at_once(text: str, reason: str) -> None:
    job, _ = import_job_submit(kind=ImportKind.TEXT, payload={"text": text, "title": "t\x00"}, created_by=None)

    assert job.status == ImportStatus.FAILED and reason in job.error
    assert job.payload == {"title": "t\ufffd"}
    assert Article.objects.count() == 0


def test_a_batch_item_the_database_cannot_hold_fails_alone() -> None:
    job, _ = import_job_submit(
        kind=ImportKind.BULK, payload={"items": [{"text": "x\x00"}, {"text": TEXTS[1]}]}, created_by=None
    )
    job = _execute(job)

    assert [r["status"] for r in job.results] == ["failed", "succeeded"]
    assert "NUL bytes" in job.results[0]["error"]


def _seed_article() -> Article:
    return article_import(article_input=ArticleInput(text=SEED, published=dt.date(2008, 9, 9))).article


def test_reextraction_replaces_machine_attributions_and_keeps_reviewed_ones(
    editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _seed_article()
    claims_before = list(Claim.objects.filter(article=article).order_by("position").values_list("pk", flat=True))
    reviewed = Attribution.objects.filter(claim__article=article, claim__position=4).get()
    Attribution.objects.filter(pk=reviewed.pk).update(
        review_state=ReviewState.CORRECTED,
        reviewed_by=editor,
        reviewed_at=timezone.now(),
        role="corrected role",
        extractor_version="old",
    )
    machine_before = set(
        Attribution.objects.filter(claim__article=article, review_state="machine").values_list("pk", flat=True)
    )
    relayed_claim = RelayHop.objects.filter(attribution__claim__article=article).first()
    assert relayed_claim is not None

    from claims import ingest

    real_extract = ingest.extract_document

    def newer_engine(**kwargs):
        document = real_extract(**kwargs)
        document["extractor_version"] = "99.0"
        return document

    monkeypatch.setattr(ingest, "extract_document", newer_engine)
    job = _execute(import_job_create(kind=ImportKind.REEXTRACT, payload={"article_ids": [article.pk, 999999]}))

    assert job.status == ImportStatus.SUCCEEDED
    assert job.results[0]["claims_kept"] == 1 and job.results[0]["claims_updated"] == 15
    assert job.results[1]["status"] == "failed" and "not found" in job.results[1]["error"]
    article.refresh_from_db()
    assert article.extractor_version == "99.0"
    assert (
        list(Claim.objects.filter(article=article).order_by("position").values_list("pk", flat=True)) == claims_before
    )
    kept = Attribution.objects.get(pk=reviewed.pk)
    assert (kept.role, kept.extractor_version, kept.review_state) == ("corrected role", "old", "corrected")
    machine_after = Attribution.objects.filter(claim__article=article, review_state="machine")
    assert not machine_before & set(machine_after.values_list("pk", flat=True))
    assert set(machine_after.values_list("extractor_version", flat=True)) == {"99.0"}
    assert machine_after.count() == len(machine_before)
    assert RelayHop.objects.filter(attribution__claim__article=article).count() >= 1
    assert Source.objects.filter(name__contains="Lavrov").count() == 1


def test_reextraction_is_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    article = _seed_article()
    before = sorted(Attribution.objects.filter(claim__article=article).values_list("pk", flat=True))

    def fail(outcome):
        raise RuntimeError("crash after storing")

    with pytest.raises(RuntimeError):
        article_reextract(article=article, in_transaction=fail)

    assert sorted(Attribution.objects.filter(claim__article=article).values_list("pk", flat=True)) == before


def test_the_task_retries_a_transient_failure_with_the_jobs_countdown(monkeypatch: pytest.MonkeyPatch) -> None:
    from sources import tasks

    def transient(job_id: int) -> None:
        raise jobs.JobRetry("could not fetch http://x.example/ (ConnectError)", countdown=7.5)

    retries: list[dict] = []

    def fake_retry(**kwargs):
        retries.append(kwargs)
        return RuntimeError("retry scheduled")

    monkeypatch.setattr(jobs, "import_job_execute", lambda *, job_id: transient(job_id))
    monkeypatch.setattr(tasks.import_job_run, "retry", fake_retry)

    with pytest.raises(RuntimeError, match="retry scheduled"):
        tasks.import_job_run.run(1)
    assert retries[0]["countdown"] == 7.5


def test_the_import_task_is_safe_to_deliver_twice() -> None:
    from sources import tasks

    assert tasks.import_job_run.acks_late and tasks.import_job_run.reject_on_worker_lost
    assert "feeds_poll_due" in str(settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]["task"])
    assert settings.CELERY_BEAT_SCHEDULE["reap-expired-import-leases"]["task"] == "sources.tasks.import_jobs_reap"


@pytest.mark.django_db(transaction=True)
def test_a_running_job_keeps_renewing_its_lease_until_it_stops_holding_it(settings) -> None:
    from tests.conftest import wait_for

    settings.IMPORT_LEASE_SECONDS = 1
    job = import_job_create(kind=ImportKind.TEXT, payload={"text": "a"})
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    claimed = jobs._claim(job.pk)
    assert claimed is not None
    first_lease = claimed.lease_expires_at
    assert first_lease is not None

    def renewed() -> bool:
        lease = ImportJob.objects.get(pk=job.pk).lease_expires_at
        return lease is not None and lease > first_lease

    with jobs._Heartbeat(claimed) as heartbeat:
        wait_for(renewed, timeout=10, message="a renewal")
        # Taken over (the reaper re-queued it and another worker claimed it): the heartbeat stops by itself.
        ImportJob.objects.filter(pk=job.pk).update(attempts=claimed.attempts + 1)
        heartbeat.thread.join(timeout=10)
        assert not heartbeat.thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_by_a_worker_outside_a_transaction_stores_in_order_with_its_audit_context() -> None:
    items = [{"text": TEXTS[0]}, {"text": ""}, {"text": TEXTS[0]}, {"text": TEXTS[1]}, {"text": TEXTS[2]}]
    job = ImportJob.objects.create(kind=ImportKind.BULK, payload={"items": items}, items_total=len(items))

    job = _execute(job)

    assert job.status == ImportStatus.SUCCEEDED
    assert [(r["index"], r["status"], r.get("created")) for r in job.results] == [
        (0, "succeeded", True),
        (1, "failed", None),
        (2, "succeeded", False),
        (3, "succeeded", True),
        (4, "succeeded", True),
    ]
    assert Article.objects.count() == 3 and Claim.objects.count() == 3
    from django.apps import apps

    claim_events = apps.get_model("claims", "ClaimEvent").objects.select_related("pgh_context")
    assert {event.pgh_context.metadata["job"] for event in claim_events} == {job.pk}
