"""Reads for the review UI and the API: access checks, queues, related claims, numbers, history."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest, Upper
from django.http import Http404

from claims.models import Attribution, Claim, ClaimStatus, Evidence, EvidenceKind, RelayHop, Verdict
from sources.models import Article, Source
from workbench.roles import is_reviewer

# --------------------------------------------------------------------------- access


def _require_reviewer(user: Any) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("the review workbench is for reviewers and editors")


def attributions_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "attributions",
        queryset=Attribution.objects.select_related("speaker", "reviewed_by").prefetch_related(
            Prefetch("relay_hops", queryset=RelayHop.objects.select_related("source"))
        ),
    )


def claim_get_for_user(*, user: Any, pk: int) -> Claim:
    """The claim with its article and attributions, if ``user`` may review it (404 / PermissionDenied otherwise)."""
    _require_reviewer(user)
    claim = (
        Claim.objects.select_related("article", "article__publisher", "assignee")
        .prefetch_related(attributions_prefetch())
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("no such claim")
    return claim


# --------------------------------------------------------------------------- API read path
# The API's claim list and detail read plain rows (``values()``) with only the columns they show:
# building model instances, prefetch caches and nested DRF serializers cost more than the queries.

CLAIM_ROW_FIELDS = (
    "id",
    "article_id",
    "position",
    "start",
    "end",
    "text",
    "status",
    "checkworthiness",
    "quantities",
    "entities",
    "created_at",
    "updated_at",
    "status_changed_at",
    "version",
)


def claim_rows() -> QuerySet[Claim, dict[str, Any]]:
    """Claims as rows (``CLAIM_ROW_FIELDS`` and ``assignee_username``), to filter, order and page, then
    complete with ``claim_rows_with_attributions``."""
    return _claim_rows_template().all()


@functools.cache
def _claim_rows_template() -> QuerySet[Claim, dict[str, Any]]:
    # Resolving the values() and the join costs 0.13 ms; a clone of the result 2 µs.  Never evaluated itself.
    rows: QuerySet[Claim, dict[str, Any]] = Claim.objects.values(
        *CLAIM_ROW_FIELDS, assignee_username=F("assignee__username")
    )
    return rows


# Attributions with speakers, reviewers and relay hops, joined (a hop is rare, so the repeated attribution
# columns cost little).  Plain SQL: the ORM took longer to build and compile this query than PostgreSQL
# took to run it (0.9 against 0.6 ms), on every page.
@functools.cache
def _attribution_rows_sql() -> str:
    return f"""
    SELECT a.id, a.claim_id, a.position, a.speaker_id, s.name, s.kind, a.mention_text, a.mention_start, a.mention_end,
           a.role, a.cue_text, a.cue_start, a.cue_end, a.quote_kind, a.content_spans, a.statement_date,
           a.statement_date_precision, a.confidence, a.extractor_version, a.review_state, u.username, a.reviewed_at,
           a.created_at, a.updated_at, a.version,
           h.position, h.source_id, hs.name, hs.kind, h.cue_text, h.mention_text, h.mention_start, h.mention_end
    FROM {Attribution._meta.db_table} a
    LEFT JOIN {Source._meta.db_table} s ON s.id = a.speaker_id
    LEFT JOIN {get_user_model()._meta.db_table} u ON u.id = a.reviewed_by_id
    LEFT JOIN {RelayHop._meta.db_table} h ON h.attribution_id = a.id
    LEFT JOIN {Source._meta.db_table} hs ON hs.id = h.source_id
    WHERE a.claim_id = ANY(%s::bigint[])
    ORDER BY a.claim_id, a.position, h.position
    """  # noqa: S608 - table names from the models; the ids are a parameter


def _prepared_rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` run as a prepared statement, planned once per connection.

    Django's cursors bind parameters client-side, so PostgreSQL parses and plans every call: for the
    page's attribution query (a five-way join) planning took twice as long as running it (0.87 ms a
    call, 0.29 prepared).  A server-binding cursor lets psycopg prepare it (``prepare_threshold`` in
    the database OPTIONS; with None it runs unprepared).  Still Django's cursor wrapper: error
    translation, execute wrappers and query logging are the same as for any query.

    Only for queries whose best plan does not depend on their parameters (here an index lookup per
    claim id): after five runs PostgreSQL may keep a generic plan.  Not for the list's filtered or
    full-text page query, where a rare value wants another plan than a common one.
    """
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    cursor = CursorDebugWrapper(raw, connection) if connection.queries_logged else CursorWrapper(raw, connection)
    with cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


