"""Claims from the extraction engine: storing what it found in an article (used by imports)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pghistory
from django.conf import settings
from django.db import transaction

from claims.extraction import Extractor
from claims.models import Attribution, Claim, DatePrecision, RelayHop, ReviewState
from sources.models import Article, Source, SourceAlias, SourceKind
from sources.normalize import normalize_alias
from sources.services import source_find, source_merge, source_resolve


@functools.lru_cache(maxsize=2)
def _engine(model_name: str, max_chars: int) -> Extractor:
    return Extractor(model_name=model_name, max_chars=max_chars)


def extraction_engine() -> Extractor:
    """The process-wide extraction engine (the spaCy model loads once per process)."""
    return _engine(settings.SPACY_MODEL, settings.EXTRACTION_MAX_CHARS)


def extract_document(*, text: str, published: dt.date | None, publisher: str | None) -> dict[str, Any]:
    """Run the engine on one text and return its JSON-shaped result (see claims/extraction/README.md)."""
    document = extraction_engine().extract(text, published=published, publisher=publisher)
    result: dict[str, Any] = document.to_dict()
    return result


def _sentences(document: dict[str, Any]) -> list[dict[str, Any]]:
    sentences: list[dict[str, Any]] = document["sentences"]
    return sentences


def _parse_statement_date(value: str | None) -> tuple[dt.date | None, str]:
    if not value:
        return None, ""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2])), DatePrecision.DAY
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1), DatePrecision.YEAR
    except ValueError:
        return None, ""
    return None, ""


@dataclass(frozen=True)
class _SourceRef:
    name: str
    kind: str


def sources_resolve_for(
    document: dict[str, Any], *, before_merge: Callable[[], None] | None = None
) -> dict[str, Source]:
    """Resolve every speaker and relay source of a document, keyed by normalised name.

    Names are resolved in sorted order so that concurrent imports take the alias
    rows' locks in the same order and cannot deadlock.  ``before_merge`` runs before
    a duplicate is merged (a batch writes the rows it holds back, so the merge moves them too).
    """
    wanted: dict[str, _SourceRef] = {}
    for sentence in _sentences(document):
        for attribution in sentence.get("attributions") or []:
            speaker = attribution.get("speaker")
            if speaker and speaker.get("name"):
                wanted.setdefault(normalize_alias(speaker["name"]), _SourceRef(speaker["name"], speaker["kind"]))
            for hop in attribution.get("via") or []:
                if hop.get("name"):
                    wanted.setdefault(normalize_alias(hop["name"]), _SourceRef(hop["name"], hop["kind"]))
    wanted.pop("", None)
    # One query finds the sources already known (the usual case); only new names go through source_resolve.
    known = _known_sources({*wanted, *(key.split()[-1] for key in wanted if " " in key)})
    resolved: dict[str, Source] = {}
    created: set[str] = set()
    for key, ref in sorted(wanted.items()):
        if key in known:
            resolved[key] = known[key]
        else:
            resolved[key] = source_resolve(name=ref.name, kind=ref.kind)
            created.add(key)
    for key, source in list(resolved.items()):
        surname = key.split()[-1]
        if key not in created and known.get(surname, source).pk == source.pk:
            continue  # the full name already held its surname (or nobody did): nothing to merge
        holder = _surname_only_duplicate(key, source)
        if holder is not None:
            if before_merge is not None:
                before_merge()
            source_merge(source=holder, into=source)
            resolved = {k: (source if s.pk == holder.pk else s) for k, s in resolved.items()}
    return resolved


def _known_sources(keys: set[str]) -> dict[str, Source]:
    """Canonical sources by normalised alias, for the aliases that exist."""
    found: dict[str, Source] = {}
    for alias in SourceAlias.objects.select_related("source").filter(normalized__in=keys):
        source = alias.source
        if source.merged_into_id is not None:
            canonical = source_find(name=alias.normalized)
            if canonical is None:  # pragma: no cover - an alias always names a source
                continue
            source = canonical
        found[alias.normalized] = source
    return found


def _surname_only_duplicate(key: str, source: Source) -> Source | None:
    """A person known only by the surname of ``source`` ("Lavrov" for "Sergey Lavrov"), stored as another source.

    It happens when an article naming only "Lavrov" was stored first, or concurrently
    (then the surname alias belongs to that source and the full name could not take
    it).  That source is merged into the full name's: duplicates are merged, never kept.
    """
    words = key.split()
    if source.kind != SourceKind.PERSON or len(words) < 2:
        return None
    holder = source_find(name=words[-1])
    # A lone capitalised surname is often typed an institution by the engine ("Lavrov said ...").
    if holder is None or holder.pk == source.pk or holder.kind not in (SourceKind.PERSON, SourceKind.INSTITUTION):
        return None
    return holder if normalize_alias(holder.name) == words[-1] else None


def claims_store_extraction(*, article: Article, document: dict[str, Any]) -> int:
    """Store one claim per sentence with its attributions and relay hops (batched inserts).

    Runs inside the caller's transaction; returns the number of claims stored.
    """
    sources = sources_resolve_for(document)
    return claims_store_extractions([Extraction(article=article, document=document, sources=sources)])[0]


@dataclass(frozen=True)
class Extraction:
    """A stored article, the engine's document for it, and its resolved sources (``sources_resolve_for``)."""

    article: Article
    document: dict[str, Any]
    sources: dict[str, Source]


