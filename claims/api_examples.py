"""Response examples for the API documentation (the seed article's first claim, reviewed)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

SOURCE = {"id": 7, "name": "Anatoly Serdyukov", "kind": "person"}
ATTRIBUTION = {
    "id": 31,
    "claim": 42,
    "position": 0,
    "speaker": SOURCE,
    "mention_text": "Anatoly Serdyukov, the Russian defense minister",
    "mention_start": 72,
    "mention_end": 119,
    "role": "Russian defense minister",
    "cue_text": "said",
    "cue_start": 121,
    "cue_end": 125,
    "quote_kind": "indirect",
    "content_spans": [[0, 70]],
    "statement_date": "2008-09-09",
    "statement_date_precision": "day",
    "confidence": 0.93,
    "extractor_version": "2026.11.1",
    "review_state": "confirmed",
    "reviewed_by": "bob",
    "reviewed_at": "2026-11-20T10:02:00Z",
    "relay_hops": [],
    "created_at": "2026-11-20T09:00:00Z",
    "updated_at": "2026-11-20T10:02:00Z",
    "version": 2,
}
CLAIM = {
    "id": 42,
    "article": 7,
    "position": 0,
    "start": 0,
    "end": 185,
    "text": "Russia will keep a total of 7,600 troops in Abkhazia and South Ossetia, Anatoly Serdyukov, the Russian "
    "defense minister, said at a meeting with President Dmitry Medvedev on September 9.",
    "status": "corroborated",
    "checkworthiness": 0.91,
    "quantities": [{"value": 7600, "unit": "troops"}],
    "entities": [{"text": "Abkhazia", "label": "GPE"}],
    "assignee": "bob",
    "attributions": [ATTRIBUTION],
    "created_at": "2026-11-20T09:00:00Z",
    "updated_at": "2026-11-20T10:05:00Z",
    "status_changed_at": "2026-11-20T10:05:00Z",
    "version": 3,
}
ARTICLE = {
    "id": 7,
    "title": "Russia to keep 7,600 troops in Abkhazia, South Ossetia",
    "url": "https://civil.ge/archives/185",
    "author": "",
    "publisher": {"id": 3, "name": "Civil Georgia", "kind": "outlet"},
    "published": "2008-09-09",
    "language": "en",
    "extractor_version": "2026.11.1",
    "created_at": "2026-11-20T09:00:00Z",
    "assignee": "bob",
    "claim_count": 16,
}
VERDICT = {
    "id": 9,
    "claim": 42,
    "action": "recorded",
    "value": "corroborated",
    "reviewer": "bob",
    "note": "Matches the ministry's statement.",
    "supersedes": None,
    "superseded_by": None,
    "evidence": [
        {
            "id": 4,
            "kind": "url",
            "stance": "supports",
            "related_claim": None,
            "url": "https://mil.example.org/statement",
            "excerpt": "7,600 troops",
            "document": None,
            "note": "",
            "created_at": "2026-11-20T10:05:00Z",
        }
    ],
    "created_at": "2026-11-20T10:05:00Z",
}
RELATED = {
    "id": 43,
    "article": 7,
    "text": "He said that 3,800 Russian servicemen would be deployed in each of the regions.",
    "status": "unverified",
    "score": 3.2,
    "shared_entities": ["russian"],
    "text_rank": 0.1,
    "similarity": 0.31,
    "confirmed": False,
}
CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://workbench.example.org/api/claims/42/claimreview",
    "claimReviewed": CLAIM["text"],
    "datePublished": "2026-11-20",
    "author": {"@type": "Organization", "name": "Newsroom fact-check desk"},
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Corroborated",
        "ratingValue": 4,
        "worstRating": 1,
        "bestRating": 4,
    },
    "itemReviewed": {
        "@type": "Claim",
        "text": CLAIM["text"],
        "datePublished": "2008-09-09",
        "author": {"@type": "Person", "name": "Anatoly Serdyukov", "jobTitle": "Russian defense minister"},
        "appearance": [
            {
                "@type": "NewsArticle",
                "headline": ARTICLE["title"],
                "url": ARTICLE["url"],
                "datePublished": "2008-09-09",
                "publisher": {"@type": "Organization", "name": "Civil Georgia"},
            }
        ],
        "firstAppearance": {"@type": "NewsArticle", "headline": ARTICLE["title"], "url": ARTICLE["url"]},
    },
    "citation": [
        {"@type": "CreativeWork", "url": "https://mil.example.org/statement", "description": "supports: 7,600 troops"}
    ],
}
SOURCE_FULL = {
    "id": 12,
    "name": "Interfax",
    "kind": "news_agency",
    "description": "Russian news agency",
    "aliases": ["Interfax"],
    "merged_into": None,
    "created_at": "2026-11-20T09:00:00Z",
    "updated_at": "2026-11-20T09:00:00Z",
    "version": 1,
}
TOKEN = {
    "id": 5,
    "name": "newsroom dashboard",
    "prefix": "3f9a2c1b7d4e",
    "scope": "read",
    "created_at": "2026-11-20T09:00:00Z",
    "expires_at": "2027-01-01T00:00:00Z",
    "revoked_at": None,
    "last_used_at": "2026-11-21T08:00:00Z",
}
WEBHOOK = {
    "id": 2,
    "name": "CMS",
    "url": "https://cms.example.org/hooks/workbench",
    "event_types": ["verdict.recorded"],
    "active": True,
    "created_by": "dana",
    "created_at": "2026-11-20T09:00:00Z",
}
DELIVERY = {
    "id": 77,
    "event": "verdict.recorded",
    "payload": {"claim": 42, "verdict": 9, "value": "corroborated", "action": "recorded"},
    "status": "succeeded",
    "attempts": 2,
    "last_response_code": 200,
    "created_at": "2026-11-20T10:05:00Z",
    "delivered_at": "2026-11-20T10:05:31Z",
    "attempt_log": [
        {
            "number": 1,
            "response_code": 500,
            "error": "HTTP 500: try again",
            "duration_ms": 41,
            "created_at": "2026-11-20T10:05:01Z",
        },
        {"number": 2, "response_code": 200, "error": "", "duration_ms": 38, "created_at": "2026-11-20T10:05:31Z"},
    ],
}


def example(name: str, value: object, status: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status])
