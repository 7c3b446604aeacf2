"""Claims, verdicts, related claims and articles through the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from claims.models import Claim, RelayHop, Verdict
from tests.api.conftest import session_client
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_claim_filters_combine(reviewer):
    lavrov = SourceFactory(name="Sergey Lavrov", kind="person")
    ministry = SourceFactory(name="Ministry of Defence", kind="government")
    interfax = SourceFactory(name="Interfax", kind="news_agency")
    publisher = SourceFactory(name="Civil Georgia", kind="outlet")
    article = ArticleFactory(publisher=publisher, published=dt.date(2008, 9, 9))
    said = AttributionFactory(
        claim=ClaimFactory(article=article, text="Troops will stay in Abkhazia.", checkworthiness=0.9), speaker=lavrov
    )
    relayed = AttributionFactory(
        claim=ClaimFactory(text="The bridge will reopen in May.", checkworthiness=0.2), speaker=ministry
    )
    RelayHop.objects.create(attribution=relayed, position=0, source=interfax, cue_text="according to")
    Claim.objects.filter(pk=relayed.claim_id).update(status="disputed")
    client = session_client(reviewer)

    assert _ids(client.get(f"/api/claims?speaker={lavrov.pk}")) == [said.claim_id]
    assert _ids(client.get(f"/api/claims?relay_source={interfax.pk}")) == [relayed.claim_id]
    assert _ids(client.get(f"/api/claims?source={interfax.pk}")) == [relayed.claim_id]
    assert _ids(client.get("/api/claims?source_kind=government")) == [relayed.claim_id]
    assert _ids(client.get(f"/api/claims?publisher={publisher.pk}")) == [said.claim_id]
    assert _ids(client.get("/api/claims?status=disputed")) == [relayed.claim_id]
    assert sorted(_ids(client.get("/api/claims?status=disputed&status=unverified"))) == sorted(
        [said.claim_id, relayed.claim_id]
    )
    assert _ids(client.get("/api/claims?checkworthiness_min=0.5")) == [said.claim_id]
    assert _ids(client.get("/api/claims?published_after=2008-09-01&published_before=2008-09-30")) == [said.claim_id]
    assert _ids(client.get("/api/claims?q=abkhazia troops")) == [said.claim_id]
    assert _ids(client.get(f"/api/claims?article={article.pk}&status=disputed")) == []
    assert _ids(client.get("/api/claims?ordering=checkworthiness")) == [relayed.claim_id, said.claim_id]
    assert _ids(client.get("/api/claims?ordering=-checkworthiness")) == [said.claim_id, relayed.claim_id]


def test_ordering_is_whitelisted_and_bad_filters_are_400(reviewer, claim):
    client = session_client(reviewer)
    # An unknown ordering field is ignored (the default order applies), never passed to SQL.
    assert _ids(client.get("/api/claims?ordering=text")) == [claim.pk]
    response = client.get("/api/claims?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert client.get("/api/claims?checkworthiness_min=high").status_code == 400


def test_pages_are_cursor_based_and_bounded(reviewer):
    claims = [ClaimFactory() for _ in range(5)]
    client = session_client(reviewer)
    first = client.get("/api/claims?page_size=2").json()
    assert [c["id"] for c in first["results"]] == [claims[4].pk, claims[3].pk]
    assert "count" not in first
    second = client.get(first["next"]).json()
    assert [c["id"] for c in second["results"]] == [claims[2].pk, claims[1].pk]
    ClaimFactory.create_batch(3)
    assert len(client.get("/api/claims?page_size=100000").json()["results"]) == 8  # capped at 100, not refused


def test_recording_a_verdict_supersedes_the_head_and_stale_etags_are_refused(reviewer, editor, claim):
    client = session_client(reviewer)
    etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
    body = {
        "value": "corroborated",
        "note": "Ministry statement",
        "evidence": [
            {"kind": "url", "stance": "supports", "url": "https://mil.example.org/statement", "excerpt": "7,600"}
        ],
    }
    first = client.post(f"/api/claims/{claim.pk}/verdicts", body, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 201, first.content
    assert first.json()["evidence"][0]["url"] == "https://mil.example.org/statement"
    assert first["ETag"] != etag
    stale = session_client(editor).post(
        f"/api/claims/{claim.pk}/verdicts", {"value": "unverifiable"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    second = session_client(editor).post(
        f"/api/claims/{claim.pk}/verdicts", {"value": "unverifiable"}, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert second.status_code == 201
    assert second.json()["supersedes"] == first.json()["id"]
    chain = client.get(f"/api/claims/{claim.pk}/verdicts").json()["results"]
    assert len(chain) == 2
    assert client.get(f"/api/claims/{claim.pk}").json()["status"] == "unverifiable"
    assert Verdict.objects.count() == 2


def test_retract_and_sign_off_act_on_the_head_only(reviewer, editor, claim, settings):
    settings.REQUIRE_EDITOR_SIGNOFF = True
    client = session_client(reviewer)
    etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
    recorded = client.post(
        f"/api/claims/{claim.pk}/verdicts",
        {
            "value": "contradicted",
            "evidence": [{"kind": "note", "stance": "contradicts", "note": "Census says otherwise"}],
        },
        format="json",
        HTTP_IF_MATCH=etag,
    ).json()
    assert client.get(f"/api/claims/{claim.pk}").json()["status"] == "pending_signoff"
    assert client.post(f"/api/verdicts/{recorded['id']}/sign-off").status_code == 403  # reviewers cannot sign off
    signed = session_client(editor).post(f"/api/verdicts/{recorded['id']}/sign-off", {"note": "ok"}, format="json")
    assert signed.status_code == 201, signed.content
    assert client.get(f"/api/claims/{claim.pk}").json()["status"] == "contradicted"
    # The recorded verdict is no longer the head: acting on it is a conflict, not an overwrite.
    again = client.post(f"/api/verdicts/{recorded['id']}/retract")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    retracted = session_client(editor).post(f"/api/verdicts/{signed.json()['id']}/retract")
    assert retracted.status_code == 201
    assert client.get(f"/api/claims/{claim.pk}").json()["status"] == "unverified"
    assert [v["action"] for v in client.get(f"/api/verdicts?claim={claim.pk}").json()["results"]] == [
        "retracted",
        "signed_off",
        "recorded",
    ]


def test_related_claims_are_suggested(reviewer):
    article = ArticleFactory(
        text="Russia will keep 7,600 troops in Abkhazia. Russia keeps troops in Abkhazia and Ossetia."
    )
    one = ClaimFactory(article=article, start=0, end=42, text="Russia will keep 7,600 troops in Abkhazia.")
    other = ClaimFactory(
        article=article, start=43, end=len(article.text), text="Russia keeps troops in Abkhazia and Ossetia."
    )
    response = session_client(reviewer).get(f"/api/claims/{one.pk}/related")
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()] == [other.pk]
    assert response.json()[0]["confirmed"] is False


def test_articles_list_detail_and_assignment(editor, reviewer, claim):
    client = session_client(editor)
    listed = client.get("/api/articles").json()["results"]
    assert listed[0]["id"] == claim.article_id
    assert listed[0]["claim_count"] == 1
    assert "text" in client.get(f"/api/articles/{claim.article_id}").json()
    assigned = client.post(f"/api/articles/{claim.article_id}/assign", {"assignee": "bob"}, format="json")
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assignee"] == "bob"
    assert _ids(session_client(reviewer).get("/api/claims?assignee=bob")) == [claim.pk]
    assert (
        client.post(f"/api/articles/{claim.article_id}/assign", {"assignee": "nobody"}, format="json").status_code
        == 400
    )


def test_correcting_the_speaker_and_relay_chain_by_name(reviewer, attribution):
    client = session_client(reviewer)
    etag = client.get(f"/api/attributions/{attribution.pk}")["ETag"]
    response = client.patch(
        f"/api/attributions/{attribution.pk}",
        {
            "speaker": {"name": "Anatoly Serdyukov", "kind": "person"},
            "role": "defense minister",
            "via": [{"name": "Interfax", "kind": "news_agency"}],
            "quote_kind": "direct",
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["speaker"]["name"] == "Anatoly Serdyukov"
    assert [hop["source"]["name"] for hop in body["relay_hops"]] == ["Interfax"]
    assert body["review_state"] == "corrected"
    bad = client.patch(
        f"/api/attributions/{attribution.pk}",
        {"speaker": {"name": "X", "kind": "alien"}},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert bad.status_code == 400
    assert "speaker" in bad.json()["errors"]


def test_creating_a_source_twice_is_a_conflict(reviewer):
    client = session_client(reviewer)
    assert client.post("/api/sources", {"name": "Interfax", "kind": "news_agency"}, format="json").status_code == 201
    again = client.post("/api/sources", {"name": "interfax", "kind": "news_agency"}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Berlin"])
def test_claim_list_and_detail_have_the_documented_shape_field_for_field(reviewer, editor, settings, time_zone):
    """The list and detail are serialized by hand from rows; they must equal the ModelSerializer's output."""
    settings.TIME_ZONE = time_zone
    from django.utils import timezone

    from claims import selectors
    from claims.serializers import ClaimSerializer

    interfax = SourceFactory(name="Interfax", kind="news_agency")
    tass = SourceFactory(name="TASS", kind="news_agency")
    reviewed = AttributionFactory(
        claim=ClaimFactory(
            assignee=editor,
            quantities=[{"value": 7600, "unit": "troops"}],
            entities=[{"text": "Abkhazia", "label": "GPE"}],
        ),
        role="Russian defense minister",
        statement_date=dt.date(2008, 9, 9),
        statement_date_precision="day",
        content_spans=[[0, 70]],
        review_state="confirmed",
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    RelayHop.objects.create(attribution=reviewed, position=1, source=tass, cue_text="citing")
    RelayHop.objects.create(
        attribution=reviewed,
        position=0,
        source=interfax,
        cue_text="according to",
        mention_text="Interfax",
        mention_start=3,
        mention_end=11,
    )
    AttributionFactory(claim=reviewed.claim, position=1, speaker=None)
    Claim.objects.filter(pk=reviewed.claim_id).update(status="corroborated", status_changed_at=timezone.now())
    bare = ClaimFactory()
    client = session_client(reviewer)

    def expected(pk):
        claim = Claim.objects.select_related("assignee").prefetch_related(selectors.attributions_prefetch()).get(pk=pk)
        return json.loads(json.dumps(ClaimSerializer(claim).data))

    listed = client.get("/api/claims").json()["results"]
    assert listed == [expected(bare.pk), expected(reviewed.claim_id)]
    assert listed[0]["created_at"].endswith("Z") == (time_zone == "UTC")
    assert [hop["source"]["name"] for hop in listed[1]["attributions"][0]["relay_hops"]] == ["Interfax", "TASS"]
    assert listed[1]["attributions"][1]["speaker"] is None
    detail = client.get(f"/api/claims/{reviewed.claim_id}")
    assert detail.json() == expected(reviewed.claim_id)
    assert detail["ETag"] == f'"claim-{reviewed.claim_id}-v1"'
    assert _ids(client.get("/api/claims?status=corroborated")) == [reviewed.claim_id]


def test_an_unprepared_database_connection_reads_the_same_pages(reviewer, attribution):
    """With DATABASE_PREPARED_STATEMENTS=false (prepare_threshold None) the attribution query runs unprepared."""
    from django.db import connection

    client = session_client(reviewer)
    prepared = client.get("/api/claims").json()
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None
    try:
        assert client.get("/api/claims").json() == prepared
    finally:
        connection.connection.prepare_threshold = threshold
    assert prepared["results"][0]["attributions"][0]["id"] == attribution.pk


CLAIM_FILTER_QUERIES = [
    "status=disputed&status=unverified",
    "status=bogus",
    "status=",
    "speaker=12",
    "speaker=twelve",
    "speaker=1e60",
    "source=3&relay_source=4",
    "source_kind=government",
    "source_kind=martian",
    "article=7",
    "publisher=x",
    "published_after=2008-09-01&published_before=2008-09-30",
    "published_after=yesterday",
    "stated_after=2008-02-30",
    "stated_before=2008-09-09",
    "created_after=2026-11-28T07:00:00Z",
    "created_before=noon",
    "checkworthiness_min=0.5&checkworthiness_max=0.9",
    "checkworthiness_min=high",
    "assignee=bob",
    "q=troops abkhazia",
    "q=" + "x" * 201,
    "q=  ",
    "ordering=-id&page_size=5",
    "unknown=1",
]


@pytest.mark.parametrize("query", CLAIM_FILTER_QUERIES)
def test_the_claim_filters_clean_exactly_as_django_filters_form(db, query):
    """ClaimFilter cleans parameters with its shared fields, not a form per request: same values, same errors."""
    import django_filters
    from django.http import QueryDict

    from claims.filters import ClaimFilter

    data = QueryDict(query)
    fast = ClaimFilter(data)
    form = fast.form  # django-filter's own form, built from fresh copies of the filters
    assert fast.is_valid() == form.is_valid()
    assert fast.errors.as_data().keys() == form.errors.as_data().keys()
    assert {k: [e.messages for e in v] for k, v in fast.errors.as_data().items()} == {
        k: [e.messages for e in v] for k, v in form.errors.as_data().items()
    }
    if form.is_valid():
        cleaned = fast._cleaned[0]
        assert cleaned == {name: form.cleaned_data[name] for name in cleaned}
        assert set(data) & set(ClaimFilter.base_filters) <= set(cleaned)
        assert all(form.cleaned_data[name] in ("", None, []) for name in set(form.cleaned_data) - set(cleaned))
        with_form = django_filters.FilterSet.filter_queryset(fast, Claim.objects.all())  # django-filter's own path
        assert str(fast.filter_queryset(Claim.objects.all()).query) == str(with_form.query)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("source_kind=martian", "source_kind"),
        ("speaker=twelve", "speaker"),
        ("published_after=yesterday", "published_after"),
        ("created_before=noon", "created_before"),
        ("checkworthiness_max=very", "checkworthiness_max"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_a_bad_claim_filter_is_a_json_400_naming_the_parameter(reviewer, query, field):
    response = session_client(reviewer).get(f"/api/claims?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["errors"][field] and all(isinstance(message, str) and message for message in body["errors"][field])