def claims_store_extractions(extractions: Sequence[Extraction]) -> list[int]:
    """Store the claims, attributions and relay hops of several articles: one INSERT per table for all of them.

    The rows are those ``claims_store_extraction`` stores for each article in turn, in the
    same order.  Runs inside the caller's transaction; returns each article's number of claims.
    """
    rows: list[tuple[Claim, dict[str, Any], _AttributionContext]] = []
    for extraction in extractions:
        context = _AttributionContext(
            sources=extraction.sources, version=str(extraction.document.get("extractor_version") or "")
        )
        rows.extend(
            (_claim_from(article=extraction.article, sentence=sentence), sentence, context)
            for sentence in _sentences(extraction.document)
        )
    Claim.objects.bulk_create([claim for claim, _, _ in rows])
    _store_attributions(rows)
    return [len(_sentences(extraction.document)) for extraction in extractions]


def _claim_from(*, article: Article, sentence: dict[str, Any], position: int | None = None) -> Claim:
    return Claim(
        article=article,
        position=sentence["index"] if position is None else position,
        start=sentence["start"],
        end=sentence["end"],
        text=sentence["text"],
        checkworthiness=float(sentence.get("checkworthiness") or 0.0),
        quantities=sentence.get("quantities") or [],
        entities=sentence.get("entities") or [],
    )


@dataclass(frozen=True)
class _AttributionContext:
    sources: dict[str, Source]
    version: str


def _store_attributions(rows: list[tuple[Claim, dict[str, Any], _AttributionContext]]) -> int:
    """Bulk-insert the attributions and relay hops the engine found for each (claim, sentence, context)."""
    attributions: list[Attribution] = []
    hops_per_attribution: list[tuple[list[dict[str, Any]], dict[str, Source]]] = []
    for claim, sentence, context in rows:
        for position, found in enumerate(sentence.get("attributions") or []):
            attributions.append(
                _attribution_from(
                    claim=claim, position=position, found=found, sources=context.sources, version=context.version
                )
            )
            hops_per_attribution.append((found.get("via") or [], context.sources))
    Attribution.objects.bulk_create(attributions)
    hops = [
        RelayHop(
            attribution=attribution,
            position=position,
            source=sources[normalize_alias(hop["name"])],
            cue_text=hop.get("cue") or "",
            mention_text=(hop.get("mention") or {}).get("text", ""),
            mention_start=(hop.get("mention") or {}).get("start"),
            mention_end=(hop.get("mention") or {}).get("end"),
        )
        for attribution, (found_hops, sources) in zip(attributions, hops_per_attribution, strict=True)
        for position, hop in enumerate(found_hops)
        if normalize_alias(hop.get("name") or "")
    ]
    RelayHop.objects.bulk_create(hops)
    return len(attributions)


