"""schema.org ClaimReview JSON-LD for a reviewed claim.

The workbench's scale (``RATING_SCALE``): 1 contradicted, 2 disputed, 3 unverifiable,
4 corroborated; "not a factual claim" has no rating value, only its name.  The relay
chain ("according to Interfax") becomes further ``appearance`` entries of the claim
(each relaying source's report), and evidence becomes ``citation`` of the review.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from claims.models import Attribution, Claim, ClaimStatus, EvidenceKind, Verdict, VerdictAction, VerdictValue
from sources.models import Source, SourceKind

RATING_SCALE: dict[str, int] = {
    VerdictValue.CONTRADICTED: 1,
    VerdictValue.DISPUTED: 2,
    VerdictValue.UNVERIFIABLE: 3,
    VerdictValue.CORROBORATED: 4,
}
WORST_RATING = 1
BEST_RATING = 4

# Statuses that are a published review (pending sign-off is not yet published).
PUBLISHED_STATUSES = (
    ClaimStatus.CORROBORATED,
    ClaimStatus.CONTRADICTED,
    ClaimStatus.DISPUTED,
    ClaimStatus.UNVERIFIABLE,
    ClaimStatus.NOT_FACTUAL,
)


def published_reviews() -> QuerySet[Claim]:
    return Claim.objects.filter(status__in=PUBLISHED_STATUSES)


def _agent(source: Source | None, *, role: str = "") -> dict[str, Any] | None:
    if source is None:
        return None
    agent: dict[str, Any] = {
        "@type": "Person" if source.kind == SourceKind.PERSON else "Organization",
        "name": source.name,
    }
    if role and source.kind == SourceKind.PERSON:
        agent["jobTitle"] = role
    return agent


def _head(claim: Claim) -> Verdict | None:
    verdicts = sorted(claim.verdicts.all(), key=lambda v: (v.created_at, v.pk))
    heads = [v for v in verdicts if v.action != VerdictAction.RETRACTED and v.value]
    return heads[-1] if heads else None


def _absolute(request: Any, path: str) -> str:
    return str(request.build_absolute_uri(path)) if request is not None else path


def claimreview_for(claim: Claim, *, request: Any = None) -> dict[str, Any] | None:
    """The ClaimReview for ``claim``, or None when it has no published review."""
    if claim.status not in PUBLISHED_STATUSES:
        return None
    head = _head(claim)
    if head is None or head.value is None:
        return None
    article = claim.article
    attribution: Attribution | None = next(iter(sorted(claim.attributions.all(), key=lambda a: a.position)), None)

    appearance: list[dict[str, Any]] = []
    article_work: dict[str, Any] = {"@type": "NewsArticle", "headline": article.display_title[:110]}
    if article.url:
        article_work["url"] = article.url
    if article.published:
        article_work["datePublished"] = article.published.isoformat()
    publisher = _agent(article.publisher)
    if publisher:
        article_work["publisher"] = publisher
    appearance.append(article_work)

    item: dict[str, Any] = {"@type": "Claim", "text": claim.text}
    if attribution is not None:
        speaker = _agent(attribution.speaker, role=attribution.role)
        if speaker is not None:
            item["author"] = speaker
        if attribution.statement_date:
            item["datePublished"] = attribution.statement_date.isoformat()
        for hop in sorted(attribution.relay_hops.all(), key=lambda h: h.position):
            relay = _agent(hop.source)
            appearance.append(
                {
                    "@type": "CreativeWork",
                    "author": relay,
                    "description": f"relayed {hop.cue_text or 'via'} {hop.source.name}".strip(),
                }
            )
    if "author" not in item and publisher:
        item["author"] = publisher  # the publisher's own unattributed statement
    if "datePublished" not in item and article.published:
        item["datePublished"] = article.published.isoformat()
    item["appearance"] = appearance
    item["firstAppearance"] = appearance[0]

    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": VerdictValue(head.value).label,
        "worstRating": WORST_RATING,
        "bestRating": BEST_RATING,
    }
    if head.value in RATING_SCALE:
        rating["ratingValue"] = RATING_SCALE[head.value]

    citations: list[dict[str, Any]] = []
    for evidence in head.evidence.all() if head.action == VerdictAction.RECORDED else _recorded(head).evidence.all():
        if evidence.kind == EvidenceKind.URL:
            citations.append(
                {
                    "@type": "CreativeWork",
                    "url": evidence.url,
                    "description": f"{evidence.stance}: {evidence.excerpt}".strip(": "),
                }
            )
        elif evidence.kind == EvidenceKind.CLAIM and evidence.related_claim_id:
            citations.append(
                {
                    "@type": "Claim",
                    "url": _absolute(request, reverse("claim-detail", args=[evidence.related_claim_id])),
                    "description": evidence.stance,
                }
            )
        elif evidence.kind == EvidenceKind.DOCUMENT and evidence.document:
            citations.append({"@type": "CreativeWork", "name": evidence.document.name, "description": evidence.stance})

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": _absolute(request, reverse("claim-claimreview", args=[claim.pk])),
        "claimReviewed": claim.text,
        "datePublished": head.created_at.date().isoformat(),
        "author": {"@type": "Organization", "name": settings.CLAIMREVIEW_PUBLISHER},
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if citations:
        review["citation"] = citations
    return review


def _recorded(head: Verdict) -> Verdict:
    """For a sign-off, the recorded verdict it confirmed (whose evidence the review cites)."""
    verdict = head
    while verdict.action != VerdictAction.RECORDED and verdict.supersedes_id is not None:
        verdict = Verdict.objects.get(pk=verdict.supersedes_id)
    return verdict
