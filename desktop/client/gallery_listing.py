"""The gallery's rows, Qt-free: ready images newest first, each day led by a header row.

`GalleryListing` owns the state (the rows, the filters, the paging cursor, which listing is
current) and says how every change moves rows, so a Qt model only has to wrap each change in
begin/end calls. A listing has a generation: a new filter or a refresh starts a new one, and
a page that arrives for an older generation is dropped.

Two orders (`Selection.order`): by date taken (the default; the server's taken/ index) and by
upload time. Days are, by date taken, the day on the camera's own clock (`taken_at`'s date,
whatever its offset, the way Immich groups: evening photos of a holiday stay on their
evening); by upload, local calendar days of `created_at` (UTC in the API). An image a server
sent without `taken_at` (processed before dates were read) sorts by its upload time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from desktop.client.api import ImageInfo

TAKEN, UPLOADED = "taken", "uploaded"  # the API's order= values


def normalise_name(text: str) -> str:
    """How the server compares filenames with q= (NFKC, then case-folded)."""
    return unicodedata.normalize("NFKC", text).casefold()


def upload_day(image: ImageInfo) -> date | None:
    """The local calendar day `image` was uploaded, None when the server did not say."""
    try:
        moment = datetime.fromisoformat(image.created_at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone().date()


def taken_day(image: ImageInfo) -> date | None:
    """The day on the camera's clock (its offset, if any, does not move it); the upload day
    for an image with no date taken."""
    if image.taken_at:
        try:
            return date.fromisoformat(image.taken_at[:10])
        except ValueError:
            pass
    return upload_day(image)


def _taken_key(image: ImageInfo) -> tuple[str, str]:
    """Sorts like the server's taken/ index: wall-clock time, then the newer upload."""
    return ((image.taken_at or image.created_at)[:19], image.id)


@dataclass(frozen=True)
class Selection:
    """Which photos the gallery lists, and in which order (beside the name filter)."""

    order: str = TAKEN
    camera: str | None = None
    lens: str | None = None
    since: date | None = None  # taken on or after this day
    until: date | None = None  # taken on or before it

    @property
    def filtered(self) -> bool:
        return any((self.camera, self.lens, self.since, self.until))

    def params(self) -> dict[str, str]:
        """The API's query parameters for this selection."""
        values = {"order": self.order, "camera": self.camera, "lens": self.lens,
                  "from": self.since and self.since.isoformat(),
                  "to": self.until and self.until.isoformat()}
        return {name: value for name, value in values.items() if value}

    def matches(self, image: ImageInfo) -> bool:
        camera = image.camera or {}
        day = taken_day(image)
        return ((self.camera is None or camera.get("name") == self.camera)
                and (self.lens is None or camera.get("lens") == self.lens)
                and (self.since is None or (day is not None and day >= self.since))
                and (self.until is None or (day is not None and day <= self.until)))

    def day_of(self, image: ImageInfo) -> date | None:
        return taken_day(image) if self.order == TAKEN else upload_day(image)

    def newer(self, image: ImageInfo, than: ImageInfo) -> bool:
        """Whether `image` sorts before `than` (newest first) in this order."""
        if self.order == TAKEN:
            return _taken_key(image) > _taken_key(than)
        return image.id > than.id  # ids sort by upload time


@dataclass(frozen=True)
class Row:
    """A header (image None: the first row of `day`) or an image."""

    day: date | None
    image: ImageInfo | None = None

    @property
    def is_header(self) -> bool:
        return self.image is None


@dataclass(frozen=True)
class Insert:
    row: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Remove:
    row: int
    count: int


Change = Insert | Remove


@dataclass(frozen=True)
class PageRequest:
    generation: int
    query: str
    cursor: str | None
    limit: int
    selection: Selection = Selection()