_ATTRIBUTION_COLUMNS = (
    "id",
    "claim_id",
    "position",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "mention_text",
    "mention_start",
    "mention_end",
    "role",
    "cue_text",
    "cue_start",
    "cue_end",
    "quote_kind",
    "content_spans",
    "statement_date",
    "statement_date_precision",
    "confidence",
    "extractor_version",
    "review_state",
    "reviewed_by_username",
    "reviewed_at",
    "created_at",
    "updated_at",
    "version",
)
_RELAY_HOP_COLUMNS = (
    "position",
    "source_id",
    "source_name",
    "source_kind",
    "cue_text",
    "mention_text",
    "mention_start",
    "mention_end",
)


def claim_rows_with_attributions(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with each claim's attributions under ``attributions``, each with its ``relay_hops``; one query.

    Attribution rows have the model's columns (foreign keys as ``…_id``) and ``speaker_name``,
    ``speaker_kind``, ``reviewed_by_username``; relay hop rows ``position``, ``source_id``,
    ``source_name``, ``source_kind``, ``cue_text`` and the mention.
    """
    rows = list(rows)
    by_claim: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    if not by_claim:
        return rows
    split = len(_ATTRIBUTION_COLUMNS)
    attribution: dict[str, Any] = {}
    joined = _prepared_rows(_attribution_rows_sql(), [list(by_claim)])
    for values in joined:
        if values[0] != attribution.get("id"):
            attribution = dict(zip(_ATTRIBUTION_COLUMNS, values[:split], strict=True))
            attribution["content_spans"] = json.loads(attribution["content_spans"])  # jsonb arrives as text
            attribution["relay_hops"] = []
            by_claim[attribution["claim_id"]].append(attribution)
        if values[split] is not None:
            attribution["relay_hops"].append(dict(zip(_RELAY_HOP_COLUMNS, values[split:], strict=True)))
    for row in rows:
        row["attributions"] = by_claim[row["id"]]
    return rows


def claim_row_get_for_user(*, user: Any, pk: int) -> dict[str, Any]:
    """``claim_get_for_user`` for the API's read path: the claim as a row with its attributions."""
    _require_reviewer(user)
    row = claim_rows().filter(pk=pk).first()
    if row is None:
        raise Http404("no such claim")
    return claim_rows_with_attributions([row])[0]


def attribution_get_for_user(*, user: Any, pk: int) -> Attribution:
    _require_reviewer(user)
    attribution = Attribution.objects.select_related("speaker").filter(pk=pk).first()
    if attribution is None:
        raise Http404("no such attribution")
    return attribution


def evidence_get_for_user(*, user: Any, pk: int) -> Evidence:
    _require_reviewer(user)
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404("no such evidence")
    return evidence


def article_get_for_user(*, user: Any, pk: int) -> Article:
    _require_reviewer(user)
    article = Article.objects.select_related("publisher", "assignee").filter(pk=pk).first()
    if article is None:
        raise Http404("no such article")
    return article


def source_get_for_user(*, user: Any, pk: int) -> Source:
    _require_reviewer(user)
    source = Source.objects.select_related("merged_into").prefetch_related("aliases").filter(pk=pk).first()
    if source is None:
        raise Http404("no such source")
    return source


def article_claims(*, article: Article) -> list[Claim]:
    """All claims of an article with their attributions (a fixed number of queries, whatever the count)."""
    return list(Claim.objects.filter(article=article).prefetch_related(attributions_prefetch()).order_by("position"))


@dataclass(frozen=True)
class SpeakerRef:
    pk: int
    name: str


def article_reader_claims(*, article: Article) -> tuple[list[Claim], dict[int, SpeakerRef]]:
    """What the reader page needs, in two queries: the claims and each claim's first speaker.

    Claims the publisher states itself (no attribution, or one without a speaker) are absent
    from the speaker map.  Lean on purpose: the page must stay fast for long articles.
    """
    claims = list(
        Claim.objects.filter(article=article)
        .only("pk", "article_id", "position", "start", "end", "text", "status", "quantities", "entities")
        .order_by("position")
    )
    speakers: dict[int, SpeakerRef] = {}
    rows = (
        Attribution.objects.filter(claim__article=article, speaker__isnull=False)
        .order_by("claim_id", "position")
        .values_list("claim_id", "speaker_id", "speaker__name")
    )
    for claim_id, speaker_id, name in rows:
        if claim_id not in speakers:
            speakers[claim_id] = SpeakerRef(speaker_id, name)
    return claims, speakers


# --------------------------------------------------------------------------- queues


QUEUE_SIZE = 25


def _queue(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.select_related("article").prefetch_related(
        Prefetch("attributions", queryset=Attribution.objects.select_related("speaker"))
    )


@dataclass
class Queues:
    unverified: list[Claim]
    assigned: list[Claim]
    contested: list[Claim]
    recent: list[Claim]
    pending_signoff: list[Claim]
    unverified_total: int


def review_queues(*, user: Any, size: int = QUEUE_SIZE) -> Queues:
    """The home page's queues for ``user``."""
    _require_reviewer(user)
    unverified = Claim.objects.unverified()
    recent = (
        Claim.objects.filter(Q(status_changed_at__isnull=False) | Q(attributions__reviewed_at__isnull=False))
        .annotate(last_change=Greatest(Max("attributions__reviewed_at"), Max("status_changed_at")))
        .order_by("-last_change", "-pk")
    )
    return Queues(
        unverified=list(_queue(unverified.most_checkworthy_first())[:size]),
        assigned=list(
            _queue(Claim.objects.assigned_to(user).order_by("-checkworthiness", "article_id", "position")).filter(
                status__in=[ClaimStatus.UNVERIFIED, ClaimStatus.PENDING_SIGNOFF]
            )[:size]
        ),
        contested=list(_queue(Claim.objects.contested().order_by("-status_changed_at", "-pk"))[:size]),
        recent=list(_queue(recent)[:size]),
        pending_signoff=list(
            _queue(Claim.objects.filter(status=ClaimStatus.PENDING_SIGNOFF).order_by("status_changed_at"))[:size]
        ),
        unverified_total=unverified.count(),
    )


# --------------------------------------------------------------------------- verdicts


def verdict_chain(*, claim: Claim) -> list[Verdict]:
    """The claim's verdicts, newest first, with their evidence."""
    return list(
        Verdict.objects.filter(claim=claim)
        .select_related("reviewer")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("related_claim")))
        .order_by("-created_at", "-pk")
    )


