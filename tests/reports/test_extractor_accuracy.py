from __future__ import annotations

from typing import Any

import pytest

from claims.services import attribution_confirm, attribution_correct
from reports.selectors import ReportFilters, extractor_accuracy, wilson_interval
from sources.models import SourceKind
from sources.services import source_merge
from tests.factories import AttributionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_extractor_accuracy_per_version_kind_and_cue(editor: Any) -> None:
    person, other = SourceFactory(name="Ana Person"), SourceFactory(name="Bo Person")
    ministry = SourceFactory(name="Ministry", kind=SourceKind.GOVERNMENT)
    group = SourceFactory(name="Agencies", kind=SourceKind.GROUP)
    spelled, canonical = SourceFactory(name="C. Person"), SourceFactory(name="Cy Person")

    def made(speaker: Any, version: str, cue: str) -> Any:
        return AttributionFactory(speaker=speaker, extractor_version=version, cue_text=cue)

    right = made(person, "v1", "said")
    wrong_speaker = made(other, "v1", "told")
    wrong_role = made(ministry, "v2", "Said")
    right_group = made(group, "v2", "reported")
    later_merged = made(spelled, "v2", "stated")
    made(person, "v1", "said")  # never reviewed: not counted

    attribution_confirm(attribution=right, actor=editor, expected_version=None)
    attribution_correct(attribution=wrong_speaker, actor=editor, expected_version=None, speaker=ministry)
    attribution_correct(attribution=wrong_role, actor=editor, expected_version=None, role="spokesperson")
    attribution_confirm(attribution=right_group, actor=editor, expected_version=None)
    # A reviewer corrected to Cy Person; C. Person was later merged into Cy: the engine was right after all.
    attribution_correct(attribution=later_merged, actor=editor, expected_version=None, speaker=canonical)
    source_merge(source=spelled, into=canonical)

    rows = {
        (row.dimension, row.value): (row.reviewed, row.confirmed, row.speaker_right)
        for row in extractor_accuracy(filters=ReportFilters())
    }

    assert rows == {
        ("all", "All reviewed attributions"): (5, 2, 4),
        ("version", "v1"): (2, 1, 1),
        ("version", "v2"): (3, 1, 3),
        ("kind", "person"): (3, 1, 2),
        ("kind", "government"): (1, 0, 1),
        ("kind", "group"): (1, 1, 1),
        ("cue", "said"): (2, 1, 2),
        ("cue", "told"): (1, 0, 0),
        ("cue", "reported"): (1, 1, 1),
        ("cue", "stated"): (1, 0, 1),
    }
    overall = extractor_accuracy(filters=ReportFilters())[0]
    assert overall.dimension == "all"
    assert (overall.low, overall.high) == pytest.approx(wilson_interval(2, 5))


def test_extractor_accuracy_is_empty_without_reviews(db: None) -> None:
    AttributionFactory()
    assert extractor_accuracy(filters=ReportFilters()) == []
