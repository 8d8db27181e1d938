"""Function URL responses: JSON bodies, and errors a person can act on."""

from __future__ import annotations

import json

# Bodies carry signed URLs and per-user data: no proxy or client cache may keep them.
_BASE_HEADERS = {"content-type": "application/json", "cache-control": "no-store"}


class ApiError(Exception):
    """A refusal that becomes `{"error": code, "message": sentence}` with `status`."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> ApiError:
    return ApiError(400, "bad_request", message)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def json_response(status: int, body: dict, headers: dict | None = None) -> dict:
    return {
        "statusCode": status,
        "headers": {**_BASE_HEADERS, **(headers or {})},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }


def error_response(error: ApiError) -> dict:
    return json_response(
        error.status, {"error": error.code, "message": error.message}, error.headers
    )


def no_content() -> dict:
    return {"statusCode": 204, "headers": {"cache-control": "no-store"}, "body": "",
            "isBase64Encoded": False}