# --------------------------------------------------------------------------- related claims

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}|\d[\d,.]*")
# Entity labels that name a place, person, organisation... (quantities and dates are compared separately).
_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}


def _entity_names(claim: Claim) -> set[str]:
    return {
        " ".join(str(entity.get("text", "")).split()).casefold()
        for entity in claim.entities or []
        if entity.get("label") in _NAME_LABELS and entity.get("text")
    }


@dataclass
class RelatedClaim:
    claim: Claim
    score: float
    shared_entities: list[str]
    text_rank: float
    similarity: float
    confirmed: bool = False


def related_claims(*, claim: Claim, limit: int = 8) -> list[RelatedClaim]:
    """Claims (this article or others) that share named entities, quantities or wording with ``claim``.

    Candidates come from PostgreSQL full-text search (any of the claim's words) and
    pg_trgm similarity; they are scored by shared entities (rarer entities weigh
    more), text rank and trigram similarity.  Claims already cited as evidence on
    this claim's verdicts are marked ``confirmed``; the rest are suggestions.
    """
    words = sorted({word.strip(".,").lower() for word in _WORD.findall(claim.text)} - {""})
    vector = SearchVector("text", config="english")
    query = SearchQuery(
        " | ".join(re.sub(r"[^a-z0-9]", "", w) for w in words if re.sub(r"[^a-z0-9]", "", w)) or "x",
        search_type="raw",
        config="english",
    )
    candidates = list(
        Claim.objects.annotate(
            rank=SearchRank(vector, query), similarity=TrigramSimilarity(Upper("text"), claim.text.upper())
        )
        .filter(Q(rank__gt=0) | Q(similarity__gt=0.3))
        .exclude(pk=claim.pk)
        .select_related("article")
        .order_by("-rank")[:200]
    )
    mine = _entity_names(claim)
    frequency: dict[str, int] = {}
    candidate_entities = {candidate.pk: _entity_names(candidate) for candidate in candidates}
    for names in candidate_entities.values():
        for name in names & mine:
            frequency[name] = frequency.get(name, 0) + 1
    my_units = {_unit_key(q.get("unit")) for q in claim.quantities or []} - {None}
    results: list[RelatedClaim] = []
    for candidate in candidates:
        shared = sorted(candidate_entities[candidate.pk] & mine)
        entity_score = sum(1.0 / frequency[name] for name in shared)
        units = {_unit_key(q.get("unit")) for q in candidate.quantities or []} - {None}
        # A figure counting the same thing (troops, bases...) is a strong hint: the numeric check compares them.
        shared_units = sorted(str(unit) for unit in my_units & units)
        quantity_score = 2.0 if shared_units else 0.0
        rank = float(getattr(candidate, "rank", 0.0) or 0.0)
        similarity = float(getattr(candidate, "similarity", 0.0) or 0.0)
        score = 2.0 * entity_score + quantity_score + 5.0 * rank + 2.0 * similarity
        results.append(
            RelatedClaim(
                candidate, round(score, 4), shared + [f"a figure in {u}" for u in shared_units], rank, similarity
            )
        )
    results.sort(key=lambda item: (-item.score, item.claim.article_id != claim.article_id, item.claim.position))
    top = results[:limit]
    cited = set(
        Evidence.objects.filter(verdict__claim=claim, kind=EvidenceKind.CLAIM).values_list(
            "related_claim_id", flat=True
        )
    )
    for item in top:
        item.confirmed = item.claim.pk in cited
    return top


