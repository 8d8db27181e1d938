"""Turning HTTP failures into ApiError sentences a person can act on.

Every way a request to the API can fail ends here, so the wording lives in one
place: unreachable, timed out, wrong token, the server's own message, a server
error, or an endpoint that is not a Thumbdrop API at all.
"""

from __future__ import annotations

import socket
import ssl

import requests

from .backoff import parse_retry_after
from .i18n import translate


def unauthorized_sentence() -> str:
    return translate("ApiErrors", "The API refused the token (401). Paste the right token in "
                                  "Settings.")


class ApiError(Exception):
    """str(err) is a sentence a person can act on."""

    def __init__(self, message: str, *, code: str, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.status = status            # HTTP status, None when the server was not reached
        self.code = code                # the API's error code, or one of the codes below
        self.retry_after = retry_after  # seconds a 429/503 asked us to wait, if it said

    @property
    def transient(self) -> bool:
        """Worth trying again later: the network or the server, not the request."""
        if self.code in ("unreachable", "timeout"):
            return True
        return self.status is not None and (self.status == 429 or self.status >= 500)


def not_thumbdrop(base_url: str) -> ApiError:
    return ApiError(translate(
        "ApiErrors", "The endpoint answered, but it is not a Thumbdrop API ({url}). Check the "
        "endpoint URL in Settings.").format(url=base_url), code="not_thumbdrop")


def invalid_id(base_url: str, image_id: object) -> ApiError:
    """The server named an image id that is not one of its own: it is never used as a file
    name or in a URL, whatever it holds (`../../x` would point outside the cache)."""
    shown = repr(image_id) if len(repr(image_id)) <= 60 else repr(image_id)[:57] + "..."
    return ApiError(translate(
        "ApiErrors", "The API at {url} answered with an image id that is not valid ({id}); "
        "Thumbdrop does not use it. Check the endpoint URL in Settings.").format(
        url=base_url, id=shown), code="invalid_id")


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
        return ApiError(unauthorized_sentence(), status=401, code="unauthorized")
    try:
        body = response.json()
    except ValueError:
        body = None
    if (isinstance(body, dict) and isinstance(body.get("error"), str)
            and isinstance(body.get("message"), str)):
        return ApiError(body["message"], status=status, code=body["error"],
                        retry_after=retry_after)
    if status == 429:
        return ApiError(translate("ApiErrors", "The Thumbdrop API at {url} is busy (429). Try "
                                               "again in a minute.").format(url=base_url),
                        status=status, code="rate_limited", retry_after=retry_after)
    if status >= 500:
        return ApiError(translate("ApiErrors", "The Thumbdrop API at {url} had a server error "
                                               "({status}). Try again in a minute.").format(
            url=base_url, status=status), status=status, code="server_error",
            retry_after=retry_after)
    error = not_thumbdrop(base_url)
    error.status = status
    return error
