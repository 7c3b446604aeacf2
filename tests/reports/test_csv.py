from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from reports.csv import csv_lines, neutralise
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Lavrov said", "Lavrov said"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (0.25, "0.25"),
    ],
)
def test_cells_that_could_start_a_formula_are_neutralised(value: Any, cell: str) -> None:
    assert neutralise(value) == cell


def test_csv_lines_quote_and_neutralise() -> None:
    text = "".join(csv_lines(["a", "b"], [["=1,2", 'say "hi"\nthere']]))
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'=1,2", 'say "hi"\nthere']]


@pytest.mark.django_db
def test_claim_list_csv_is_streamed_and_neutralised(editor: Any, client: Any) -> None:
    article = ArticleFactory(title="@evil title", text="=cmd|' /C calc'!A0 said the minister.")
    claim = ClaimFactory(article=article, checkworthiness=0.9)
    AttributionFactory(claim=claim, speaker=SourceFactory(name="+Injected Speaker"))
    client.force_login(editor)

    response = client.get("/reports/claims.csv")

    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "claim id"
    [row] = rows[1:]
    assert row[0] == str(claim.pk)
    assert row[2] == "'@evil title"
    assert row[4] == "'=cmd|' /C calc'!A0 said the minister."
    assert row[8] == "'+Injected Speaker"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/reports/unverified.csv?by=speaker",
        "/reports/unverified.csv?by=source",
        "/reports/backlog.csv?period=week",
        "/reports/sources.csv",
        "/reports/reviewers.csv",
        "/reports/extractor.csv",
        "/reports/claims.csv?status=",
    ],
)
def test_every_report_downloads_as_neutralised_csv(url: str, editor: Any, client: Any) -> None:
    source = SourceFactory(name="=1+1")
    AttributionFactory(claim=ClaimFactory(), speaker=source)
    AttributionFactory(claim=ClaimFactory(status="corroborated"), speaker=source)
    client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) >= 1
    cells = [cell for row in rows for cell in row]
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    if "unverified" in url or "sources" in url or "claims" in url:
        assert "'=1+1" in cells