# --------------------------------------------------------------------------- numeric consistency

_UNIT_SYNONYMS = {
    "troop": "troops",
    "troops": "troops",
    "serviceman": "troops",
    "servicemen": "troops",
    "soldier": "troops",
    "soldiers": "troops",
    "personnel": "troops",
    "force": "troops",
    "forces": "troops",
    "military": "troops",
    "people": "people",
    "person": "people",
    "persons": "people",
}


def _unit_key(unit: object) -> str | None:
    if not unit:
        return None
    word = str(unit).strip().lower().split()[-1]
    if word in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[word]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _format_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _places_after(claim: Claim, quantity: dict[str, Any]) -> list[str]:
    """Names listed right after a quantity in its clause: "7,600 troops in Abkhazia and South Ossetia," → 2 places."""
    end = int(quantity.get("end") or 0)
    offset = claim.start
    tail = claim.text[end - offset :] if end - offset >= 0 else ""
    stop = re.search(r"[,;.:]", tail)
    clause_end = end + (stop.start() if stop else len(tail))
    return [
        str(entity["text"])
        for entity in claim.entities or []
        if entity.get("label") in {"GPE", "LOC", "FAC"}
        and int(entity.get("start", -1)) >= end
        and int(entity.get("end", 10**9)) <= clause_end
    ]


@dataclass
class NumericCheck:
    claim: Claim
    other: Claim
    agrees: bool
    explanation: str
    quantity: dict[str, Any] = field(default_factory=dict)
    other_quantity: dict[str, Any] = field(default_factory=dict)


def _compare(claim: Claim, quantity: dict[str, Any], other: Claim, other_q: dict[str, Any]) -> NumericCheck | None:
    unit, other_unit = _unit_key(quantity.get("unit")), _unit_key(other_q.get("unit"))
    if unit is None or unit != other_unit:
        return None
    value, other_value = float(quantity["value"]), float(other_q["value"])
    per, other_per = quantity.get("per"), other_q.get("per")
    if per and other_per:
        return None  # two per-item figures: nothing to add up
    if per or other_per:
        total_claim, total_q, part_q = (other, other_q, quantity) if per else (claim, quantity, other_q)
        places = _places_after(total_claim, total_q)
        total, part = float(total_q["value"]), float(part_q["value"])
        per_text = (part_q.get("per") or {}).get("text", "each")
        if len(places) >= 2:
            expected = part * len(places)
            agrees = expected == total
            relation = "=" if agrees else "≠"
            explanation = (
                f"{_format_number(total)} total {relation} {len(places)} × {_format_number(part)} {per_text} "
                f"({' and '.join(places)})"
            )
            return NumericCheck(claim, other, agrees, explanation, quantity, other_q)
        if part and (total / part).is_integer():
            return NumericCheck(
                claim,
                other,
                True,
                f"{_format_number(total)} total = {int(total / part)} × {_format_number(part)} {per_text}",
                quantity,
                other_q,
            )
        return NumericCheck(
            claim,
            other,
            False,
            f"{_format_number(total)} total is not a whole multiple of {_format_number(part)} {per_text}",
            quantity,
            other_q,
        )
    if not (_entity_names(claim) & _entity_names(other)):
        return None  # same unit, but nothing says it is the same thing
    agrees = value == other_value
    relation = "=" if agrees else "≠"
    return NumericCheck(
        claim, other, agrees, f"{quantity.get('text')} {relation} {other_q.get('text')}", quantity, other_q
    )


