"""GalleryListing: the gallery's rows (day headers and images), paging, filtering, changes."""

from __future__ import annotations

import dataclasses
from datetime import date

from desktop.client.api import ImageInfo
from desktop.client.gallery_listing import (
    UPLOADED,
    GalleryListing,
    Insert,
    Remove,
    Selection,
    normalise_name,
)

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def image(n: int, day: int, name: str | None = None) -> ImageInfo:
    """Image number n (larger = newer) uploaded on 2025-03-<day>."""
    image_id = "01j" + ALPHABET[n // 32] + ALPHABET[n % 32] + "0" * 21
    return ImageInfo(id=image_id, status="ready", error=None, filename=name or f"img-{n}.jpg",
                     width=10, height=10, bytes=100, created_at=f"2025-03-{day:02d}T12:00:00",
                     thumbnail_url="http://x/t", large_url="http://x/l")


def apply(listing: GalleryListing, changes) -> None:
    for change in changes:
        listing.apply(change)


def shape(listing: GalleryListing) -> list[str]:
    """Rows as "D<day>" headers and "i<n>" images, to read layouts at a glance."""
    return [f"D{row.day.day}" if row.is_header else f"i{int(row.image.filename[4:-4])}"
            for row in listing.rows]


def loaded(pages: list[list[ImageInfo]], cursor_after_last=None) -> GalleryListing:
    listing = GalleryListing(page_size=3)
    for n, page in enumerate(pages):
        request = listing.next_request()
        cursor = f"c{n}" if n < len(pages) - 1 else cursor_after_last
        changes, _ = listing.page_arrived(request.generation, page, cursor)
        apply(listing, changes)
    return listing


def test_pages_append_images_with_a_header_before_each_day():
    listing = loaded([[image(9, 5), image(8, 5), image(7, 4)], [image(6, 4), image(5, 2)]])
    assert shape(listing) == ["D5", "i9", "i8", "D4", "i7", "i6", "D2", "i5"]
    assert listing.image_count() == 5
    assert listing.image_row(1, 1) == 2 and listing.image_row(2, 1) == 4  # over the header
    assert listing.image_row(4, -1) == 2 and listing.image_row(1, -1) is None


def test_a_page_for_an_older_listing_is_dropped():
    listing = GalleryListing(page_size=3)
    stale = listing.next_request()
    apply(listing, listing.restart("beach"))
    fresh = listing.next_request()
    assert fresh.query == "beach" and fresh.generation != stale.generation
    assert listing.page_arrived(stale.generation, [image(1, 1)], None) is None
    changes, _ = listing.page_arrived(fresh.generation, [image(2, 1, "beach.jpg")], None)
    apply(listing, changes)
    assert [i.filename for i in listing.images()] == ["beach.jpg"]


def test_sparse_filtered_pages_chain_until_a_pages_worth_is_found():
    listing = GalleryListing(page_size=3)
    request = listing.next_request()
    _, go_on = listing.page_arrived(request.generation, [], "c1")  # nothing matched here
    assert go_on
    request = listing.next_request()
    changes, go_on = listing.page_arrived(request.generation, [image(5, 1), image(4, 1)], "c2")
    assert go_on  # two of three found
    apply(listing, changes)
    request = listing.next_request()
    changes, go_on = listing.page_arrived(request.generation, [image(3, 1)], "c3")
    assert not go_on  # a page's worth found: the view asks for more when it scrolls
    assert listing.can_fetch_more()
    request = listing.next_request()
    _, go_on = listing.page_arrived(request.generation, [], None)
    assert not go_on and not listing.can_fetch_more()


def test_a_new_upload_joins_its_day_or_starts_one():
    listing = loaded([[image(9, 5), image(7, 4), image(6, 4)]])
    apply(listing, listing.added(image(10, 5)))   # newest, same day as the top
    assert shape(listing) == ["D5", "i10", "i9", "D4", "i7", "i6"]
    apply(listing, listing.added(image(12, 6)))   # a new day on top
    assert shape(listing) == ["D6", "i12", "D5", "i10", "i9", "D4", "i7", "i6"]
    apply(listing, listing.added(image(8, 5)))    # the last of day 5
    assert shape(listing) == ["D6", "i12", "D5", "i10", "i9", "i8", "D4", "i7", "i6"]
    apply(listing, listing.added(image(3, 1)))    # older than all, no more pages: appended
    assert shape(listing)[-2:] == ["D1", "i3"]
    assert listing.added(image(9, 5)) == []        # listed already


def test_a_new_upload_older_than_the_loaded_pages_waits_for_its_page():
    listing = loaded([[image(9, 5), image(8, 5), image(7, 4)]], cursor_after_last="more")
    assert listing.added(image(2, 1)) == []


def test_a_new_upload_that_does_not_match_the_filter_stays_out():
    listing = GalleryListing()
    apply(listing, listing.restart("ﬁsh"))  # NFKC: the ligature matches "fish"
    request = listing.next_request()
    apply(listing, listing.page_arrived(request.generation, [], None)[0])
    assert listing.added(image(1, 1, "cat.jpg")) == []
    assert listing.added(image(2, 1, "Big FISH.jpg"))
    assert normalise_name("ﬁsh") == "fish"


def test_removing_the_last_image_of_a_day_removes_its_header():
    listing = loaded([[image(9, 5), image(8, 5), image(7, 4)], [image(6, 3)]])
    assert listing.removed(image(9, 5).id) == [Remove(1, 1)]
    apply(listing, listing.removed(image(7, 4).id))
    assert shape(listing) == ["D5", "i9", "i8", "D3", "i6"]
    apply(listing, listing.removed(image(6, 3).id))
    assert shape(listing) == ["D5", "i9", "i8"]
    assert listing.removed("01jzz000000000000000000000") == []


def test_restart_removes_every_row_and_starts_paging_again():
    listing = loaded([[image(9, 5)]])
    assert listing.restart() == [Remove(0, 2)]
    apply(listing, [Remove(0, 2)])
    assert listing.rows == [] and listing.can_fetch_more()
    assert isinstance(listing.added(image(1, 1)), list)


def test_days_are_local_calendar_days():
    listing = loaded([[image(9, 5)]])
    assert listing.rows[0].day == date(2025, 3, 5)
    assert isinstance(listing.added(image(10, 5))[0], Insert)


def taken(n: int, when: str, **facts) -> ImageInfo:
    """Image number n (larger = uploaded later, all on 2025-03-09) taken at `when`."""
    return dataclasses.replace(image(n, 9), taken_at=when, taken_at_source="exif", **facts)


def test_by_date_taken_days_are_the_cameras_own_and_new_uploads_find_their_place():
    listing = GalleryListing(page_size=3)  # Selection() is by date taken
    request = listing.next_request()
    assert request.selection.params() == {"order": "taken"}
    changes, _ = listing.page_arrived(request.generation, [
        taken(1, "2024-07-02T01:00:00+09:00"), taken(3, "2024-07-01T23:30:00-05:00"),
        taken(2, "2024-06-30T12:00:00")], None)
    apply(listing, changes)
    # An offset never moves a photo to another day: 23:30 at -05:00 is still July 1.
    assert shape(listing) == ["D2", "i1", "D1", "i3", "D30", "i2"]
    apply(listing, listing.added(taken(4, "2024-07-01T08:00:00")))  # an old photo, new upload
    assert shape(listing) == ["D2", "i1", "D1", "i3", "i4", "D30", "i2"]
    apply(listing, listing.added(taken(5, "2024-06-29T00:00:00")))
    assert shape(listing) == ["D2", "i1", "D1", "i3", "i4", "D30", "i2", "D29", "i5"]
    assert listing.newest_id == image(5, 9).id


def test_a_selection_filters_new_uploads_and_names_its_parameters():
    chosen = Selection(camera="Canon EOS R5", since=date(2024, 7, 1), until=date(2024, 7, 1))
    assert chosen.params() == {"order": "taken", "camera": "Canon EOS R5", "from": "2024-07-01",
                               "to": "2024-07-01"}
    listing = GalleryListing(selection=chosen)
    canon = {"camera": {"name": "Canon EOS R5", "lens": None}}
    assert listing.matches(taken(1, "2024-07-01T10:00:00", **canon))
    assert not listing.matches(taken(2, "2024-07-02T10:00:00", **canon))
    assert not listing.matches(taken(3, "2024-07-01T10:00:00"))  # no camera known
    by_upload = GalleryListing(selection=Selection(order=UPLOADED))
    assert by_upload.selection.day_of(taken(1, "2020-01-01T00:00:00")) == date(2025, 3, 9)
