"""SSRF guard: which URLs and addresses monitor may fetch, and a transport that connects only to those.

Pure decisions (`check_address`, `check_url` with an injected resolver) and one piece of I/O:
`GuardedTransport`, an httpx transport whose network backend resolves the host itself, checks
every address and connects only to a checked one (so a DNS answer that changes between the check
and the connection, "DNS rebinding", cannot reach an internal address). TLS still uses the host
name for SNI and certificate checks, and the Host header is untouched.

Policy:
- always refused: unspecified (0.0.0.0, ::), multicast, limited broadcast, and cloud metadata
  addresses (169.254.169.254, 169.254.170.2, 100.100.100.200, fd00:ec2::254), even with
  `allow_private=True`: no test or feed ever needs them and they hand out credentials;
- refused unless `allow_private`: loopback, private (10/8, 172.16/12, 192.168/16 ...), link-local,
  shared CGNAT space (100.64/10), unique-local (fc00::/7), site-local, reserved and any address
  that is not globally routable; IPv4 embedded in IPv6 (mapped, compatible, 6to4, NAT64) is
  judged by its IPv4 address.

The module also keeps a per-thread fetch deadline (`deadline`): every connect, read and write of
a guarded connection waits at most until it, so a server trickling bytes cannot hold a fetch past
the request timeout.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from monitor import urls
from monitor.errors import FetchError, RefusedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")
_BROADCAST = ipaddress.ip_address("255.255.255.255")


def default_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (blocking; no timeout of its own)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def check_address(ip: IPAddress, allow_private: bool) -> str | None:
    """Why monitor must not connect to ip, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = check_address(embedded, allow_private)
            return None if reason is None else f"{reason} (IPv4 {embedded} embedded in IPv6)"
    always = _always_refused(ip)
    if always or allow_private:
        return always
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip in _CGNAT:
        return "shared address space (CGNAT 100.64.0.0/10)"
    if ip in _UNIQUE_LOCAL:
        return "unique-local address (fc00::/7)"
    if ip in _SITE_LOCAL:
        return "site-local address (fec0::/10)"
    if ip.is_reserved:
        return "reserved address"
    if ip.is_private:
        return "private address"
    return None if ip.is_global else "address that is not globally routable"


def _always_refused(ip: IPAddress) -> str | None:
    if ip in METADATA:
        return "cloud metadata address (refused even with allow_private_addresses)"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_multicast:
        return "multicast address"
    if ip == _BROADCAST:
        return "broadcast address"
    return None


redact = urls.redact  # re-exported: fetch and feeds log through it


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        with contextlib.suppress(ValueError):
            _refuse_odd_ip_notation(url, urlsplit(url).hostname or "")
        raise RefusedError(redact(url), f"refused: not a valid URL ({exc})") from None


def _refuse_odd_ip_notation(url: str, host: str) -> None:
    """IP literals must be written canonically: decimal, octal, hex and short IPv4 forms are refused."""
    if "%" in host:
        raise RefusedError(redact(url), f"refused: IPv6 zone identifiers are not allowed ({host})")
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host)
        return
    try:
        packed = socket.inet_aton(host)
    except OSError:
        return
    readable = ipaddress.IPv4Address(packed)
    raise RefusedError(redact(url), f"refused: {host} is an IP address in non-standard notation ({readable})")


def url_target(url: str) -> tuple[str, int]:
    """Host and port of an http(s) URL; FetchError 'refused: ...' for any other kind of URL."""
    parsed = _parse_url(url)
    shown = redact(url)
    if parsed.scheme not in SCHEMES:
        raise RefusedError(shown, f"refused: scheme {parsed.scheme or '(none)'!r} is not http or https")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise RefusedError(shown, "refused: no host")
    if parsed.userinfo:
        raise RefusedError(shown, "refused: credentials in the URL")
    port = parsed.port if parsed.port is not None else SCHEMES[parsed.scheme]
    if not 0 < port < 65536:
        raise RefusedError(shown, f"refused: port {port} is out of range")
    _refuse_odd_ip_notation(url, host)
    return host, port


def checked_addresses(host: str, port: int, allow_private: bool, resolve: Resolver, *,
                      url: str | None = None) -> list[IPAddress]:
    """The addresses of host, all of them allowed; FetchError when any one is refused."""
    where = redact(url) if url else f"{host}:{port}"
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    try:
        answers = [literal] if literal is not None else [ipaddress.ip_address(a) for a in resolve(host, port)]
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(where, f"cannot resolve {host}: {exc}") from None
    if not answers:
        raise FetchError(where, f"cannot resolve {host}: no addresses")
    for ip in answers:
        reason = check_address(ip, allow_private)
        if reason:
            shown = host if literal is not None else f"{host} resolves to {ip}"
            raise RefusedError(where, f"refused: {shown}: {reason}")
    return answers


def check_url(url: str, allow_private: bool, resolve: Resolver = default_resolver) -> None:
    """Raise FetchError(url, 'refused: ...') unless url is http(s) to a host whose addresses are all allowed."""
    host, port = url_target(url)
    checked_addresses(host, port, allow_private, resolve, url=url)


# -- the deadline of the fetch running in this thread ------------------------------------------

_DEADLINE: ContextVar[float | None] = ContextVar("monitor_fetch_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every guarded connect, read and write in this block ends by `seconds` from now."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def deadline_passed() -> bool:
    """True when the fetch running in this thread has used up its time."""
    end = _DEADLINE.get()
    return end is not None and time.monotonic() >= end


def _bounded(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("fetch deadline reached")
    return left if timeout is None else min(timeout, left)


class GuardedStream(httpcore.NetworkStream):
    """A connection whose every read and write also respects the fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        return GuardedStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks every address and connects only to a checked one."""

    def __init__(self, allow_private: bool, resolve: Resolver = default_resolver):
        self._allow_private = allow_private
        self._resolve = resolve
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, port, self._allow_private, self._resolve)
        error: Exception | None = None
        for ip in addresses:
            try:
                stream = self._backend.connect_tcp(str(ip), port, _bounded(timeout, httpcore.ConnectTimeout),
                                                   local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return GuardedStream(stream)
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")


class GuardedTransport(httpx.BaseTransport):
    """httpx's own HTTP/1.1 transport over a GuardedBackend; no proxies, no unix sockets.

    httpx does not take a network backend, so the transport's connection pool is replaced by one
    built with the guarded backend (the same arguments httpx passes itself).
    """

    def __init__(self, *, allow_private: bool, resolve: Resolver = default_resolver,
                 verify: ssl.SSLContext | bool = True, limits: httpx.Limits | None = None):
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._inner = httpx.HTTPTransport(verify=verify, limits=limits, trust_env=False)
        self._inner._pool.close()
        self._inner._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections, max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=GuardedBackend(allow_private, resolve))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()
