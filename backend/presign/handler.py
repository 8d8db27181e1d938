"""Lambda Function URL handler (payload format 2.0) for the Thumbdrop HTTP API, version 2.

The same code runs on Lambda and behind the local backend's adapter; everything it
needs to know comes from the environment through backend.common.config.
"""

from __future__ import annotations

import logging
import re

from botocore.exceptions import ClientError

from backend.common import config, layout
from backend.common.error_codes import reason
from backend.common.version import VERSION

from . import albums, gallery, images, links, multipart, share_page, shares, uploads, validation
from .auth import require_token
from .request import Request, parse
from .responses import ApiError, error_response, json_response, no_content, refusal

logger = logging.getLogger(__name__)

API_VERSION = 2


def _config(request: Request, settings, s3) -> dict:
    return json_response(200, {
        "api_version": API_VERSION,
        "version": VERSION,  # the software's; api_version is the contract's
        "gallery_id": settings.gallery_id,
        "max_upload_bytes": settings.max_upload_bytes,
        "single_put_max_bytes": settings.single_put_max_bytes,
        "multipart": {"threshold_bytes": settings.multipart_threshold_bytes,
                      "part_bytes": settings.multipart_part_bytes,
                      "max_parts": config.MAX_PARTS},
        "content_types": sorted(layout.EXTENSIONS),
        "max_batch": validation.MAX_BATCH,
        "upload_url_expires": settings.upload_url_expires,
        "output_access": settings.output_access,
        "max_link_seconds": settings.max_link_seconds,
        "original_retention_days": settings.original_retention_days,
        "max_image_pixels": settings.max_image_pixels,
        "keep_location": settings.keep_location,
    })


def _upload_answer(answer: dict, created: int = 201) -> dict:
    # A new upload is a resource made (201); a duplicate names one that exists (200).
    return json_response(200 if answer["status"] == "duplicate" else created, answer)


def _post_upload(request: Request, settings, s3) -> dict:
    upload = uploads.single_put_request(request.json_body(), settings, from_query=False)
    return _upload_answer(uploads.create_upload(settings, s3, upload,
                                                request.base_url(settings.api_base_url)))


def _get_upload(request: Request, settings, s3) -> dict:
    upload = uploads.single_put_request(request.query(), settings, from_query=True)
    return _upload_answer(uploads.create_upload(settings, s3, upload,
                                                request.base_url(settings.api_base_url)))


def _post_batch(request: Request, settings, s3) -> dict:
    return json_response(200, uploads.create_batch(settings, s3, request.json_body(),
                                                   request.base_url(settings.api_base_url)))


def _check_digests(request: Request, settings, s3) -> dict:
    return json_response(200, uploads.check_digests(settings, s3, request.json_body()))


def _post_multipart(request: Request, settings, s3) -> dict:
    upload = validation.upload_request(request.json_body(), settings.max_upload_bytes,
                                       from_query=False)
    return _upload_answer(multipart.create(settings, s3, upload,
                                           request.base_url(settings.api_base_url)))


def _post_parts(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, multipart.sign_parts(settings, s3, validation.image_id(raw_id),
                                                   request.json_body()))


def _get_parts(request: Request, settings, s3, raw_id: str) -> dict:
    image_id = validation.image_id(raw_id)
    upload_id = validation.upload_id(request.query().get("upload_id"))
    return json_response(200, multipart.list_parts(settings, s3, image_id, upload_id))


def _complete(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, multipart.complete(
        settings, s3, validation.image_id(raw_id), request.json_body(),
        request.base_url(settings.api_base_url)))


def _abort(request: Request, settings, s3, raw_id: str) -> dict:
    image_id = validation.image_id(raw_id)
    multipart.abort(settings, s3, image_id, validation.upload_id(request.query().get("upload_id")))
    return no_content()


def _list_images(request: Request, settings, s3) -> dict:
    query = request.query()
    if "ids" in query:
        return json_response(200, images.batch_status(settings, s3,
                                                      validation.id_list(query["ids"])))
    return json_response(200, gallery.list_images(settings, s3, validation.gallery_query(query)))


