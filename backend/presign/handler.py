"""Lambda Function URL handler (payload format 2.0) for the Thumbdrop HTTP API.

The same code runs on Lambda and behind the local backend's adapter; everything it
needs to know comes from the environment through backend.common.config.
"""

from __future__ import annotations

import logging
import re

from backend.common import config

from . import validation
from .auth import require_token
from .images import delete_image, get_image, list_images
from .request import Request, parse
from .responses import ApiError, error_response, json_response, no_content
from .uploads import create_upload

logger = logging.getLogger(__name__)


def _post_upload(request: Request, settings, s3) -> dict:
    upload = validation.upload_request(
        request.json_body(), settings.max_upload_bytes, from_query=False
    )
    return json_response(201, create_upload(settings, s3, upload, request.base_url))


def _get_upload(request: Request, settings, s3) -> dict:
    upload = validation.upload_request(
        request.query(), settings.max_upload_bytes, from_query=True
    )
    return json_response(201, create_upload(settings, s3, upload, request.base_url))


def _list_images(request: Request, settings, s3) -> dict:
    query = request.query()
    page = list_images(settings, s3, validation.limit(query), validation.cursor(query))
    return json_response(200, page)


def _get_image(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, get_image(settings, s3, validation.image_id(raw_id)))


def _delete_image(request: Request, settings, s3, raw_id: str) -> dict:
    delete_image(settings, s3, validation.image_id(raw_id))
    return no_content()


_ROUTES = [
    (re.compile(r"^/uploads$"), {"POST": _post_upload, "GET": _get_upload}),
    (re.compile(r"^/images$"), {"GET": _list_images}),
    (re.compile(r"^/images/([^/]+)$"), {"GET": _get_image, "DELETE": _delete_image}),
]


def _dispatch(request: Request, settings, s3) -> dict:
    for pattern, methods in _ROUTES:
        match = pattern.match(request.path)
        if not match:
            continue
        route = methods.get(request.method)
        if route is None:
            allowed = ", ".join(methods)
            raise ApiError(405, "method_not_allowed",
                           f"{request.method or 'This method'} is not supported on "
                           f"{request.path}; use {allowed}.", {"allow": allowed})
        return route(request, settings, s3, *match.groups())
    raise ApiError(404, "not_found",
                   f"There is no API route {request.path[:100]!r}; check the API URL in Settings.")


def handler(event: dict, context) -> dict:
    try:
        settings, s3 = config.cached()
        request = parse(event)
        require_token(request.headers, settings.api_token)
        return _dispatch(request, settings, s3)
    except ApiError as error:
        return error_response(error)
    except Exception:
        # Never the event or headers: they carry the bearer token.
        logger.exception("presign failed on %s", event.get("rawPath"))
        return error_response(ApiError(
            500, "internal",
            "The server failed while handling this request; try again, and if it keeps "
            "failing check the backend's logs.",
        ))
