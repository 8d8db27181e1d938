"""The gallery listing (GET /images) and what it can be filtered by (GET /images/facets).

Two orders, each answered by listing an index in the output bucket (ListObjectsV2 is
ascending only, so both kinds of keys sort newest first):
- uploaded: `index/<invert(id)>.json`, the records themselves;
- taken: `taken/all/<T>-<invert(id)>`, or one camera's or one lens's own prefix
  (layout.py), so a camera or lens filter lists only that camera's photos, and a date range
  is a starting key and a stopping key, never a scan of what lies outside it.

A page is one LIST and one GET per listed record (in parallel): 51 requests for 50 photos,
whatever the gallery's size. What no key answers (the name filter; a lens beside a camera;
dates, camera and lens in upload order) is checked on the records read, at most SCAN_BUDGET
per page: such a page may hold fewer items, with a cursor to go on from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.common import layout, records
from backend.common.config import Settings

from .images import image_view
from .parallel import map_parallel
from .responses import bad_request
from .validation import GalleryQuery, normalise_name

# Records one gallery page may read (each is a GET): bounds a page whose records are mostly
# failed or don't match a filter no key answers.
SCAN_BUDGET = 300
FILTER_CHUNK = 100  # keys listed at a time while filtering records
FACET_PAGES = 10  # LIST pages of names per facet (1,000 each): 10,000 cameras is plenty
_PAST_EVERY_ID = "-~"  # sorts after "-<any id>": the end of one position's entries


@dataclass(frozen=True)
class _Listing:
    prefix: str
    start_after: str | None  # the first key listed comes after this
    stop_after: str | None  # keys after this are out of range (older than `from`)
    id_of: Callable[[str], str | None]
    keep: Callable[[dict], bool]  # what the records must also be, beyond ready


def list_images(settings: Settings, s3, query: GalleryQuery) -> dict:
    listing = _by_taken(query) if query.order == "taken" else _by_upload(query)
    if query.cursor and not query.cursor.startswith(listing.prefix):
        raise bad_request("'cursor' belongs to another order or filter; start again without it.")
    start = max(filter(None, (query.cursor, listing.start_after)), default=None)
    filtered = listing.keep is not _anything
    items: list[dict] = []
    scanned, last, exhausted = 0, start, False
    while len(items) < query.limit and scanned < SCAN_BUDGET:
        wanted = FILTER_CHUNK if filtered else query.limit - len(items)
        params = {"Bucket": settings.output_bucket, "Prefix": listing.prefix,
                  "MaxKeys": min(wanted, SCAN_BUDGET - scanned)}
        if last:
            params["StartAfter"] = last
        page = s3.list_objects_v2(**params)
        keys = [entry["Key"] for entry in page.get("Contents", [])]
        past_range = False
        if listing.stop_after is not None:
            in_range = [key for key in keys if key <= listing.stop_after]
            past_range = len(in_range) < len(keys)
            keys = in_range
        if not keys:
            exhausted = True
            break
        found = [(key, listing.id_of(key)) for key in keys]
        bodies = map_parallel(
            lambda pair: pair[1] and records.read(s3, settings.output_bucket, pair[1]), found)
        for (key, image_id), record in zip(found, bodies):
            scanned, last = scanned + 1, key
            if _shown(record, image_id) and listing.keep(record):
                items.append(image_view(settings, s3, image_id, record))
                if len(items) == query.limit:
                    break
        if last == keys[-1] and (past_range or not page.get("IsTruncated")):
            exhausted = True
            break
    return {"items": items, "next_cursor": None if exhausted else last}


def _by_taken(query: GalleryQuery) -> _Listing:
    if query.camera:
        prefix = layout.taken_prefix("camera", query.camera)
    elif query.lens:
        prefix = layout.taken_prefix("lens", query.lens)
    else:
        prefix = layout.taken_prefix()
    start = query.until and prefix + layout.taken_position(f"{query.until}T23:59:59")
    stop = query.since and (prefix + layout.taken_position(f"{query.since}T00:00:00")
                            + _PAST_EVERY_ID)
    lens = query.lens if query.camera else None  # a camera's prefix holds every lens
    return _Listing(prefix, start or None, stop or None, layout.id_from_taken_key,
                    _matching(query.name, lens=lens))


def _by_upload(query: GalleryQuery) -> _Listing:
    return _Listing(layout.INDEX_PREFIX, None, None, layout.id_from_record_key,
                    _matching(query.name, camera=query.camera, lens=query.lens,
                              since=query.since, until=query.until))


def _anything(record: dict) -> bool:
    return True


def _matching(name: str | None, *, camera: str | None = None, lens: str | None = None,
              since: str | None = None, until: str | None = None) -> Callable[[dict], bool]:
    if not any((name, camera, lens, since, until)):
        return _anything

    def keep(record: dict) -> bool:
        day = (record.get("taken_at") or "")[:10]
        return ((name is None or name in normalise_name(record.get("filename") or ""))
                and (camera is None or records.camera_name(record) == camera)
                and (lens is None or records.lens_name(record) == lens)
                and (since is None or (day and day >= since))
                and (until is None or (day and day <= until)))
    return keep


def _shown(record: dict | None, image_id: str | None) -> bool:
    # record None: deleted between the listing and the read (or an entry left by a crash).
    return (record is not None and image_id is not None
            and record.get("status") == records.READY)


def facets(settings: Settings, s3) -> dict:
    """Every camera and lens the gallery's photos were taken with: a delimited LIST per kind
    (one request per 1,000 names), then one LIST of a single key per name found, because a
    store with real folders (SeaweedFS) answers a folder emptied by deletes as a prefix too."""
    return {"cameras": _names(settings, s3, "camera"), "lenses": _names(settings, s3, "lens")}


def _names(settings: Settings, s3, kind: str) -> list[str]:
    params = {"Bucket": settings.output_bucket, "Prefix": f"{layout.TAKEN_PREFIX}{kind}/",
              "Delimiter": "/"}
    prefixes: dict[str, str] = {}
    for _ in range(FACET_PAGES):
        page = s3.list_objects_v2(**params)
        prefixes.update((entry["Prefix"], name) for entry in page.get("CommonPrefixes", [])
                        if (name := layout.facet_name(entry["Prefix"], kind)))
        if not page.get("IsTruncated"):
            break
        params["ContinuationToken"] = page["NextContinuationToken"]
    held = map_parallel(lambda prefix: s3.list_objects_v2(
        Bucket=settings.output_bucket, Prefix=prefix, MaxKeys=1).get("KeyCount", 0) > 0,
        list(prefixes))
    return sorted({name for (_, name), kept in zip(prefixes.items(), held) if kept},
                  key=str.casefold)
