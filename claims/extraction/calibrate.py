"""Measure per-rule precision on a brat-annotated corpus (PolNeAR train) and
print the RULE_PRECISION table for calibration.py.

    python -m claims.extraction.calibrate --data PATH/TO/polnear/train [--limit N]

The corpus is read where it lies; nothing of it is copied into the repository.
An attribution is right when its cue, its content and its speaker's mention
each overlap one gold attribution's by at least half of the larger side's word
tokens.  A
continuation (no cue) is right when a gold attribution whose content covers
words of its sentence has a source overlapping its mention that way.  Several annotators: the lexicographically smallest
annotator file per document is used.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import re

from .engine import Extractor

WORD = re.compile(r"\w+")


def _words(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Word-token starts; a punctuation-only span (the cue ":") keeps its characters."""
    words = frozenset(m.start() for s, e in spans for m in WORD.finditer(text, s, e))
    return words or frozenset(i for s, e in spans for i in range(s, e) if not text[i].isspace())


def _overlap(gold: frozenset[int], pred: frozenset[int]) -> bool:
    return bool(gold and pred) and len(gold & pred) / max(len(gold), len(pred)) >= 0.5


Spans = list[tuple[int, int]]


def read_gold(path: str) -> list[tuple[Spans, Spans, Spans]]:
    """(cue, content, source) fragments of every attribution in a brat file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0].startswith("T") and len(fields) >= 2:
                _, _, offsets = fields[1].partition(" ")
                spans[fields[0]] = [
                    (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";") if part.strip())
                ]
            elif fields[0].startswith("E") and len(fields) >= 2:
                roles: dict[str, list[str]] = collections.defaultdict(list)
                for item in fields[1].split()[1:]:
                    role, _, ref = item.partition(":")
                    roles[role.rstrip("0123456789")].append(ref)
                if fields[1].startswith("Attribution"):
                    events.append(roles)
    return [
        (
            [f for ref in event.get("Cue", []) for f in spans.get(ref, [])],
            [f for ref in event.get("Content", []) for f in spans.get(ref, [])],
            [f for ref in event.get("Source", []) for f in spans.get(ref, [])],
        )
        for event in events
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="a split directory with text/ and attributions/")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    paths = sorted(glob.glob(os.path.join(args.data, "text", "*.txt")))
    if args.limit:
        paths = paths[: args.limit]
    texts, golds = [], []
    for path in paths:
        name = os.path.basename(path)[:-4]
        annotations = sorted(glob.glob(os.path.join(args.data, "attributions", name + "_*.ann")))
        if not annotations:
            continue
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
        golds.append(read_gold(annotations[0]))
    fired: collections.Counter[str] = collections.Counter()
    right: collections.Counter[str] = collections.Counter()
    for text, gold, document in zip(texts, golds, Extractor().extract_many(texts), strict=True):
        gold_sets = [(_words(text, cue), _words(text, content), _words(text, source)) for cue, content, source in gold]
        for sentence in document.sentences:
            sentence_words = _words(text, [(sentence.start, sentence.end)])
            for attribution in sentence.attributions:
                fired[attribution.rule] += 1
                if attribution.cue is None:
                    mention = attribution.speaker.mention
                    spoken = _words(text, [(mention.start, mention.end)]) if mention else frozenset()
                    right[attribution.rule] += any(
                        gold_content & sentence_words and _overlap(gold_source, spoken)
                        for _, gold_content, gold_source in gold_sets
                    )
                    continue
                content = _words(text, [(c.start, c.end) for c in attribution.content])
                cue = _words(text, [(attribution.cue.start, attribution.cue.end)])
                mention = attribution.speaker.mention
                speaker_words = _words(text, [(mention.start, mention.end)]) if mention else None
                right[attribution.rule] += any(
                    _overlap(gold_content, content)
                    and _overlap(gold_cue, cue)
                    and (speaker_words is None or not gold_source or _overlap(gold_source, speaker_words))
                    for gold_cue, gold_content, gold_source in gold_sets
                )
    print("RULE_PRECISION: dict[str, tuple[float, int]] = {")
    for rule, count in sorted(fired.items(), key=lambda item: -item[1]):
        print(f'    "{rule}": ({right[rule] / count:.2f}, {count}),')
    print("}")


if __name__ == "__main__":
    main()
