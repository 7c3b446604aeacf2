"""Result types of the extraction engine: frozen dataclasses whose ``to_dict``
gives exactly the JSON Lines shape documented in README.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class TextSpan:
    """A piece of the original text; ``text == document[start:end]`` always."""

    start: int
    end: int
    text: str

    def to_dict(self) -> JSON:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    role: str | None
    mention: TextSpan | None

    def to_dict(self) -> JSON:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "mention": self.mention.to_dict() if self.mention else None,
        }


@dataclass(frozen=True)
class Hop:
    """One relay of a statement: who passed it on and how ("according to Interfax")."""

    name: str
    kind: str
    cue: str
    mention: TextSpan

    def to_dict(self) -> JSON:
        return {"name": self.name, "kind": self.kind, "cue": self.cue, "mention": self.mention.to_dict()}


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    cue: TextSpan | None
    content: tuple[TextSpan, ...]
    quote: str
    via: tuple[Hop, ...]
    statement_date: str | None
    confidence: float
    # Which extraction rule fired; keys the calibration table, not serialised.
    rule: str
    # For a sentence inside a quotation of several sentences: the index of the
    # sentence whose attribution has the cue and holds the whole quotation as
    # its content (this attribution then has no content of its own).
    continues: int | None = None

    def to_dict(self) -> JSON:
        return {
            "speaker": self.speaker.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "content": [{"start": span.start, "end": span.end} for span in self.content],
            "quote": self.quote,
            "via": [hop.to_dict() for hop in self.via],
            "statement_date": self.statement_date,
            "confidence": self.confidence,
            "continues": self.continues,
        }


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None
    text: str
    start: int
    end: int
    per: TextSpan | None = None

    def to_dict(self) -> JSON:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "per": self.per.to_dict() if self.per else None,
        }


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int
    end: int

    def to_dict(self) -> JSON:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ExtractedSentence:
    index: int
    start: int
    end: int
    text: str
    attributions: tuple[Attribution, ...]
    checkworthiness: float
    quantities: tuple[Quantity, ...]
    entities: tuple[Entity, ...]
    extractor_version: str

    def to_dict(self, document: str | None = None) -> JSON:
        return {
            "document": document,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "attributions": [a.to_dict() for a in self.attributions],
            "checkworthiness": self.checkworthiness,
            "quantities": [q.to_dict() for q in self.quantities],
            "entities": [e.to_dict() for e in self.entities],
            "extractor_version": self.extractor_version,
        }


@dataclass(frozen=True)
class ExtractedDocument:
    text: str
    sentences: tuple[ExtractedSentence, ...]
    published: str | None
    publisher: str | None
    extractor_version: str
    model_name: str = field(default="")

    def to_dicts(self, document: str | None = None) -> list[JSON]:
        return [s.to_dict(document) for s in self.sentences]

    def to_dict(self, document: str | None = None) -> JSON:
        return {
            "document": document,
            "published": self.published,
            "publisher": self.publisher,
            "extractor_version": self.extractor_version,
            "model": self.model_name,
            "sentences": self.to_dicts(document),
        }
