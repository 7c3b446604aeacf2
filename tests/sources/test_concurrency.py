"""Concurrent imports: the database's unique constraints, not luck, keep articles and sources single."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from claims.models import Attribution, Claim
from sources.jobs import ArticleInput, article_import
from sources.models import Article, Source, SourceAlias
from sources.services import source_find, source_resolve

TEXT = "Foreign Minister Sergey Lavrov said the troops would stay, according to Interfax."


def _in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads (each its own database connection), released together."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_imports_of_one_text_store_one_article() -> None:
    from claims.ingest import extraction_engine

    extraction_engine()  # load the model once, before the race

    results = _in_threads(10, lambda i: article_import(article_input=ArticleInput(text=TEXT)))

    assert len({result.article.pk for result in results}) == 1
    assert sum(result.created for result in results) == 1
    assert Article.objects.count() == 1
    assert Claim.objects.count() == 1 and Attribution.objects.count() == 1
    assert (
        Source.objects.filter(name="Sergey Lavrov").count() == 1 and Source.objects.filter(name="Interfax").count() == 1
    )


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_imports_naming_sergey_lavrov_and_lavrov_make_one_source() -> None:
    from claims.ingest import extraction_engine

    extraction_engine()
    texts = [
        f"Foreign Minister Sergey Lavrov said talks number {i} would resume on Monday."
        if i % 2 == 0
        else f"Lavrov said meeting number {i} had been useful, the ministry reported."
        for i in range(10)
    ]

    results = _in_threads(10, lambda i: article_import(article_input=ArticleInput(text=texts[i])))

    assert all(result.created for result in results)
    # One source: a "Lavrov" stored before (or while) "Sergey Lavrov" was created is merged into it.
    lavrov = Source.objects.canonical().get(name__icontains="lavrov")
    assert lavrov.name == "Sergey Lavrov"
    assert set(SourceAlias.objects.filter(source=lavrov).values_list("normalized", flat=True)) == {
        "sergey lavrov",
        "lavrov",
    }
    assert all(
        source.merged_into_id == lavrov.pk
        for source in Source.objects.filter(name__icontains="lavrov").exclude(pk=lavrov.pk)
    )
    assert source_find(name="Lavrov") == lavrov
    speakers = Attribution.objects.filter(mention_text__icontains="lavrov").select_related("speaker")
    assert speakers.count() == 10
    assert {a.speaker.merged_into_id or a.speaker_id for a in speakers} == {lavrov.pk}


@pytest.mark.django_db(transaction=True)
def test_concurrent_resolution_of_spellings_of_one_name_makes_one_source() -> None:
    spellings = ["Sergey Lavrov", "sergey lavrov", "Sergei Lavrov", "Сергей Лавров", "SERGEY LAVROV."] * 2

    results = _in_threads(10, lambda i: source_resolve(name=spellings[i], kind="person").pk)

    assert len(set(results)) == 1
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_a_surname_stored_first_is_merged_into_the_full_name_when_it_appears() -> None:
    first = article_import(
        article_input=ArticleInput(text="Lavrov said the meeting had been useful, the ministry reported.")
    )
    article_import(article_input=ArticleInput(text="Foreign Minister Sergey Lavrov said talks would resume on Monday."))

    lavrov = Source.objects.canonical().get(name__icontains="lavrov")
    assert lavrov.name == "Sergey Lavrov"
    assert Attribution.objects.get(claim__article=first.article, mention_text="Lavrov").speaker == lavrov
