"""Bearer-token check for every route, against SHA-256 digests of the accepted tokens.

The deployment keeps only digests (API_TOKEN_SHA256; two while a token is rotated), so
reading the function's configuration does not reveal a token that works.
"""

from __future__ import annotations

import hashlib
import hmac

from backend.common import layout
from backend.common.error_codes import reason

from .responses import ApiError

_CHALLENGE = {"www-authenticate": 'Bearer realm="thumbdrop"'}


def require_token(headers: dict[str, str], accepted_digests: tuple[str, ...]) -> None:
    """Returns when the bearer token's SHA-256 is one of `accepted_digests`; raises a 401
    otherwise."""
    digests = _digests(accepted_digests)
    scheme, _, given = _bearer(headers).strip().partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, reason("token_missing"), _CHALLENGE)
    # encode(surrogatepass): no error on odd input, which then simply matches nothing.
    presented = hashlib.sha256(given.strip().encode("utf-8", "surrogatepass")).digest()
    # Every digest is compared (no early exit), each in constant time: the answer's timing
    # says nothing about which digest, or how much of one, matched.
    matches = [hmac.compare_digest(presented, digest) for digest in digests]
    if not any(matches):
        raise ApiError(401, reason("token_refused"), _CHALLENGE)


def _bearer(headers: dict[str, str]) -> str:
    """The Authorization header, or, behind the CloudFront front door (docs/DEPLOY.md), the
    copy the edge made of it: origin access control replaces Authorization with CloudFront's
    own SigV4 signature. A direct caller gains nothing by sending the copy: the same token
    is checked."""
    authorization = headers.get("authorization", "")
    if authorization.strip().lower().startswith("bearer"):
        return authorization
    return headers.get("x-thumbdrop-authorization", authorization)


def _digests(configured: tuple[str, ...]) -> list[bytes]:
    if not configured:
        # No digest must not mean "anyone may call".
        raise ApiError(401, reason("token_not_configured"), _CHALLENGE)
    if not all(layout.is_sha256_hex(digest) for digest in configured):
        raise ApiError(401, reason("token_config_invalid"), _CHALLENGE)
    return [bytes.fromhex(digest) for digest in configured]