def _facets(request: Request, settings, s3) -> dict:
    return json_response(200, gallery.facets(settings, s3))


def _get_image(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, images.get_image(settings, s3, validation.image_id(raw_id)))


def _delete_image(request: Request, settings, s3, raw_id: str) -> dict:
    images.delete_image(settings, s3, validation.image_id(raw_id))
    return no_content()


def _get_original(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, images.original(settings, s3, validation.image_id(raw_id)))


def _get_link(request: Request, settings, s3, raw_id: str) -> dict:
    query = request.query()
    image_id = validation.image_id(raw_id)
    seconds = validation.expires_in(query, default=settings.download_url_expires)
    return json_response(200, images.link(settings, s3, image_id, validation.rendition(query),
                                          seconds))


def _list_albums(request: Request, settings, s3) -> dict:
    return json_response(200, albums.list_albums(settings, s3))


def _create_album(request: Request, settings, s3) -> dict:
    return json_response(201, albums.create_album(settings, s3, request.json_body()))


def _get_album(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, albums.get_album(settings, s3, albums.valid_album_id(raw_id)))


def _patch_album(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, albums.change_album(settings, s3, albums.valid_album_id(raw_id),
                                                  request.json_body()))


def _delete_album(request: Request, settings, s3, raw_id: str) -> dict:
    albums.delete_album(settings, s3, albums.valid_album_id(raw_id))
    return no_content()


def _album_images(request: Request, settings, s3, raw_id: str) -> dict:
    album_id = albums.valid_album_id(raw_id)
    query = request.query()
    return json_response(200, albums.list_album_images(
        settings, s3, album_id, validation.limit(query),
        albums.album_cursor(album_id, query.get("cursor"))))


def _add_album_images(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, albums.add_images(settings, s3, albums.valid_album_id(raw_id),
                                                request.json_body()))


def _remove_album_images(request: Request, settings, s3, raw_id: str) -> dict:
    albums.remove_images(settings, s3, albums.valid_album_id(raw_id),
                         validation.id_list(request.query().get("ids", "")))
    return no_content()


def _image_albums(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, albums.albums_of_image(settings, s3,
                                                     validation.image_id(raw_id)))


def _album_shares(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, shares.album_shares(settings, s3, validation.image_id(raw_id),
                                                  request.base_url(settings.api_base_url)))