@dataclass(frozen=True)
class Reextracted:
    claims: int
    updated: int
    kept: int
    added: int
    extractor_version: str

    def as_result(self) -> dict[str, Any]:
        return {
            "claims_updated": self.updated,
            "claims_kept": self.kept,
            "claims_added": self.added,
            "extractor_version": self.extractor_version,
        }


def article_reextract(*, article: Article, in_transaction: Callable[[Reextracted], None] | None = None) -> Reextracted:
    """Run the (newer) engine on a stored article again and update its machine attributions.

    Claims keep their identity: each new sentence is matched to the stored claim
    with the same offsets.  A claim whose attributions are all machine-made gets
    the new attributions and relay hops; a claim with any attribution a person
    confirmed or corrected is left exactly as it is.  Sentences the old engine
    did not find become new claims; claims are never deleted (verdicts cite them).
    The article records the new extractor version.  One transaction.
    """
    document = extract_document(
        text=article.text, published=article.published, publisher=article.publisher.name if article.publisher else None
    )
    with transaction.atomic(), pghistory.context(action="claims.article.reextracted", article=article.pk):
        locked = Article.objects.select_for_update().get(pk=article.pk)
        stored = {(claim.start, claim.end): claim for claim in Claim.objects.select_for_update().filter(article=locked)}
        reviewed = set(
            Attribution.objects.filter(claim__article=locked)
            .exclude(review_state=ReviewState.MACHINE)
            .values_list("claim_id", flat=True)
        )
        next_position = max((claim.position for claim in stored.values()), default=-1) + 1
        replace: list[tuple[Claim, dict[str, Any]]] = []
        added: list[tuple[Claim, dict[str, Any]]] = []
        kept = 0
        for sentence in _sentences(document):
            claim = stored.get((sentence["start"], sentence["end"]))
            if claim is None:
                added.append((_claim_from(article=locked, sentence=sentence, position=next_position), sentence))
                next_position += 1
            elif claim.pk in reviewed:
                kept += 1
            else:
                replace.append((claim, sentence))
        sources = sources_resolve_for(document)
        Claim.objects.bulk_create([claim for claim, _ in added])
        # Relay hops go with their attribution (CASCADE).
        Attribution.objects.filter(
            claim_id__in=[claim.pk for claim, _ in replace], review_state=ReviewState.MACHINE
        ).delete()
        version = str(document.get("extractor_version") or "")
        context = _AttributionContext(sources=sources, version=version)
        _store_attributions([(claim, sentence, context) for claim, sentence in [*replace, *added]])
        Article.objects.filter(pk=locked.pk).update(extractor_version=version)
        outcome = Reextracted(
            claims=len(_sentences(document)),
            updated=len(replace),
            kept=kept,
            added=len(added),
            extractor_version=version,
        )
        if in_transaction is not None:
            in_transaction(outcome)
    return outcome


def _attribution_from(
    *, claim: Claim, position: int, found: dict[str, Any], sources: dict[str, Source], version: str
) -> Attribution:
    speaker = found.get("speaker") or {}
    mention = speaker.get("mention") or {}
    cue = found.get("cue") or {}
    statement_date, precision = _parse_statement_date(found.get("statement_date"))
    speaker_key = normalize_alias(speaker.get("name") or "")
    return Attribution(
        claim=claim,
        position=position,
        speaker=sources.get(speaker_key) if speaker_key else None,
        mention_text=mention.get("text") or "",
        mention_start=mention.get("start"),
        mention_end=mention.get("end"),
        role=speaker.get("role") or "",
        cue_text=cue.get("text") or "",
        cue_start=cue.get("start"),
        cue_end=cue.get("end"),
        quote_kind=found.get("quote") or "none",
        content_spans=[[span["start"], span["end"]] for span in found.get("content") or []],
        statement_date=statement_date,
        statement_date_precision=precision,
        confidence=min(1.0, max(0.0, float(found.get("confidence") or 0.0))),
        extractor_version=version,
        review_state=ReviewState.MACHINE,
    )
