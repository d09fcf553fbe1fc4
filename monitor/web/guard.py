"""The dashboard's gate, as ASGI middleware: read-only methods, security headers, the token of
`--auth`, and an access log that never holds a query string or a token."""

from __future__ import annotations

import hmac
import logging
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.web.html import esc, page, tag

log = logging.getLogger("monitor.web.access")

COOKIE = "monitor_token"
READ_METHODS = frozenset({"GET", "HEAD"})
# No script at all; styles only from this server; SVG is inline markup (no request); nothing framed.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time comparison of a presented token with the configured one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def presented_token(headers: Headers, query: str) -> tuple[str | None, str | None]:
    """(token from the Authorization header or the cookie, token from the query string ?token=)."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    header = value.strip() if scheme.lower() == "bearer" else None
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        cookie = SimpleCookie()
    from_cookie = cookie[COOKIE].value if COOKIE in cookie else None
    from_query = dict(parse_qsl(query)).get("token")
    return header or from_cookie, from_query


class Guard:
    def __init__(self, app: ASGIApp, token: str | None = None):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0}

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if self.token is not None:
                    headers["cache-control"] = "no-store"
            await send(message)

        try:
            await self._route(scope, receive, send_secured)
        except Exception:  # the error page went out already (Starlette's handler); keep the trace in the log
            log.exception("%s %s failed", scope["method"], scope["path"])
        finally:
            # the path only: a query string may hold the token
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status["code"],
                     (time.perf_counter() - started) * 1000)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in READ_METHODS:
            await _reply(send, 405, "Method not allowed", "This dashboard is read-only: GET and HEAD only.",
                         [(b"allow", b"GET, HEAD")])
            return
        if self.token is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        held, from_query = presented_token(Headers(scope=scope), query)
        if from_query is not None and token_matches(from_query, self.token):
            # a browser's first visit: keep the token in a cookie and drop it from the address
            rest = urlencode([(k, v) for k, v in parse_qsl(query) if k != "token"])
            # this server's own path only: "//host" would send the browser elsewhere, CR LF would split headers
            location = "/" + quote(scope["path"].lstrip("/"), safe="/") + (f"?{rest}" if rest else "")
            await _reply(send, 303, "Signed in", "Go on to the page.", [
                (b"location", location.encode("utf-8")),
                (b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode())])
            return
        if token_matches(held, self.token):
            await self.app(scope, receive, send)
            return
        await _reply(send, 401, "Token needed", "This dashboard was started with --auth: send the token as "
                     "'Authorization: Bearer TOKEN', or open the page once with ?token=TOKEN.",
                     [(b"www-authenticate", b'Bearer realm="monitor"')])


async def _reply(send: Send, status: int, title: str, message: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = page(title, tag("p", message, class_="error") + tag("p", esc(f"HTTP {status}"), class_="status"))
    data = body.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(data)).encode()), *headers]})
    await send({"type": "http.response.body", "body": data})
