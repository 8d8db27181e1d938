"""The gallery's rows, Qt-free: ready images newest first, each day led by a header row.

`GalleryListing` owns the state (the rows, the filter, the paging cursor, which listing is
current) and says how every change moves rows, so a Qt model only has to wrap each change in
begin/end calls. A listing has a generation: a new filter or a refresh starts a new one, and
a page that arrives for an older generation is dropped.

Days are local calendar days of the upload time (`created_at`, UTC in the API).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from desktop.client.api import ImageInfo


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


class GalleryListing:
    def __init__(self, page_size: int = 50, day_of: Callable[[ImageInfo], date | None] = upload_day):
        self.page_size = page_size
        self._day_of = day_of
        self.rows: list[Row] = []
        self.query = ""
        self.generation = 0
        self._ids: set[str] = set()
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
        return normalise_name(self.query) in normalise_name(image.filename)

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
        return PageRequest(self.generation, self.query, self._cursor, self.page_size)

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

    def restart(self, query: str | None = None) -> list[Change]:
        """A new listing (a refresh, or a new filter when `query` is given): every row goes."""
        self.generation += 1
        if query is not None:
            self.query = query
        self._cursor, self._started, self._loading, self._wanted = None, False, False, 0
        return self._removed_all()

    # --- changes -----------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if isinstance(change, Insert):
            self.rows[change.row:change.row] = change.rows
            self._ids.update(row.image.id for row in change.rows if row.image is not None)
        else:
            gone = self.rows[change.row:change.row + change.count]
            del self.rows[change.row:change.row + change.count]
            self._ids.difference_update(row.image.id for row in gone if row.image is not None)

    def added(self, image: ImageInfo) -> list[Change]:
        """A new upload is ready: its row at its place by time (ids sort by time), with a
        header if its day has none. Nothing when it is listed already, does not match the
        filter, or is older than every listed image while more pages remain (it comes then)."""
        if image.id in self._ids or not self.matches(image):
            return []
        position = next((n for n, row in enumerate(self.rows)
                         if row.image is not None and row.image.id < image.id), None)
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