class GalleryListing:
    def __init__(self, page_size: int = 50, selection: Selection = Selection()):
        self.page_size = page_size
        self.selection = selection
        self.rows: list[Row] = []
        self.query = ""
        self.generation = 0
        self._ids: set[str] = set()
        self.newest_id: str | None = None  # the latest upload listed (ids sort by time)
        self._cursor: str | None = None
        self._started = False     # the first page of this generation was asked for
        self._loading = False
        self._wanted = 0          # images the current request chain still has to find

    # --- reading -------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def image_at(self, row: int) -> ImageInfo | None:
        return self.rows[row].image if 0 <= row < len(self.rows) else None

    def images(self) -> Iterator[ImageInfo]:
        return (row.image for row in self.rows if row.image is not None)

    def image_count(self) -> int:
        return len(self._ids)

    def row_of(self, image_id: str) -> int | None:
        if image_id not in self._ids:
            return None
        return next(n for n, row in enumerate(self.rows)
                    if row.image is not None and row.image.id == image_id)

    def image_row(self, row: int, step: int) -> int | None:
        """The row of the image `step` images after (or before, step < 0) the one at `row`."""
        direction = 1 if step > 0 else -1
        remaining = abs(step)
        while remaining:
            row += direction
            if not 0 <= row < len(self.rows):
                return None
            if self.rows[row].image is not None:
                remaining -= 1
        return row

    def matches(self, image: ImageInfo) -> bool:
        return (normalise_name(self.query) in normalise_name(image.filename)
                and self.selection.matches(image))

    def _day_of(self, image: ImageInfo) -> date | None:
        return self.selection.day_of(image)

    # --- paging ----------------------------------------------------------------------

    def can_fetch_more(self) -> bool:
        return not self._loading and (not self._started or self._cursor is not None)

    def next_request(self) -> PageRequest | None:
        """The next page to ask for (marking it asked), or None when nothing is to be asked."""
        if not self.can_fetch_more():
            return None
        if not self._wanted:
            self._wanted = self.page_size
        self._loading, self._started = True, True
        return PageRequest(self.generation, self.query, self._cursor, self.page_size,
                           self.selection)

    def page_arrived(self, generation: int, items: list[ImageInfo],
                     cursor: str | None) -> tuple[list[Change], bool] | None:
        """The changes one page makes, and whether to ask for the next one at once (a
        filtered page may hold few or no images but a cursor: the chain goes on until a
        page's worth is found). None when the page is for an older listing."""
        if generation != self.generation:
            return None
        self._loading, self._cursor = False, cursor
        fresh = [image for image in items if image.id not in self._ids]
        self._wanted = max(0, self._wanted - len(fresh))
        go_on = bool(self._wanted) and cursor is not None
        if not go_on:
            self._wanted = 0
        return self._appended(fresh), go_on

    def page_failed(self, generation: int) -> bool:
        """Stops paging until a refresh; False when the failure is for an older listing."""
        if generation != self.generation:
            return False
        self._loading, self._cursor, self._wanted = False, None, 0
        return True

    def restart(self, query: str | None = None,
                selection: Selection | None = None) -> list[Change]:
        """A new listing (a refresh, or a new filter when `query` or `selection` is given):
        every row goes."""
        self.generation += 1
        if query is not None:
            self.query = query
        if selection is not None:
            self.selection = selection
        self._cursor, self._started, self._loading, self._wanted = None, False, False, 0
        self.newest_id = None
        return self._removed_all()

    # --- changes -----------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if isinstance(change, Insert):
            self.rows[change.row:change.row] = change.rows
            fresh = [row.image.id for row in change.rows if row.image is not None]
            self._ids.update(fresh)
            self.newest_id = max([*fresh, self.newest_id or ""]) or None
        else:
            gone = self.rows[change.row:change.row + change.count]
            del self.rows[change.row:change.row + change.count]
            self._ids.difference_update(row.image.id for row in gone if row.image is not None)

    def added(self, image: ImageInfo) -> list[Change]:
        """A new upload is ready: its row at its place in the order (by upload: first; by
        date taken: wherever its date puts it), with a header if its day has none. Nothing
        when it is listed already, does not match the filters, or is older than every listed
        image while more pages remain (it comes then)."""
        if image.id in self._ids or not self.matches(image):
            return []
        position = next((n for n, row in enumerate(self.rows)
                         if row.image is not None and self.selection.newer(image, row.image)),
                        None)
        if position is None:
            if self._cursor is not None or (self._loading and self._started):
                return []
            return self._appended([image])
        day = self._day_of(image)
        previous = self.rows[position - 1]  # rows[0] is a header, so position >= 1
        if not previous.is_header:
            # Between two images of one day: it joins that day (their header stays right).
            return [Insert(position, (Row(previous.day, image),))]
        if previous.day == day:
            return [Insert(position, (Row(day, image),))]
        newer = self.rows[position - 2] if position >= 2 else None
        if newer is not None and newer.day == day:  # the last of the day above
            return [Insert(position - 1, (Row(day, image),))]
        return [Insert(position - 1, (Row(day), Row(day, image)))]

    def removed(self, image_id: str) -> list[Change]:
        """The row of a deleted image goes, and its day's header when it was the last."""
        row = self.row_of(image_id)
        if row is None:
            return []
        header_alone = (self.rows[row - 1].is_header
                        and (row + 1 == len(self.rows) or self.rows[row + 1].is_header))
        return [Remove(row - 1, 2)] if header_alone else [Remove(row, 1)]

    def _appended(self, images: list[ImageInfo]) -> list[Change]:
        if not images:
            return []
        rows: list[Row] = []
        last_day = self.rows[-1].day if self.rows else None
        have_any = bool(self.rows)
        for image in images:
            day = self._day_of(image)
            if not have_any or day != last_day:
                rows.append(Row(day))
                last_day, have_any = day, True
            rows.append(Row(day, image))
        return [Insert(len(self.rows), tuple(rows))]

    def _removed_all(self) -> list[Change]:
        return [Remove(0, len(self.rows))] if self.rows else []
