from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from claims.models import Attribution, Claim, RelayHop
from sources.jobs import ArticleInput, ImportInputError, article_import, article_input_from_payload, import_job_execute
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source, SourceAlias

SEED = Path(settings.DEMO_ARTICLE_PATH).read_text(encoding="utf-8")


def _seed_input() -> ArticleInput:
    return ArticleInput(
        text=SEED, title="Russia to keep 7,600 troops", published=dt.date(2008, 9, 9), publisher="Civil Georgia"
    )


@pytest.mark.django_db
def test_importing_the_seed_article_stores_sixteen_attributed_claims() -> None:
    imported = article_import(article_input=_seed_input())

    assert imported.created
    claims = list(Claim.objects.filter(article=imported.article).order_by("position"))
    assert len(claims) == 16
    assert all(SEED[c.start : c.end] == c.text for c in claims)
    speakers = [
        a.speaker.name if (a := claim.attributions.order_by("position").first()) and a.speaker else None
        for claim in claims
    ]
    assert speakers[0] == speakers[1] == speakers[2] == "Anatoly Serdyukov"
    assert speakers[4] == speakers[6] == speakers[8] == "Sergey Lavrov"
    assert speakers[13] is None
    # "Lavrov" and "Sergey Lavrov" are one source.
    assert Source.objects.filter(name__icontains="Lavrov").count() == 1
    assert SourceAlias.objects.get(normalized="lavrov").source.name == "Sergey Lavrov"
    hop = RelayHop.objects.get(attribution__claim=claims[6])
    assert (hop.source.name, hop.cue_text) == ("Interfax", "according to")
    first = Attribution.objects.get(claim=claims[0])
    assert first.statement_date == dt.date(2008, 9, 9)
    assert "defense minister" in first.role
    assert imported.article.publisher is not None and imported.article.publisher.name == "Civil Georgia"


@pytest.mark.django_db
def test_the_same_text_twice_returns_the_existing_article() -> None:
    first = article_import(article_input=_seed_input())
    second = article_import(article_input=_seed_input())

    assert not second.created
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1
    assert Claim.objects.count() == 16


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("bad\x00bytes", "NUL"),
        ("lone \ud800 surrogate", "surrogates"),
    ],
)
def test_unusable_text_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ImportInputError, match=reason):
        article_input_from_payload({"text": text})


@pytest.mark.django_db
def test_a_job_with_bad_input_fails_with_its_reason_and_stores_nothing() -> None:
    job = ImportJob.objects.create(kind=ImportKind.TEXT, payload={"text": "   "})

    import_job_execute(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "empty" in job.error
    assert job.finished_at is not None
    assert Article.objects.count() == 0 and Source.objects.count() == 0


@pytest.mark.django_db
def test_a_job_runs_once_even_when_delivered_twice() -> None:
    job = ImportJob.objects.create(kind=ImportKind.TEXT, payload={"text": SEED, "published": "2008-09-09"})

    assert import_job_execute(job_id=job.pk) is not None
    assert import_job_execute(job_id=job.pk) is None

    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert job.attempts == 1
    assert (job.sentences_done, job.sentences_total) == (16, 16)
    assert job.article is not None and job.article.claims.count() == 16
