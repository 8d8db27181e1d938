"""Bearer-token check for every route."""

from __future__ import annotations

import hmac

from .responses import ApiError

_CHALLENGE = {"www-authenticate": 'Bearer realm="thumbdrop"'}


def require_token(headers: dict[str, str], expected: str) -> None:
    """Returns when `Authorization: Bearer <expected>` was sent; raises a 401 otherwise."""
    if not expected:
        # A blank API_TOKEN must not mean "anyone may call".
        raise ApiError(401, "unauthorized",
                       "This server has no API token configured, so it refuses every request; "
                       "set API_TOKEN on the server.", _CHALLENGE)
    scheme, _, given = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized",
                       "The request has no bearer token; add the API token in Settings.",
                       _CHALLENGE)
    # compare_digest on bytes: constant time, and no TypeError on non-ASCII input.
    if not hmac.compare_digest(_bytes(given.strip()), _bytes(expected)):
        raise ApiError(401, "unauthorized",
                       "The API token was not accepted; check the token in Settings.",
                       _CHALLENGE)


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")
