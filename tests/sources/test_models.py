from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim
from sources.models import Article, ImportJob, ImportKind, ImportStatus, content_hash
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_the_same_text_is_never_stored_twice() -> None:
    ArticleFactory(text="The minister said the bridge will reopen.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            text="The minister said the bridge will reopen.",
            content_hash=content_hash("The minister said the bridge will reopen."),
        )


@pytest.mark.django_db
def test_a_claim_span_must_not_be_empty() -> None:
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, position=0, start=5, end=5, text="")


@pytest.mark.django_db
def test_checkworthiness_outside_the_unit_interval_is_refused() -> None:
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, position=0, start=0, end=4, text="Offi", checkworthiness=1.5)


@pytest.mark.django_db
def test_a_failed_job_must_say_why() -> None:
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        ImportJob.objects.create(kind=ImportKind.TEXT, status=ImportStatus.FAILED, finished_at=timezone.now())
