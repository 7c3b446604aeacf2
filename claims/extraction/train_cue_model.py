"""Fit the learned cue gate (cuescorer.py) on a brat-annotated corpus (PolNeAR train).

    python -m claims.extraction.train_cue_model --data PATH/TO/polnear/train [--c 0.3]
    python -m claims.extraction.train_cue_model --data PATH/TO/polnear/train --listed

The second fits the listed model (``listed_cue_model.json``): its examples are
the listed verbs outside quotations that the rules drop and that would have a
content without the rules' filters (cues.rescue_candidates, which the engine
asks too), labelled the same way.

Needs scikit-learn (a development dependency; the engine itself only reads the
weights).  Every verb outside quotations whose lemma is not in the cue lexicon
is an example, labelled by whether a gold cue covers it; the fitted weights,
rounded and without those under 0.1 (dropping them
changed no figure on held-out documents and leaves a fifth of the file), are written to ``cue_model.json``.
The corpus is read where it lies; nothing of it is copied into the repository.
"""

from __future__ import annotations

import argparse
import bisect
import glob
import json
import os
from collections.abc import Iterable, Iterator
from importlib import resources

from spacy.tokens import Doc

from . import sentences as _sentences
from .calibrate import read_gold
from .cues import rescue_candidates, verb_cues_and_residue, verb_lemma
from .cuescorer import LISTED_MODEL_FILE, MODEL_FILE, gate_decides, verb_features
from .engine import CHUNK_CHARS, Extractor, quoted_regions

Example = tuple[list[str], bool]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, 1 << 62))
    return any(s < end and start < e for s, e in spans[max(0, index - 4) : index + 1])


def document_examples(parsed: Iterable[tuple[Doc, int]], gold_cues: list[tuple[int, int]]) -> Iterator[Example]:
    """The gate's examples in one parsed document: features and whether a gold cue covers the verb."""
    cues = sorted(gold_cues)
    for doc, offset in parsed:
        quote_open = False
        text = _sentences.text_of(doc)
        for sent, start, end in _sentences.sentence_spans(doc):
            quoted, quote_open = quoted_regions(text, start, end, quote_open)
            for token in sent:
                if token.pos_ != "VERB":
                    continue
                lemma = verb_lemma(token)
                if not gate_decides(lemma) or _inside(quoted, token.idx, token.idx + len(token)):
                    continue
                start_char = offset + token.idx
                yield verb_features(token, lemma), _inside(cues, start_char, start_char + len(token))


def listed_examples(parsed: Iterable[tuple[Doc, int]], gold_cues: list[tuple[int, int]]) -> Iterator[Example]:
    """The listed model's examples in one parsed document: the listed verbs
    outside quotations that the rules dropped (cues.rescue_candidates, as the
    engine asks it, with the verb rules' own cues as the ones taken), labelled
    by whether a gold cue covers the verb."""
    cues = sorted(gold_cues)
    for doc, offset in parsed:
        quote_open = False
        text = _sentences.text_of(doc)
        for sent, start, end in _sentences.sentence_spans(doc):
            quoted, quote_open = quoted_regions(text, start, end, quote_open)
            found, residue = verb_cues_and_residue(sent)
            if not residue:
                continue
            for verb, _raw, features in rescue_candidates(sent, residue, found):
                if _inside(quoted, verb.idx, verb.idx + len(verb)):
                    continue
                start_char = offset + verb.idx
                yield features, _inside(cues, start_char, start_char + len(verb))


def fit(examples: list[Example], regularisation: float, smallest: float = 0.1) -> dict[str, float]:
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:  # pragma: no cover - a development tool
        raise SystemExit("training the cue gate needs scikit-learn: pip install -e '.[dev]'") from error
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{feature: 1 for feature in features} for features, _ in examples])
    model = LogisticRegression(C=regularisation, max_iter=5000)
    model.fit(matrix, [label for _, label in examples])
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): round(float(weight), 3)
        for name, weight in zip(names, model.coef_[0], strict=True)
        if abs(weight) >= smallest
    }
    # Every example has the "bias" feature: the intercept folds into its weight.
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 3)
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="a split directory with text/ and attributions/")
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 regularisation strength")
    parser.add_argument(
        "--listed",
        action="store_true",
        help=f"fit the listed model ({LISTED_MODEL_FILE}: listed verbs the rules dropped) instead of the gate",
    )
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.out is None:
        args.out = str(resources.files(__package__).joinpath(LISTED_MODEL_FILE if args.listed else MODEL_FILE))
    collect = listed_examples if args.listed else document_examples
    nlp = Extractor().nlp
    examples: list[Example] = []
    for path in sorted(glob.glob(os.path.join(args.data, "text", "*.txt"))):
        name = os.path.basename(path)[:-4]
        annotations = sorted(glob.glob(os.path.join(args.data, "attributions", name + "_*.ann")))
        if not annotations:
            continue
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        gold_cues = [fragment for cue, _content, _source in read_gold(annotations[0]) for fragment in cue]
        chunks = [(text[s:e], s) for s, e in _sentences.chunk_bounds(text, CHUNK_CHARS)]
        parsed = [(doc, offset) for doc, offset in nlp.pipe(chunks, as_tuples=True)]
        examples.extend(collect(parsed, gold_cues))
    weights = fit(examples, args.c)
    positives = sum(label for _, label in examples)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {"examples": len(examples), "positives": positives, "c": args.c, "weights": weights},
            handle,
            indent=0,
            sort_keys=True,
        )
        handle.write("\n")
    print(f"{len(examples)} examples ({positives} cues), {len(weights)} weights -> {args.out}")


if __name__ == "__main__":
    main()
