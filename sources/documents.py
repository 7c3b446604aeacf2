"""Text from documents: uploaded files (.txt, .md, .html, .pdf, .docx) and fetched HTML pages.

Every function returns text whose paragraphs are separated by a blank line, or
raises ``ImportInputError`` with one line a person can act on.  Character
encodings are detected, never assumed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import charset_normalizer

from sources.jobs import ImportInputError

SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")

# Pages shorter than this after boilerplate removal are not articles (a login page, an index, an error page).
MIN_ARTICLE_CHARS = 80

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass(frozen=True)
class ExtractedText:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode a document whose encoding is unknown (or only claimed by a header).

    UTF-8 (and a byte-order mark) win when they fit; otherwise the encoding is
    detected.  A file mixing UTF-8 with a legacy encoding (a common result of
    pasting into an old editor) is decoded line by line: UTF-8 lines as UTF-8,
    the others with the encoding detected on them.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportInputError(
                    f"the file starts with a {encoding} byte-order mark but is not {encoding}"
                ) from None
    if b"\x00" in data:
        raise ImportInputError("the file contains NUL bytes; it looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    lines = data.splitlines(keepends=True)
    legacy = b"".join(line for line in lines if not _is_utf8(line))
    encoding = _detect_encoding(legacy)
    return "".join(
        line.decode("utf-8") if _is_utf8(line) else line.decode(encoding, errors="replace") for line in lines
    )


# When the detector cannot tell encodings apart (short text), the most widely used one wins.
_COMMON_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "shift_jis", "gb18030", "big5"]


def _detect_encoding(data: bytes) -> str:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise ImportInputError("the character encoding could not be detected; save the file as UTF-8")
    best = matches[0]
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]

    def rank(encoding: str) -> int:
        return _COMMON_ENCODINGS.index(encoding) if encoding in _COMMON_ENCODINGS else len(_COMMON_ENCODINGS)

    return str(min(tied, key=lambda m: rank(m.encoding)).encoding)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _paragraphs(blocks: list[str]) -> str:
    cleaned = [" ".join(block.split()) for block in blocks]
    return "\n\n".join(block for block in cleaned if block)


def plain_text(text: str) -> str:
    """Normalise line endings and keep paragraphs (blank-line separated); lines inside one are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def markdown_text(text: str) -> ExtractedText:
    """Markdown to plain text: headings, emphasis and links lose their markup; the first heading is the title."""
    heading = re.search(r"^[ \t]{0,3}#[ \t]+(.+)$", text, flags=re.MULTILINE)
    title = heading.group(1).strip() if heading else ""
    body = text
    if heading:
        body = text[: heading.start()] + text[heading.end() :]
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_HEADING.sub("", body)
    body = _MD_EMPHASIS.sub(r"\2", body)
    return ExtractedText(text=plain_text(body), metadata={"title": title} if title else {})


def html_article(html: str | bytes, *, url: str = "") -> ExtractedText:
    """The article body and its metadata (title, author, date, publisher) from an HTML page."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        raise ImportInputError("no article text was found on the page (it does not look like an article)")
    found: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = str(found.get("text") or "")
    title = str(found.get("title") or "").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    body = "\n\n".join(lines)
    if len(body) < MIN_ARTICLE_CHARS:
        raise ImportInputError("no article text was found on the page (it does not look like an article)")
    metadata = {
        "title": title,
        "author": str(found.get("author") or "").strip(),
        "publisher": str(found.get("sitename") or "").strip(),
        "published": _iso_date(found.get("date")),
    }
    return ExtractedText(text=body, metadata={key: value for key, value in metadata.items() if value})


def html_fragment_text(html: str) -> str:
    """Paragraph text of an HTML fragment (a feed entry's content), markup dropped."""
    import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information
    from lxml.etree import ParserError  # type: ignore[import-untyped]

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    blocks = [element.text_content() for element in root.iter("p", "h2", "h3", "li", "blockquote")]
    if not blocks:
        blocks = [root.text_content()]
    return _paragraphs(blocks)


def _iso_date(value: object) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return ""


def pdf_text(data: bytes) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportInputError("the PDF is encrypted; export an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
    except ImportInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ImportInputError(f"the PDF could not be read ({error})") from None
    # A page's lines are wrapped prose: paragraphs are split on blank lines only.
    blocks = [block for page in pages for block in re.split(r"\n\s*\n", page)]
    text = _paragraphs(blocks)
    if not text:
        raise ImportInputError("the PDF has no text layer (a scanned image?); run OCR on it first")
    return ExtractedText(text=text, metadata={"title": title} if title else {})


def docx_text(data: bytes) -> ExtractedText:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportInputError(f"the .docx file could not be read ({error or 'not a Word document'})") from None
    title = (document.core_properties.title or "").strip()
    text = _paragraphs([paragraph.text for paragraph in document.paragraphs])
    return ExtractedText(text=text, metadata={"title": title} if title else {})


def file_text(*, filename: str, data: bytes) -> ExtractedText:
    """Text and metadata of an uploaded file, chosen by its extension."""
    extension = PurePath(filename).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise ImportInputError(
            f"{extension or 'a file without an extension'} is not supported; use one of {', '.join(SUPPORTED_EXTENSIONS)}"
        )
    if extension == ".pdf":
        return pdf_text(data)
    if extension == ".docx":
        return docx_text(data)
    decoded = decode_bytes(data)
    if extension in (".html", ".htm"):
        return html_article(decoded)
    if extension == ".md":
        return markdown_text(decoded)
    return ExtractedText(text=plain_text(decoded))
