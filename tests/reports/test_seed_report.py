"""Acceptance: the seed article with three verdicts, through the selectors, the page, the API and the CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from claims.models import Claim
from reports.selectors import ReportFilters, unverified_report

pytestmark = pytest.mark.django_db


def _by_label(rows: list[Any]) -> dict[str, int]:
    return {row.label: row.count for row in rows}


def test_seed_unverified_report_splits_the_remaining_thirteen_claims_by_speaker(seed_with_three_verdicts: Any) -> None:
    report = unverified_report(filters=ReportFilters())

    assert report.total == 13
    assert _by_label(report.groups["speaker"]) == {
        "Anatoly Serdyukov": 3,
        "Sergey Lavrov": 5,
        "Russian news agencies": 1,
        "Georgia": 1,
        "Georgian authorities": 1,
        "Reports": 1,
        "Publisher (no one cited)": 1,
    }
    assert sum(row.count for row in report.groups["speaker"]) == 13


def test_seed_unverified_report_splits_by_sourcing_strength(seed_with_three_verdicts: Any) -> None:
    report = unverified_report(filters=ReportFilters())

    assert _by_label(report.groups["kind"]) == {
        "Named person on the record": 8,
        "Official body": 2,
        "News agency": 0,
        "Group of agencies": 1,
        "Anonymous reports": 1,
        "Unattributed publisher statement": 1,
    }


def test_seed_interfax_relay_row_counts_sentence_seven(seed_with_three_verdicts: Any) -> None:
    report = unverified_report(filters=ReportFilters())

    [interfax] = report.groups["relay"]
    assert (interfax.label, interfax.count) == ("according to Interfax", 1)
    sentence_seven = Claim.objects.get(article=seed_with_three_verdicts, position=6)
    assert "according to Interfax" in sentence_seven.text


def test_seed_report_page_and_drill_down_agree(seed_with_three_verdicts: Any, editor: Any, client: Any) -> None:
    client.force_login(editor)

    page = client.get("/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="unverified-total">13<' in html
    assert "according to Interfax" in html
    relay = unverified_report(filters=ReportFilters()).groups["relay"][0]
    listing = client.get(f"/reports/claims/?relay={relay.value}")
    assert listing.status_code == 200
    sentence_seven = Claim.objects.get(article=seed_with_three_verdicts, position=6)
    assert f'data-claim="{sentence_seven.pk}"' in listing.content.decode()
    assert listing.content.decode().count("data-claim=") == 1


def test_seed_report_api_and_csv(seed_with_three_verdicts: Any, editor: Any, client: Any) -> None:
    client.force_login(editor)

    api = client.get("/api/reports/unverified/?by=speaker")
    assert api.status_code == 200
    assert api.json()["total"] == 13
    assert {row["label"]: row["count"] for row in api.json()["groups"]["speaker"]}["Sergey Lavrov"] == 5

    response = client.get("/reports/unverified.csv?by=kind")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["grouping", "group", "key", "detail", "unverified claims"]
    assert rows[1][1] == "Named person on the record"
    assert sum(int(row[4]) for row in rows[1:]) == 13


def test_the_unverified_report_api_pages_its_groupings(seed_with_three_verdicts: Any, editor: Any, client: Any) -> None:
    client.force_login(editor)

    full = client.get("/api/reports/unverified/?by=speaker").json()
    top = client.get("/api/reports/unverified/?by=speaker&limit=1").json()

    assert (full["limit"], full["more"]) == (100, {"speaker": False})
    assert (top["limit"], top["more"], top["total"]) == (1, {"speaker": True}, 13)
    assert top["groups"]["speaker"] == full["groups"]["speaker"][:1]
    assert top["groups"]["speaker"][0]["label"] == "Sergey Lavrov"
    for bad in ("0", "1001", "many"):
        response = client.get(f"/api/reports/unverified/?limit={bad}")
        assert response.status_code == 400
        assert "limit" in response.json()["errors"]


def test_the_source_track_record_api_is_limited_best_first(
    seed_with_three_verdicts: Any, editor: Any, client: Any
) -> None:
    client.force_login(editor)

    full = client.get("/api/reports/sources/").json()
    top = client.get("/api/reports/sources/?limit=1").json()

    assert full["results"] and (full["limit"], full["more"]) == (100, False)
    assert top["results"] == full["results"][:1]
    assert top["more"] == (len(full["results"]) > 1)
    assert client.get("/api/reports/sources/?limit=0").status_code == 400
