"""File uploads: text extraction per format, encodings detected, bad files refused with a reason."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from sources.documents import decode_bytes, file_text
from sources.jobs import ImportInputError, import_job_execute, import_job_submit
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source

SENTENCES = [
    "Russia will keep 7,600 troops in Abkhazia, Defense Minister Anatoly Serdyukov said on Tuesday.",
    "Foreign Minister Sergey Lavrov said the troops would stay, according to Interfax.",
]


def pdf_with_text(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines``."""
    stream = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(paragraphs: list[str], title: str = "") -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café says “hello”".encode(), "Café says “hello”"),
        (
            "Le ministre a déclaré que la réunion aura lieu à Genève en février prochain.".encode("latin-1"),
            "Le ministre a déclaré que la réunion aura lieu à Genève en février prochain.",
        ),
        (
            "Министр Лавров заявил, что войска останутся в регионе.".encode("cp1251"),
            "Министр Лавров заявил, что войска останутся в регионе.",
        ),
        ("\ufeffWith a byte-order mark.".encode(), "With a byte-order mark."),
        ("Two bytes a character, said the minister.".encode("utf-16"), "Two bytes a character, said the minister."),
    ],
)
def test_the_character_encoding_is_detected(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_a_file_mixing_utf8_and_a_legacy_encoding_is_decoded_line_by_line() -> None:
    data = "Zürich, said the mayor.\n".encode() + "Le ministre a déclaré à Genève qu'il était prêt.\n".encode("cp1252")

    assert decode_bytes(data) == "Zürich, said the mayor.\nLe ministre a déclaré à Genève qu'il était prêt.\n"


def test_nul_bytes_mark_a_binary_file() -> None:
    with pytest.raises(ImportInputError, match="NUL bytes"):
        decode_bytes(b"PK\x03\x04\x00\x00binary")


def test_text_files_keep_their_paragraphs() -> None:
    data = b"First paragraph line one.\r\nline two.\r\n\r\n\r\nSecond paragraph.\r\n"

    assert file_text(filename="a.txt", data=data).text == "First paragraph line one.\nline two.\n\nSecond paragraph."


def test_markdown_loses_its_markup_and_gives_its_title() -> None:
    data = b"# Troops to stay\n\nThe **minister** said [it](https://x.example) was _final_.\n\n## Reaction\n\nNobody agreed.\n"

    extracted = file_text(filename="story.md", data=data)

    assert extracted.metadata == {"title": "Troops to stay"}
    assert extracted.text == "The minister said it was final.\n\nReaction\n\nNobody agreed."


def test_a_pdf_text_layer_is_extracted() -> None:
    extracted = file_text(filename="story.PDF", data=pdf_with_text(SENTENCES))

    assert "Anatoly Serdyukov said on Tuesday." in extracted.text
    assert "according to Interfax." in extracted.text


def test_a_docx_keeps_its_paragraphs_and_title() -> None:
    extracted = file_text(filename="story.docx", data=docx_with(SENTENCES, title="Troops"))

    assert extracted.text == "\n\n".join(SENTENCES)
    assert extracted.metadata == {"title": "Troops"}


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("broken.pdf", b"%PDF-1.4 garbage", "could not be read"),
        ("broken.docx", b"not a zip", "could not be read"),
        ("virus.exe", b"MZ", ".exe is not supported"),
        ("noext", b"text", "without an extension is not supported"),
        ("binary.txt", b"abc\x00def", "NUL bytes"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(filename: str, data: bytes, reason: str) -> None:
    with pytest.raises(ImportInputError, match=reason):
        file_text(filename=filename, data=data)


def _run_file_job(filename: str, data: bytes, **payload: str) -> ImportJob:
    upload = SimpleUploadedFile(filename, data)
    job, created = import_job_submit(
        kind=ImportKind.FILE, payload={"filename": filename, **payload}, created_by=None, upload=upload
    )
    assert created
    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_an_uploaded_docx_becomes_an_article(media_root: None) -> None:
    job = _run_file_job("story.docx", docx_with(SENTENCES, title="Troops"), publisher="Civil Georgia")

    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.article is not None and job.article.title == "Troops"
    assert job.article.claims.count() == 2
    assert job.article.publisher is not None and job.article.publisher.name == "Civil Georgia"


@pytest.mark.django_db
def test_an_uploaded_latin1_text_file_becomes_an_article(media_root: None) -> None:
    text = "Le ministre Sergueï Lavrov a déclaré que les troupes resteront à Soukhoumi, selon Interfax."
    job = _run_file_job("note.txt", text.encode("latin-1"))

    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.article is not None and job.article.text == text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("empty.txt", b"  \n\n ", "empty"),
        ("x.bin", b"\x00", "not supported"),
    ],
)
def test_a_bad_file_ends_as_a_failed_job_and_stores_nothing(
    media_root: None, filename: str, data: bytes, reason: str
) -> None:
    job = _run_file_job(filename, data)

    assert job.status == ImportStatus.FAILED and reason in job.error
    assert Article.objects.count() == 0 and Claim.objects.count() == 0 and Source.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_the_size_limit_fails_without_being_stored(media_root: None, settings, tmp_path) -> None:
    settings.IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"The minister said so. " * 10)

    job, _ = import_job_submit(kind=ImportKind.FILE, payload={"filename": "big.txt"}, created_by=None, upload=upload)

    assert job.status == ImportStatus.FAILED
    assert job.error == "the file is 220 bytes; the limit is 100 bytes (IMPORT_MAX_BYTES)"
    assert not job.upload and not any(tmp_path.rglob("big*"))