def _create_share(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(201, shares.create_share(settings, s3, validation.image_id(raw_id),
                                                  request.json_body(),
                                                  request.base_url(settings.api_base_url)))


def _revoke_share(request: Request, settings, s3, raw_id: str) -> dict:
    shares.revoke_share(settings, s3, raw_id)
    return no_content()


def _patch_share(request: Request, settings, s3, raw_id: str) -> dict:
    return json_response(200, shares.change_share(settings, s3, raw_id, request.json_body(),
                                                  request.base_url(settings.api_base_url)))


_ID = r"([^/]+)"
_ROUTES = [
    (re.compile(r"^/config$"), {"GET": _config}),
    (re.compile(r"^/uploads$"), {"POST": _post_upload, "GET": _get_upload}),
    (re.compile(r"^/uploads/batch$"), {"POST": _post_batch}),
    (re.compile(r"^/uploads/check$"), {"POST": _check_digests}),
    (re.compile(r"^/uploads/multipart$"), {"POST": _post_multipart}),
    (re.compile(rf"^/uploads/multipart/{_ID}/parts$"), {"POST": _post_parts, "GET": _get_parts}),
    (re.compile(rf"^/uploads/multipart/{_ID}/complete$"), {"POST": _complete}),
    (re.compile(rf"^/uploads/multipart/{_ID}$"), {"DELETE": _abort}),
    (re.compile(r"^/images$"), {"GET": _list_images}),
    (re.compile(r"^/images/facets$"), {"GET": _facets}),
    (re.compile(rf"^/images/{_ID}$"), {"GET": _get_image, "DELETE": _delete_image}),
    (re.compile(rf"^/images/{_ID}/original$"), {"GET": _get_original}),
    (re.compile(rf"^/images/{_ID}/link$"), {"GET": _get_link}),
    (re.compile(rf"^/images/{_ID}/albums$"), {"GET": _image_albums}),
    (re.compile(r"^/albums$"), {"GET": _list_albums, "POST": _create_album}),
    (re.compile(rf"^/albums/{_ID}$"), {"GET": _get_album, "PATCH": _patch_album,
                                        "DELETE": _delete_album}),
    (re.compile(rf"^/albums/{_ID}/images$"), {"GET": _album_images, "POST": _add_album_images,
                                               "DELETE": _remove_album_images}),
    (re.compile(rf"^/albums/{_ID}/shares$"), {"GET": _album_shares, "POST": _create_share}),
    (re.compile(rf"^/shares/{_ID}$"), {"DELETE": _revoke_share, "PATCH": _patch_share}),
]

# What a share link opens: the link is the key, so these alone need no bearer token.
_SHARE_TOKEN = r"([^/]{1,100})"  # any token: one never made opens the 404 page
_SHARE_PAGE = re.compile(rf"^/s/{_SHARE_TOKEN}/?$")
_SHARE_PHOTOS = re.compile(rf"^/s/{_SHARE_TOKEN}/photos$")
_SHARE_UPLOADS = re.compile(rf"^/s/{_SHARE_TOKEN}/uploads$")


def _shared(request: Request, settings, s3) -> dict | None:
    """The answer to a share link's request, or None when the request is not one."""
    if request.method == "GET" and (match := _SHARE_PAGE.match(request.path)):
        try:
            shares.open_share(settings, s3, match.group(1))
        except ApiError as refused:
            return share_page.refused_page(refused.status, refused.why.message)
        return share_page.album_page(links.output_origin(settings, s3),
                                     links.upload_origin(settings, s3))
    if request.method == "POST" and (match := _SHARE_PHOTOS.match(request.path)):
        return json_response(200, shares.shared_photos(settings, s3, match.group(1),
                                                       request.json_body()))
    if request.method == "POST" and (match := _SHARE_UPLOADS.match(request.path)):
        return json_response(200, shares.guest_uploads(
            settings, s3, match.group(1), request.json_body(),
            request.base_url(settings.api_base_url)))
    return None


def _dispatch(request: Request, settings, s3) -> dict:
    for pattern, methods in _ROUTES:
        match = pattern.match(request.path)
        if not match:
            continue
        route = methods.get(request.method)
        if route is None:
            allowed = ", ".join(methods)
            raise ApiError(405, reason("method_not_allowed",
                                       method=request.method or "This method",
                                       path=request.path, allowed=allowed), {"allow": allowed})
        return route(request, settings, s3, *match.groups())
    raise refusal(404, "route_not_found", path=repr(request.path[:100]))


# What an S3-compatible store answers when its disk is full or read-only.
_STORAGE_FULL = {"InsufficientStorage", "XMinioStorageFull", "507"}


def handler(event: dict, context) -> dict:
    try:
        settings, s3 = config.cached()
        request = parse(event)
        shared = _shared(request, settings, s3)
        if shared is not None:
            return shared
        require_token(request.headers, settings.api_token_sha256)
        return _dispatch(request, settings, s3)
    except ApiError as error:
        return error_response(error)
    except Exception as error:
        if isinstance(error, ClientError) and _storage_full(error):
            logger.error("storage refused a write on %s: %s", event.get("rawPath"), error)
            return error_response(refusal(507, "storage_full"))
        # Never the event or headers: they carry the bearer token.
        logger.exception("presign failed on %s", event.get("rawPath"))
        return error_response(refusal(500, "server_failed"))


def _storage_full(error: ClientError) -> bool:
    return (error.response.get("Error", {}).get("Code") in _STORAGE_FULL
            or error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 507)