def numeric_consistency(*, claim: Claim, candidates: Iterable[Claim] | None = None) -> list[NumericCheck]:
    """Compare ``claim``'s quantities with those of claims about the same thing.

    Candidates default to the other claims of the same article plus related claims
    elsewhere.  Totals and per-item figures are reconciled with the number of places
    listed after the total ("7,600 troops in Abkhazia and South Ossetia" = 2 × "3,800
    … in each of the regions"); plain figures with the same unit and a shared entity
    must be equal.  Returns agreements and disagreements alike.
    """
    if not claim.quantities:
        return []
    if candidates is None:
        same_article = Claim.objects.filter(article_id=claim.article_id).exclude(pk=claim.pk).exclude(quantities=[])
        elsewhere = [
            item.claim for item in related_claims(claim=claim, limit=20) if item.claim.article_id != claim.article_id
        ]
        candidates = [*same_article, *(c for c in elsewhere if c.quantities)]
    checks: list[NumericCheck] = []
    for other in candidates:
        if other.pk == claim.pk:
            continue
        for quantity in claim.quantities or []:
            for other_q in other.quantities or []:
                check = _compare(claim, quantity, other, other_q)
                if check is not None:
                    checks.append(check)
    return checks


def article_numeric_checks(*, claims: Sequence[Claim], limit: int = 50) -> list[NumericCheck]:
    """Numeric checks inside one article, without queries and in near-linear time.

    Per-item figures are checked against every total with the same unit; plain figures
    are compared once per distinct value (the first claim stating each value stands for
    the rest), so an article repeating a number does not produce a quadratic list.
    """
    totals: dict[str, list[tuple[Claim, dict[str, Any]]]] = {}
    per_items: list[tuple[Claim, dict[str, Any]]] = []
    for claim in claims:
        for quantity in claim.quantities or []:
            unit = _unit_key(quantity.get("unit"))
            if unit is None:
                continue
            if quantity.get("per"):
                per_items.append((claim, quantity))
            else:
                totals.setdefault(unit, []).append((claim, quantity))
    checks: list[NumericCheck] = []
    for claim, quantity in per_items:
        for other, other_q in totals.get(_unit_key(quantity.get("unit")) or "", []):
            check = _compare(other, other_q, claim, quantity)
            if check is not None:
                checks.append(check)
    for group in totals.values():
        firsts: dict[float, tuple[Claim, dict[str, Any]]] = {}
        for claim, quantity in group:
            firsts.setdefault(float(quantity["value"]), (claim, quantity))
        representatives = list(firsts.values())
        for index, (claim, quantity) in enumerate(representatives):
            for other, other_q in representatives[index + 1 :]:
                if other.pk != claim.pk:
                    check = _compare(claim, quantity, other, other_q)
                    if check is not None:
                        checks.append(check)
    checks.sort(key=lambda check: (check.agrees, check.claim.position, check.other.position))
    return checks[:limit]


# --------------------------------------------------------------------------- history

_HIDDEN_FIELDS = {"updated_at", "version", "created_at", "machine_snapshot", "content_spans"}


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    action: str
    label: str
    operation: str
    changes: list[tuple[str, Any, Any]]


def _event_rows(model: Any, **filters: Any) -> list[Any]:
    return list(model.objects.filter(**filters).select_related("pgh_context").order_by("pgh_created_at", "pgh_id"))


