"""Sources: resolving a name to one Source, and merging duplicates."""

from __future__ import annotations

import pghistory
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sources.models import Source, SourceAlias, SourceKind
from sources.normalize import normalize_alias, surname_key


class SourceInputError(ValueError):
    pass


def _follow_merges(source: Source) -> Source:
    seen = {source.pk}
    while source.merged_into_id is not None:
        source = Source.objects.get(pk=source.merged_into_id)
        if source.pk in seen:  # pragma: no cover - the merge service forbids cycles
            break
        seen.add(source.pk)
    return source


def source_find(*, name: str) -> Source | None:
    """The canonical source a spelling of a name belongs to, or None."""
    key = normalize_alias(name)
    if not key:
        return None
    alias = SourceAlias.objects.select_related("source").filter(normalized=key).first()
    return _follow_merges(alias.source) if alias else None


def _alias_add(*, source: Source, alias: str) -> bool:
    """Give ``source`` the alias unless another source already holds it; True when added."""
    key = normalize_alias(alias)
    if not key:
        return False
    try:
        with transaction.atomic():
            SourceAlias.objects.create(source=source, alias=alias, normalized=key)
    except IntegrityError:
        return False
    return True


def source_resolve(*, name: str, kind: str, description: str = "") -> Source:
    """Find the source ``name`` refers to, or create it with its aliases.

    Safe under concurrent imports: the unique normalised alias decides.  When
    two transactions create the same source at once, the second insert waits
    for the first to commit, fails on the constraint, and this function returns
    the winner's source instead (its own new row is rolled back in a savepoint).
    Callers that resolve several names in one transaction should do so in a
    fixed order (sorted by normalised name) so that two imports cannot deadlock.
    """
    name = " ".join(name.split())
    key = normalize_alias(name)
    if not key:
        raise SourceInputError(f"a source needs a name with letters or digits (got {name!r})")
    if kind not in SourceKind.values:
        raise SourceInputError(f"unknown source kind {kind!r}")
    existing = source_find(name=name)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            source = Source.objects.create(name=name, kind=kind, description=description)
            SourceAlias.objects.create(source=source, alias=name, normalized=key)
    except IntegrityError:
        winner = source_find(name=name)
        if winner is None:  # pragma: no cover - the constraint that failed names a row
            raise
        return winner
    if kind == SourceKind.PERSON:
        surname = surname_key(name)
        if surname:
            # "Lavrov" alone then finds Sergey Lavrov, unless another person holds that surname.
            _alias_add(source=source, alias=name.split()[-1])
    return source


def source_merge(*, source: Source, into: Source, actor: object | None = None) -> Source:
    """Merge ``source`` into ``into``: its aliases, attributions and relay hops move over."""
    from claims.models import Attribution, RelayHop

    if source.pk == into.pk:
        raise SourceInputError("a source cannot be merged into itself")
    target = _follow_merges(into)
    if target.pk == source.pk:
        raise SourceInputError(f"{into} is already merged into {source}")
    with transaction.atomic(), pghistory.context(action="sources.source.merged", merged=source.pk, into=target.pk):
        locked = {s.pk: s for s in Source.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
        SourceAlias.objects.filter(source=source).update(source=target)
        Attribution.objects.filter(speaker=source).update(speaker=target)
        RelayHop.objects.filter(source=source).update(source=target)
        Source.objects.filter(merged_into=source).update(merged_into=target)
        merged = locked[source.pk]
        merged.merged_into = target
        merged.version += 1
        merged.save(update_fields=["merged_into", "version", "updated_at"])
    return target


class SourceVersionConflict(Exception):
    """The source changed since the caller read it (its ``version`` moved)."""


def source_update(*, source: Source, expected_version: int, actor: object | None = None, **fields: str) -> Source:
    """Change a source's name, kind or description if it is still at ``expected_version`` (compare-and-set)."""
    allowed = {"name", "kind", "description"}
    unknown = set(fields) - allowed
    if unknown:
        raise SourceInputError(f"cannot change {', '.join(sorted(unknown))}")
    if "kind" in fields and fields["kind"] not in SourceKind.values:
        raise SourceInputError(f"unknown source kind {fields['kind']!r}")
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
        if not normalize_alias(fields["name"]):
            raise SourceInputError("a source needs a name with letters or digits")
    with transaction.atomic(), pghistory.context(action="sources.source.updated", user=getattr(actor, "pk", None)):
        updated = Source.objects.filter(pk=source.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **fields
        )
        if updated != 1:
            raise SourceVersionConflict(f"{source} was changed by someone else")
        if "name" in fields:
            _alias_add(source=source, alias=fields["name"])
    return Source.objects.get(pk=source.pk)


def source_merge_checked(*, source: Source, into: Source, expected_version: int, actor: object | None = None) -> Source:
    """``source_merge`` if ``source`` is still at ``expected_version`` and not merged yet."""
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.version != expected_version or locked.merged_into_id is not None:
            raise SourceVersionConflict(f"{source} was changed or merged by someone else")
        return source_merge(source=locked, into=into, actor=actor)
