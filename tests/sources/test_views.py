"""The Import page: forms for text, file and URL; recent jobs with a live progress bar."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sources.models import ImportJob, ImportStatus
from tests.assets import external_assets

pytestmark = pytest.mark.django_db

TEXT = "Foreign Minister Sergey Lavrov said the troops would stay, according to Interfax."


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_import_page_offers_the_three_ways_in_and_the_nav_links_to_it(reviewer: Any) -> None:
    page = browser(reviewer).get("/imports/").content.decode()

    assert 'href="/imports/"' in page and 'aria-current="page">Import</a>' in page
    for tab in ("Paste text", "Upload a file", "From a URL"):
        assert tab in page
    assert 'name="text-text"' in page
    assert 'name="file-file"' in browser(reviewer).get("/imports/?tab=file").content.decode()
    assert 'name="url-url"' in browser(reviewer).get("/imports/?tab=url").content.decode()
    assert external_assets(page) == []


def test_pasting_text_queues_a_job_and_lists_it_with_a_progress_bar(reviewer: Any) -> None:
    client = browser(reviewer)
    response = client.post(
        "/imports/", {"form": "text", "text-text": TEXT, "text-title": "Troops", "text-published": "2008-09-09"}
    )

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.kind, job.created_by, job.payload["title"], job.payload["published"]) == (
        "text",
        reviewer,
        "Troops",
        "2008-09-09",
    )
    page = client.get("/imports/").content.decode()
    assert f"Import #{job.pk} queued." in page
    assert f'<progress max="100" value="0" aria-label="Import #{job.pk} progress">' in page
    # Unfinished jobs poll for updates every second.
    assert 'hx-get="/imports/jobs/" hx-trigger="every 1s"' in page


def test_the_jobs_fragment_stops_polling_when_every_job_is_finished_and_shows_errors(reviewer: Any) -> None:
    from django.utils import timezone

    ImportJob.objects.create(
        kind="text",
        created_by=reviewer,
        status=ImportStatus.FAILED,
        finished_at=timezone.now(),
        error="the text is empty: there is nothing to import",
    )

    fragment = browser(reviewer).get("/imports/jobs/", HTTP_HX_REQUEST="true").content.decode()

    assert "hx-trigger" not in fragment
    assert "the text is empty: there is nothing to import" in fragment
    assert "<html" not in fragment


def test_a_file_upload_and_a_url_queue_jobs(reviewer: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = browser(reviewer)

    client.post("/imports/?tab=file", {"form": "file", "file-file": SimpleUploadedFile("a.md", b"# T\n\nText.")})
    client.post("/imports/?tab=url", {"form": "url", "url-url": "https://civil.ge/archives/185"})

    kinds = dict(ImportJob.objects.values_list("kind", "payload"))
    assert kinds["file"]["filename"] == "a.md"
    assert kinds["url"] == {"url": "https://civil.ge/archives/185"}


def test_an_invalid_form_shows_its_errors_and_queues_nothing(reviewer: Any) -> None:
    response = browser(reviewer).post("/imports/?tab=url", {"form": "url", "url-url": "not a url"})

    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_people_without_a_review_role_cannot_import(outsider: Any) -> None:
    client = browser(outsider)

    assert "Only reviewers and editors can start imports" in client.get("/imports/").content.decode()
    assert client.post("/imports/", {"form": "text", "text-text": TEXT}).status_code == 403
    assert ImportJob.objects.count() == 0


def test_the_job_page_shows_status_progress_and_polls_while_running(reviewer: Any, editor: Any) -> None:
    job = ImportJob.objects.create(
        kind="bulk",
        created_by=reviewer,
        status=ImportStatus.RUNNING,
        items_total=4,
        items_done=1,
        results=[{"index": 0, "status": "failed", "error": "the text is empty"}],
    )

    page = browser(reviewer).get(f"/imports/{job.pk}/").content.decode()

    assert "Running" in page and 'value="25"' in page and "1 / 4 items" in page
    assert f'hx-get="/imports/{job.pk}/progress/" hx-trigger="every 1s"' in page
    assert "the text is empty" in page
    assert browser(editor).get(f"/imports/{job.pk}/progress/").status_code == 200


def test_a_reviewer_cannot_open_someone_elses_job(reviewer: Any, editor: Any) -> None:
    job = ImportJob.objects.create(kind="text", created_by=editor)

    assert browser(reviewer).get(f"/imports/{job.pk}/").status_code == 404
