"""Fetching URLs and feeds safely (no server-side request forgery).

Only http(s).  The host name is resolved here and every address it resolves to
must be public (not private, loopback, link-local, multicast, reserved or a
cloud metadata address) unless it lies in ``FETCH_ALLOWED_NETWORKS``.  The
connection then goes to the address that was checked (so DNS cannot answer
differently a second time), and every redirect is checked the same way.  The
body is limited to ``IMPORT_MAX_BYTES`` and the whole fetch to
``FETCH_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

from sources.jobs import ImportInputError, TransientImportError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(ImportInputError):
    """The URL points somewhere the workbench must not reach."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"').strip()
        return None


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.FETCH_ALLOWED_NETWORKS]


def address_allowed(address: IPAddress) -> bool:
    """Public addresses, and any address inside an explicitly allowed network."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return True
    # is_global excludes private, loopback, link-local (169.254.169.254, the cloud metadata
    # address), shared (100.64/10), reserved and unspecified ranges; multicast is never a web server.
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno == socket.EAI_AGAIN:
            raise TransientImportError(f"could not resolve {host} right now (DNS failure)") from None
        raise ImportInputError(f"the host {host} does not exist (DNS lookup failed)") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


@dataclass(frozen=True)
class _Target:
    url: str
    host: str
    port: int
    scheme: str
    address: IPAddress


def check_url(url: str) -> _Target:
    """Refuse a URL the workbench must not fetch; return where to connect."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ImportInputError(f"{url!r} is not a valid URL") from None
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs can be imported (got {parts.scheme or 'no scheme'}:)")
    host = parts.hostname
    if not host:
        raise ImportInputError(f"{url!r} has no host name")
    if parts.username or parts.password:
        raise FetchRefused("URLs with a user name or password are not fetched")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port)
    refused = [address for address in addresses if not address_allowed(address)]
    if refused or not addresses:
        raise FetchRefused(
            f"{host} resolves to {refused[0] if refused else 'nothing'}, a private, loopback, link-local or "
            "metadata address; the workbench does not fetch those (FETCH_ALLOWED_NETWORKS lists exceptions)"
        )
    return _Target(url=url, host=host, port=port, scheme=parts.scheme, address=addresses[0])


def _pinned_url(target: _Target) -> str:
    parts = urlsplit(target.url)
    address = f"[{target.address}]" if target.address.version == 6 else str(target.address)
    netloc = f"{address}:{target.port}"
    return parts._replace(netloc=netloc, fragment="").geturl()


_TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}


def fetch(url: str, *, headers: dict[str, str] | None = None, accept: str = "text/html,*/*;q=0.5") -> Fetched:
    """GET ``url`` within the limits; a 304 is returned as is, other non-2xx statuses raise."""
    deadline = time.monotonic() + settings.FETCH_TIMEOUT_SECONDS
    max_bytes = settings.IMPORT_MAX_BYTES
    request_headers = {"User-Agent": settings.FETCH_USER_AGENT, "Accept": accept, **(headers or {})}
    timeout = httpx.Timeout(settings.FETCH_TIMEOUT_SECONDS)
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(settings.FETCH_MAX_REDIRECTS + 1):
            target = check_url(current)
            default_port = 443 if target.scheme == "https" else 80
            host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
            try:
                with client.stream(
                    "GET",
                    _pinned_url(target),
                    headers={**request_headers, "Host": host_header},
                    extensions={"sni_hostname": target.host},
                ) as response:
                    if response.status_code in (301, 302, 303, 307, 308):
                        location = response.headers.get("location", "")
                        if not location:
                            raise ImportInputError(f"{current} redirects without saying where")
                        current = urljoin(current, location)
                        continue
                    return _read(current, response, max_bytes=max_bytes, deadline=deadline)
            except httpx.TimeoutException:
                raise TransientImportError(
                    f"fetching {current} timed out after {settings.FETCH_TIMEOUT_SECONDS}s"
                ) from None
            except httpx.TransportError as error:
                raise TransientImportError(f"could not fetch {current} ({type(error).__name__})") from None
    raise ImportInputError(f"{url} redirects more than {settings.FETCH_MAX_REDIRECTS} times")


def _read(url: str, response: httpx.Response, *, max_bytes: int, deadline: float) -> Fetched:
    status = response.status_code
    if status in _TRANSIENT_STATUSES:
        raise TransientImportError(f"{url} answered HTTP {status} {response.reason_phrase}; will retry")
    if status >= 400:
        raise ImportInputError(f"{url} answered HTTP {status} {response.reason_phrase}")
    headers = {key.lower(): value for key, value in response.headers.items()}
    if status == 304:
        return Fetched(url=url, status=status, headers=headers)
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ImportInputError(_too_large(url, max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > max_bytes:
            raise ImportInputError(_too_large(url, max_bytes))
        if time.monotonic() > deadline:
            raise TransientImportError(f"fetching {url} timed out after {settings.FETCH_TIMEOUT_SECONDS}s")
        chunks.append(chunk)
    content = b"".join(chunks)
    encoding = headers.get("content-encoding", "").lower()
    if encoding in ("gzip", "deflate", "br", "zstd"):
        content = _decompress(url, content, encoding, max_bytes)
    return Fetched(url=url, status=status, content=content, headers=headers)


def _decompress(url: str, content: bytes, encoding: str, max_bytes: int) -> bytes:
    import zlib

    if encoding not in ("gzip", "deflate"):
        raise ImportInputError(f"{url} sent {encoding}-compressed content, which is not supported")
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
    try:
        # Bounded: a compression bomb stops at the limit instead of filling memory.
        data = decompressor.decompress(content, max_bytes + 1)
    except zlib.error:
        raise ImportInputError(f"{url} sent corrupt {encoding} content") from None
    if len(data) > max_bytes:
        raise ImportInputError(_too_large(url, max_bytes))
    return data


def _too_large(url: str, max_bytes: int) -> str:
    return f"{url} is larger than the {max_bytes:,}-byte limit (IMPORT_MAX_BYTES)"
