"""A Lambda Function URL in front of a handler: HTTP in, payload 2.0 event, response dict, HTTP out.

The event and response follow the Function URL rules (payload format 2.0) closely, so the
handler cannot tell it is not on Lambda. The one deliberate difference: `x-forwarded-proto`
is `http`, where AWS says `https`, so absolute URLs the handler builds point back here.
`requestContext.domainName` is the server's own address, as on AWS, never the Host header.

`FunctionUrlApp` is the WSGI app (served by http_server.py). Before the handler
runs it refuses, with the API's JSON error, what a Function URL would never pass on: a body
over the limit, and (local backend only) a new upload when the data dir cannot store it.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from backend.common import error_codes

from .lambda_context import LocalContext

log = logging.getLogger("thumbdrop.backend.function_url")

Handler = Callable[[dict, object], object]

MAX_REQUEST_BODY = 1024 * 1024  # the API takes small JSON bodies; file bytes go straight to S3
URL_ID = "thumbdroplocal"  # stands in for the random id in <url-id>.lambda-url.<region>.on.aws
ACCOUNT_ID = "anonymous"  # what AWS reports for a Function URL with auth type NONE
FUNCTION_TIMEOUT_SECONDS = 30

# Bodies with these types reach the handler as text; anything else is base64, as on AWS.
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded")


def _is_text(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(_TEXT_TYPES) or media_type.endswith(("+json", "+xml"))


def _join_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased names; a header sent several times becomes one comma-joined value."""
    joined: dict[str, str] = {}
    for name, value in pairs:
        name = name.lower()
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return joined


def _query_parameters(raw_query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        params[name] = f"{params[name]},{value}" if name in params else value
    return params


def build_event(
    method: str,
    target: str,
    header_pairs: list[tuple[str, str]],
    body: bytes,
    *,
    source_ip: str,
    local_port: int,
    domain_name: str,
    protocol: str = "HTTP/1.1",
    now: float | None = None,
) -> dict:
    """The payload 2.0 event Lambda would build for this request.

    As on AWS, keys for absent parts (cookies, query string, body) are left out.
    """
    now = time.time() if now is None else now
    url = urlsplit(target)
    raw_path = url.path or "/"
    headers = _join_headers(header_pairs)
    cookie_header = headers.pop("cookie", None)
    headers.update({
        "x-forwarded-proto": "http",
        "x-forwarded-port": str(local_port),
        "x-forwarded-for": source_ip,
        "x-amzn-trace-id": f"Root=1-{int(now):08x}-{uuid.uuid4().hex[:24]}",
    })
    event: dict = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": url.query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": URL_ID,
            "domainName": domain_name,
            "domainPrefix": URL_ID,
            "http": {
                "method": method,
                "path": raw_path,
                "protocol": protocol,
                "sourceIp": source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookie_header:
        event["cookies"] = [c.strip() for c in cookie_header.split(";") if c.strip()]
    if url.query:
        event["queryStringParameters"] = _query_parameters(url.query)
    if body:
        if _is_text(headers.get("content-type", "")):
            try:
                event["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                pass
        if "body" not in event:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


def translate_response(result: object) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, header pairs, body bytes) for what the handler returned, per the Lambda rules.

    A dict with statusCode is a full response; anything else is taken as a 200 JSON body.
    """
    if not (isinstance(result, dict) and "statusCode" in result):
        return 200, [("Content-Type", "application/json")], json.dumps(result).encode("utf-8")
    status = int(result["statusCode"])
    headers = [(str(k), str(v)) for k, v in (result.get("headers") or {}).items()]
    headers += [("Set-Cookie", str(cookie)) for cookie in result.get("cookies") or []]
    raw_body = result.get("body")
    if raw_body is None:
        body = b""
    elif result.get("isBase64Encoded"):
        body = base64.b64decode(raw_body)
    elif isinstance(raw_body, str):
        body = raw_body.encode("utf-8")
    else:  # Lambda serialises a non-string body as JSON
        body = json.dumps(raw_body).encode("utf-8")
    if body and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    return status, headers, body


def _error(status: int, code: str, message: str) -> tuple[int, list[tuple[str, str]], bytes]:
    body = json.dumps(error_codes.error_body(code, error_codes.plain(code, message))).encode()
    return status, [("Content-Type", "application/json")], body


StorageCheck = Callable[[], "str | None"]  # a sentence when new uploads cannot be stored


class FunctionUrlApp:
    """WSGI: each request becomes one `lambda_handler(event, context)` call."""

    def __init__(self, lambda_handler: Handler, function_name: str, *, domain_name: str,
                 storage_problem: StorageCheck | None = None,
                 is_authorized: Callable[[dict[str, str]], bool] = lambda headers: True):
        self._handler = lambda_handler
        self._function_name = function_name
        self._domain_name = domain_name
        self._storage_problem = storage_problem
        self._is_authorized = is_authorized

    def __call__(self, environ: dict, start_response):
        response = self._respond(environ)
        return self._send(environ, start_response, *response)

    def _respond(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        method = environ["REQUEST_METHOD"]
        target = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error(400, "bad_request", "The Content-Length header is not a number.")
        if length > MAX_REQUEST_BODY:  # the server refuses larger ones before we see them
            return _error(413, "too_large",
                          f"The request body is over {MAX_REQUEST_BODY} bytes; API requests "
                          "are small JSON documents and file bytes go to the upload URL.")
        body = environ["wsgi.input"].read(length) if length else b""
        headers = _header_pairs(environ)
        path = urlsplit(target).path
        # Only the token's holders learn the disk's state; everyone else gets the 401.
        if (self._storage_problem is not None and _stores_new_bytes(method, path)
                and self._is_authorized(_join_headers(headers))
                and (problem := self._storage_problem())):
            return _error(507, "insufficient_storage", problem)
        event = build_event(
            method, target, headers, body,
            source_ip=environ.get("REMOTE_ADDR", ""),
            local_port=int(environ.get("SERVER_PORT") or 0),
            domain_name=self._domain_name,
            protocol=environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        )
        try:
            context = LocalContext(self._function_name, FUNCTION_TIMEOUT_SECONDS)
            return translate_response(self._handler(event, context))
        except Exception:
            # On AWS a crashed function is a 502 from the URL; the traceback goes to the log only.
            log.exception("the handler failed on %s %s", method, event["rawPath"])
            return _error(502, "internal",
                          "The backend failed while handling this request; "
                          "its log has the details. Try again.")

    @staticmethod
    def _send(environ, start_response, status: int, headers: list[tuple[str, str]],
              body: bytes) -> list[bytes]:
        headers = [(name, value) for name, value in headers
                   if name.lower() not in ("content-length", "connection", "transfer-encoding")]
        no_body = status in (204, 304)  # these carry neither a body nor its length
        if not no_body:
            headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {_reason(status)}", headers)
        if no_body or environ["REQUEST_METHOD"] == "HEAD":
            return []
        return [body]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _header_pairs(environ: dict) -> list[tuple[str, str]]:
    pairs = [(name[5:].replace("_", "-").lower(), value)
             for name, value in environ.items() if name.startswith("HTTP_")]
    for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(name):
            pairs.append((name.replace("_", "-").lower(), environ[name]))
    return pairs


def _stores_new_bytes(method: str, path: str) -> bool:
    """Routes that hand out upload URLs (completing a multipart upload adds no bytes)."""
    if method == "GET":
        return path == "/uploads"
    return method == "POST" and (path == "/uploads" or path.startswith("/uploads/")) and \
        not path.endswith("/complete")

