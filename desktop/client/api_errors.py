"""Turning HTTP failures into ApiError sentences a person can act on.

Every way a request to the API can fail ends here, so the wording lives in one
place: unreachable, timed out, wrong token, the server's own message, a server
error, or an endpoint that is not a Thumbdrop API at all.
"""

from __future__ import annotations

import socket
import ssl

import requests

from backend.local.paths import default_data_dir

from .backoff import parse_retry_after
from .failures import Failure, failure, from_server, plain
from .i18n import translate


def unauthorized(base_url: str) -> Failure:
    """A 401: the token is wrong, and where the right one comes from."""
    return failure("api_token_refused", url=base_url, data_dir=str(default_data_dir()))


class ApiError(Exception):
    """str(err) is a sentence a person can act on, rendered when asked (so in the language
    shown then); `failure` is that sentence as code and parameters, for the queue to keep."""

    def __init__(self, message: str | Failure, *, code: str, status: int | None = None,
                 retry_after: float | None = None):
        self.failure = message if isinstance(message, Failure) else plain(message)
        super().__init__(self.failure.fallback)
        self.status = status            # HTTP status, None when the server was not reached
        self.code = code                # the API's error category, or one of the codes below
        self.retry_after = retry_after  # seconds a 429/503 asked us to wait, if it said

    def __str__(self) -> str:
        return str(self.failure)

    @property
    def transient(self) -> bool:
        """Worth trying again later: the network or the server, not the request."""
        if self.code in ("unreachable", "timeout"):
            return True
        if self.code == "not_thumbdrop":  # another server: asking again won't change it
            return False
        return self.status is not None and (self.status == 429 or self.status >= 500)


def not_thumbdrop(base_url: str, status: int | None = None) -> ApiError:
    """An answer that is not the Thumbdrop API's: another server, a web page, a proxy."""
    if status is None:
        return ApiError(failure("not_thumbdrop", url=base_url), code="not_thumbdrop")
    return ApiError(failure("not_thumbdrop_status", url=base_url, status=status),
                    status=status, code="not_thumbdrop")


def invalid_id(base_url: str, image_id: object) -> ApiError:
    """The server named an image id that is not one of its own: it is never used as a file
    name or in a URL, whatever it holds (`../../x` would point outside the cache)."""
    shown = repr(image_id) if len(repr(image_id)) <= 60 else repr(image_id)[:57] + "..."
    return ApiError(failure("invalid_id", url=base_url, id=shown), code="invalid_id")


def _connection_reason(exc: BaseException) -> str:
    """A few words on why a connection failed, from the innermost cause."""
    seen, pending = set(), [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return translate("ApiErrors", "connection refused")
        if isinstance(current, socket.gaierror):
            return translate("ApiErrors", "the host name was not found")
        if isinstance(current, ssl.SSLError):
            return translate("ApiErrors", "the secure connection failed")
        if isinstance(current, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return translate("ApiErrors", "the connection was dropped")
        for nested in (current.__cause__, current.__context__, getattr(current, "reason", None),
                       *getattr(current, "args", ())):
            if isinstance(nested, BaseException):
                pending.append(nested)
    return translate("ApiErrors", "the connection failed")


def api_at(base_url: str) -> str:
    """How sentences name the API: "the Thumbdrop API at https://…"."""
    return translate("ApiErrors", "the Thumbdrop API at {url}").format(url=base_url)


def _capitalized(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def from_exception(exc: requests.RequestException, where: str, advice: str,
                   timeout: float) -> ApiError:
    """ApiError for a request that got no HTTP answer. `where` names the server (a phrase
    that can start a sentence once capitalised: "the image storage")."""
    if isinstance(exc, requests.Timeout):
        sentence = translate("ApiErrors", "{where} did not answer within {seconds:g} seconds. "
                                          "{advice}").format(where=where, seconds=timeout,
                                                             advice=advice)
        return ApiError(_capitalized(sentence.strip()), code="timeout")
    sentence = translate("ApiErrors", "Can't reach {where}: {reason}. {advice}").format(
        where=where, reason=_connection_reason(exc), advice=advice)
    return ApiError(_capitalized(sentence.strip()), code="unreachable")


def from_response(response: requests.Response, base_url: str) -> ApiError:
    """ApiError for an API answer with a non-2xx status."""
    status = response.status_code
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if status == 401:
        return ApiError(unauthorized(base_url), status=401, code="unauthorized")
    try:
        body = response.json()
    except ValueError:
        body = None
    if (isinstance(body, dict) and isinstance(body.get("error"), str)
            and isinstance(body.get("message"), str)):
        # The server's code and params when it sent them (older servers: its category and
        # sentence only); its English stays the fallback for a code unknown here.
        return ApiError(from_server(body.get("code", body["error"]), body.get("params"),
                                    body["message"]),
                        status=status, code=body["error"], retry_after=retry_after)
    if status == 429:
        return ApiError(failure("rate_limited", url=base_url), status=status,
                        code="rate_limited", retry_after=retry_after)
    if status >= 500 and status != 501:  # 501: this server doesn't do what the API does
        return ApiError(failure("server_error", url=base_url, status=status), status=status,
                        code="server_error", retry_after=retry_after)
    return not_thumbdrop(base_url, status)
