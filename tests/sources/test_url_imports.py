"""URL imports against a local HTTP server, including the refusals that keep fetching safe."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from claims.models import Claim
from sources.fetching import FetchRefused, address_allowed, check_url, fetch
from sources.jobs import import_job_create, import_job_execute
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source
from tests.sources.conftest import LocalServer, article_html

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "Russia will keep 7,600 troops in Abkhazia and South Ossetia, Defense Minister Anatoly Serdyukov said on Tuesday.",
    "Foreign Minister Sergey Lavrov said the troops would stay for a long time, according to Interfax.",
    "The European Union said it would send monitors to the region next month.",
]


def _run_url_job(url: str, **payload: str) -> ImportJob:
    job = import_job_create(kind=ImportKind.URL, payload={"url": url, **payload})
    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def _assert_failed_and_nothing_stored(job: ImportJob, reason: str) -> None:
    assert job.status == ImportStatus.FAILED
    assert reason in job.error
    assert "\n" not in job.error
    assert Article.objects.count() == 0 and Claim.objects.count() == 0 and Source.objects.count() == 0


def test_a_page_is_imported_with_its_article_body_and_metadata(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    url = local_server.add(
        "/news/troops",
        article_html(
            title="Russia to keep troops",
            body_paragraphs=PARAGRAPHS,
            author="Jane Roe",
            published="2008-09-09",
            site="Civil Georgia",
        ),
    )

    job = _run_url_job(url)

    assert job.status == ImportStatus.SUCCEEDED, job.error
    article = job.article
    assert article is not None
    assert (article.title, article.author, article.url, article.published) == (
        "Russia to keep troops",
        "Jane Roe",
        url,
        dt.date(2008, 9, 9),
    )
    assert article.publisher is not None and article.publisher.name == "Civil Georgia"
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.claims.count() == 3
    assert Source.objects.filter(name="Sergey Lavrov").exists()


def test_metadata_given_with_the_request_wins_over_the_page(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    url = local_server.add("/a", article_html(title="Page title", body_paragraphs=PARAGRAPHS, site="Site name"))

    job = _run_url_job(url, title="Our title", publisher="Interpressnews")

    assert job.article is not None and job.article.title == "Our title"
    assert job.article.publisher is not None and job.article.publisher.name == "Interpressnews"


def test_a_redirect_is_followed_and_the_final_address_recorded(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    final = local_server.add("/final", article_html(title="Final", body_paragraphs=PARAGRAPHS))
    start = local_server.add("/start", status=302, headers={"Location": "/final"})

    job = _run_url_job(start)

    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.article is not None and job.article.url == final


def test_a_gzip_compressed_page_is_read(local_server: LocalServer, allow_local_fetches: None) -> None:
    body = gzip.compress(article_html(title="Zipped", body_paragraphs=PARAGRAPHS).encode())
    url = local_server.add("/zipped", body, headers={"Content-Encoding": "gzip"})

    job = _run_url_job(url)

    assert job.status == ImportStatus.SUCCEEDED, job.error


def test_a_url_to_the_loopback_address_is_refused_without_an_allow_list(local_server: LocalServer) -> None:
    url = local_server.add("/news/troops", article_html(title="T", body_paragraphs=PARAGRAPHS))

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "private, loopback, link-local or metadata address")
    assert local_server.requests == []


def test_a_host_name_resolving_to_loopback_is_refused(local_server: LocalServer) -> None:
    url = local_server.add("/x", article_html(title="T", body_paragraphs=PARAGRAPHS)).replace("127.0.0.1", "localhost")

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "localhost resolves to")
    assert local_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.7/internal",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://192.168.1.1/",
        "http://127.0.0.2/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    local_server: LocalServer, allow_local_fetches: None, target: str
) -> None:
    url = local_server.add("/go", status=302, headers={"Location": target})

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "the workbench does not fetch those")
    assert [path for path, _ in local_server.requests] == ["/go"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/a", "only http and https"),
        ("gopher://127.0.0.1:70/", "only http and https"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http://[::1", "not a valid URL"),
    ],
)
def test_urls_that_are_not_plain_http_are_refused(url: str, reason: str) -> None:
    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, reason)


def test_a_404_fails_at_once_with_the_status(local_server: LocalServer, allow_local_fetches: None) -> None:
    job = _run_url_job(local_server.url("/missing"))

    _assert_failed_and_nothing_stored(job, "answered HTTP 404 Not Found")
    assert job.attempts == 1


def test_a_page_that_is_not_an_article_fails(local_server: LocalServer, allow_local_fetches: None) -> None:
    url = local_server.add("/login", "<html><body><form><input name=user><button>Log in</button></form></body></html>")

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "does not look like an article")


def test_a_binary_download_is_not_taken_for_a_page(local_server: LocalServer, allow_local_fetches: None) -> None:
    url = local_server.add("/file.zip", b"PK\x03\x04", headers={"Content-Type": "application/zip"})

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "is application/zip, not a web page")


def test_a_page_over_the_size_limit_is_refused(local_server: LocalServer, allow_local_fetches: None, settings) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    url = local_server.add("/big", article_html(title="Big", body_paragraphs=PARAGRAPHS * 20))

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "larger than the 1,000-byte limit")


def test_a_compression_bomb_stops_at_the_size_limit(
    local_server: LocalServer, allow_local_fetches: None, settings
) -> None:
    settings.IMPORT_MAX_BYTES = 100_000
    url = local_server.add("/bomb", gzip.compress(b" " * 50_000_000), headers={"Content-Encoding": "gzip"})

    job = _run_url_job(url)

    _assert_failed_and_nothing_stored(job, "larger than the 100,000-byte limit")


def test_a_timeout_is_retried_and_then_fails_with_the_reason(
    local_server: LocalServer, allow_local_fetches: None, settings
) -> None:
    from sources.jobs import JobRetry

    settings.FETCH_TIMEOUT_SECONDS = 1
    settings.IMPORT_MAX_ATTEMPTS = 2
    url = local_server.add(
        "/slow", article_html(title="Slow", body_paragraphs=PARAGRAPHS), before=lambda: local_server.release.wait(3)
    )
    job = import_job_create(kind=ImportKind.URL, payload={"url": url})

    with pytest.raises(JobRetry) as retry:
        import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and "timed out" in job.error
    assert 0 < retry.value.countdown <= settings.IMPORT_RETRY_BACKOFF_SECONDS

    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    _assert_failed_and_nothing_stored(job, "timed out after 1s")
    assert "gave up after 2 tries" in job.error


def test_a_server_error_is_transient(local_server: LocalServer, allow_local_fetches: None, settings) -> None:
    settings.IMPORT_MAX_ATTEMPTS = 1
    job = _run_url_job(local_server.add("/down", "oops", status=503))

    _assert_failed_and_nothing_stored(job, "answered HTTP 503")
    assert "gave up after 1 tries" in job.error


def test_the_allow_list_admits_only_the_listed_networks(settings) -> None:
    import ipaddress

    settings.FETCH_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert address_allowed(ipaddress.ip_address("10.20.3.4"))
    assert not address_allowed(ipaddress.ip_address("10.21.0.1"))
    assert not address_allowed(ipaddress.ip_address("100.64.0.1"))
    assert not address_allowed(ipaddress.ip_address("fd00:ec2::254"))
    assert address_allowed(ipaddress.ip_address("93.184.216.34"))


def test_fetch_connects_to_the_checked_address_with_the_original_host_header(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    local_server.add("/h", "<p>x</p>")

    fetched = fetch(local_server.url("/h"))

    assert fetched.status == 200
    assert local_server.requests[0][1]["Host"] == f"127.0.0.1:{local_server.port}"
    with pytest.raises(FetchRefused):
        check_url("http://169.254.169.254/")
