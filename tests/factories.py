from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from claims.models import Attribution, Claim
from sources.models import Article, Source, SourceKind, content_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.django.Password("correct horse battery staple")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = SourceKind.PERSON


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"Officials said the bridge {n} will reopen in May.")
    content_hash = factory.LazyAttribute(lambda article: content_hash(article.text))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    start = 0
    end = factory.LazyAttribute(lambda claim: len(claim.article.text))
    text = factory.LazyAttribute(lambda claim: claim.article.text[claim.start : claim.end])
    checkworthiness = 0.5


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    speaker = factory.SubFactory(SourceFactory)
    cue_text = "said"
    quote_kind = "indirect"
    confidence = 0.9