def claim_history(*, claim: Claim) -> list[HistoryEntry]:
    """Every recorded change to the claim, its attributions, relay hops, verdicts and evidence, newest first.

    Read from the database-trigger audit tables (pghistory events), so changes made by
    bulk updates or raw SQL appear too.
    """
    # Event models are generated by pghistory (@audited()), not declared in claims/models.py.
    ClaimEvent, AttributionEvent, RelayHopEvent, VerdictEvent, EvidenceEvent = (
        apps.get_model("claims", name)
        for name in ("ClaimEvent", "AttributionEvent", "RelayHopEvent", "VerdictEvent", "EvidenceEvent")
    )

    attribution_ids = list(
        AttributionEvent.objects.filter(claim_id=claim.pk).values_list("pgh_obj_id", flat=True).distinct()
    )
    verdict_ids = list(VerdictEvent.objects.filter(claim_id=claim.pk).values_list("pgh_obj_id", flat=True).distinct())
    streams = [
        ("claim", _event_rows(ClaimEvent, pgh_obj_id=claim.pk)),
        ("attribution", _event_rows(AttributionEvent, pgh_obj_id__in=attribution_ids)),
        ("relay hop", _event_rows(RelayHopEvent, attribution_id__in=attribution_ids)),
        ("verdict", _event_rows(VerdictEvent, pgh_obj_id__in=verdict_ids)),
        ("evidence", _event_rows(EvidenceEvent, verdict_id__in=verdict_ids)),
    ]
    user_ids: set[int] = set()
    for _, rows in streams:
        for row in rows:
            metadata = row.pgh_context.metadata if row.pgh_context else {}
            if isinstance(metadata.get("user"), int):
                user_ids.add(metadata["user"])
    names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    entries: list[HistoryEntry] = []
    for label, rows in streams:
        previous: dict[Any, dict[str, Any]] = {}
        for row in rows:
            snapshot = {
                f.attname: getattr(row, f.attname)
                for f in row._meta.concrete_fields
                if not f.attname.startswith("pgh_") and f.attname not in _HIDDEN_FIELDS
            }
            before = previous.get(row.pgh_obj_id, {})
            changes = [
                (name, before.get(name), value)
                for name, value in snapshot.items()
                if name != "id" and (before.get(name) != value) and (before or value not in (None, "", [], {}))
            ]
            previous[row.pgh_obj_id] = snapshot
            metadata = row.pgh_context.metadata if row.pgh_context else {}
            user = metadata.get("user")
            entries.append(
                HistoryEntry(
                    at=row.pgh_created_at,
                    who=names.get(user, "system") if user else "system (no user recorded)",
                    action=str(metadata.get("action") or ""),
                    label=label,
                    operation=str(row.pgh_label),
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


# --------------------------------------------------------------------------- sources


@dataclass
class SourceRecord:
    source: Source
    roles: list[str]
    claims: list[Claim]
    status_counts: dict[str, int]
    merged_sources: list[Source]


def source_record(*, source: Source, limit: int = 500) -> SourceRecord:
    """A source's page: roles seen, claims attributed to it and their verification record."""
    attributions = Attribution.objects.filter(speaker=source)
    roles = sorted({role for role in attributions.values_list("role", flat=True) if role})
    claims = list(
        Claim.objects.filter(attributions__speaker=source)
        .distinct()
        .select_related("article")
        .order_by("-article__published", "article_id", "position")[:limit]
    )
    counts: dict[str, int] = {}
    for status in Claim.objects.filter(attributions__speaker=source).distinct().values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return SourceRecord(
        source=source,
        roles=roles,
        claims=claims,
        status_counts=counts,
        merged_sources=list(Source.objects.filter(merged_into=source)),
    )


def claims_search(*, user: Any, text: str, exclude: int | None = None, limit: int = 10) -> list[Claim]:
    """Claims matching ``text`` (full text or trigram), for picking evidence."""
    _require_reviewer(user)
    text = text.strip()
    if not text:
        return []
    query = SearchQuery(text, search_type="websearch", config="english")
    results = (
        Claim.objects.annotate(rank=SearchRank(SearchVector("text", config="english"), query))
        .filter(Q(rank__gt=0) | Q(text__icontains=text))
        .select_related("article")
        .order_by("-rank", "article_id", "position")
    )
    if exclude is not None:
        results = results.exclude(pk=exclude)
    return list(results[:limit])
