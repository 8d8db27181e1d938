"""The parts of a Function URL event (payload format 2.0) the routes need."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .responses import bad_request


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names, as Function URLs deliver them
    domain_name: str  # the Function URL's own host name, as AWS sets it (never the Host header)
    _event: dict

    def base_url(self, configured: str | None) -> str:
        """The absolute base of links back to this API: API_BASE_URL when it is set.

        Never built from the Host header, which any client may set to any name.
        """
        if configured:
            return configured
        if not self.domain_name:
            raise RuntimeError("API_BASE_URL is not set and the event has no domainName")
        return f"https://{self.domain_name}"

    # Query and body are decoded on demand so a malformed one never answers before auth does.
    def query(self) -> dict[str, str]:
        event = self._event
        # rawQueryString keeps every value exactly; queryStringParameters comma-joins repeats.
        if "rawQueryString" not in event:
            return dict(event.get("queryStringParameters") or {})
        try:
            return dict(parse_qsl(event["rawQueryString"], keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError:
            raise bad_request("The query string is not UTF-8 after percent-decoding.") from None

    def json_body(self) -> dict:
        """The body as a JSON object, or a 400 for anything else."""
        try:
            text = self._raw_body().decode("utf-8")
        except UnicodeDecodeError:
            raise bad_request("The request body is not UTF-8 text; send a JSON object.") from None
        if not text.strip():
            raise bad_request("The request body is empty; send a JSON object.")
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            # ValueError also covers integers too long to convert (CVE-2020-10735 limit).
            raise bad_request("The request body is not valid JSON; send a JSON object.") from None
        if not isinstance(value, dict):
            raise bad_request("The request body must be a JSON object.")
        return value

    def _raw_body(self) -> bytes:
        body = self._event.get("body") or ""
        if not self._event.get("isBase64Encoded"):
            return body.encode("utf-8", "surrogatepass")
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise bad_request("The request body is not valid base64.") from None


def parse(event: dict) -> Request:
    http = event.get("requestContext", {}).get("http", {})
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    return Request(
        method=http.get("method", "").upper(),
        path=event.get("rawPath") or "/",
        headers=headers,
        domain_name=str(event.get("requestContext", {}).get("domainName") or ""),
        _event=event,
    )
