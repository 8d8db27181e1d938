"""Function URL responses: JSON bodies, and errors a person can act on."""

from __future__ import annotations

import json

from backend.common import error_codes
from backend.common.error_codes import Reason

# Bodies carry signed URLs and per-user data: no proxy or client cache may keep them.
_BASE_HEADERS = {"content-type": "application/json", "cache-control": "no-store"}


class ApiError(Exception):
    """A refusal that becomes the JSON error of backend/common/error_codes.py with `status`."""

    def __init__(self, status: int, why: Reason, headers: dict | None = None):
        super().__init__(why.message)
        self.status = status
        self.why = why
        self.headers = headers or {}

    @property
    def category(self) -> str:
        return error_codes.CATEGORIES[self.status]

    @property
    def body(self) -> dict:
        return error_codes.error_body(self.category, self.why)


def refusal(status: int, code: str, **params) -> ApiError:
    """The refusal for a code of error_codes.TEMPLATES."""
    return ApiError(status, error_codes.reason(code, **params))


def bad_request(message: str) -> ApiError:
    """A malformed request only a faulty client sends: no code of its own."""
    return ApiError(400, error_codes.plain("bad_request", message))


def json_response(status: int, body: dict, headers: dict | None = None) -> dict:
    return {
        "statusCode": status,
        "headers": {**_BASE_HEADERS, **(headers or {})},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }


def error_response(error: ApiError) -> dict:
    return json_response(error.status, error.body, error.headers)


def no_content() -> dict:
    return {"statusCode": 204, "headers": {"cache-control": "no-store"}, "body": "",
            "isBase64Encoded": False}
