"""A Lambda Function URL in front of a handler: HTTP in, payload 2.0 event, response dict, HTTP out.

The event and response follow the Function URL rules (payload format 2.0) closely, so the
handler cannot tell it is not on Lambda. The one deliberate difference: `x-forwarded-proto`
is `http`, where AWS says `https`, so absolute URLs the handler builds point back here.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .connections import TracksConnections
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
    host = headers.get("host", f"127.0.0.1:{local_port}")
    event: dict = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": url.query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": URL_ID,
            "domainName": host,
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
    body = json.dumps({"error": code, "message": message}).encode("utf-8")
    return status, [("Content-Type", "application/json")], body


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the desktop client's session reuses sockets
    disable_nagle_algorithm = True  # else small responses stall ~40 ms on delayed ACKs
    server: FunctionUrlServer

    def _serve(self) -> None:
        length_header = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send(*_error(411, "bad_request",
                               "Send the request body with a Content-Length header, not chunked."))
            return
        try:
            length = int(length_header or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(*_error(400, "bad_request", "The Content-Length header is not a number."))
            return
        if length > MAX_REQUEST_BODY:
            self.close_connection = True  # the unread body would be taken for the next request
            self._send(*_error(413, "too_large",
                               f"The request body is over {MAX_REQUEST_BODY} bytes; API requests "
                               "are small JSON documents and file bytes go to the upload URL."))
            return
        body = self.rfile.read(length) if length else b""
        event = build_event(
            self.command, self.path, list(self.headers.items()), body,
            source_ip=self.client_address[0], local_port=self.server.server_address[1],
            protocol=self.request_version,
        )
        try:
            context = LocalContext(self.server.function_name, FUNCTION_TIMEOUT_SECONDS)
            result = self.server.lambda_handler(event, context)
            response = translate_response(result)
        except Exception:
            # On AWS a crashed function is a 502 from the URL; the traceback goes to the log only.
            log.exception("the handler failed on %s %s", self.command, event["rawPath"])
            response = _error(502, "internal_error",
                              "The backend failed while handling this request; "
                              "its log has the details. Try again.")
        self._send(*response)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        no_body_status = status in (204, 304)  # these carry neither a body nor its length
        if not no_body_status:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and not no_body_status and self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args) -> None:
        # Paths only: the Authorization header and bodies are never logged.
        log.debug("%s " + format, self.client_address[0], *args)


class FunctionUrlServer(TracksConnections, ThreadingHTTPServer):
    """Serves `lambda_handler(event, context)` like a Function URL, one thread per connection."""

    daemon_threads = False  # joined on close, so a stopped backend leaves no threads behind

    def __init__(self, address: tuple[str, int], lambda_handler: Handler, function_name: str):
        self.lambda_handler = lambda_handler
        self.function_name = function_name
        super().__init__(address, _RequestHandler)
