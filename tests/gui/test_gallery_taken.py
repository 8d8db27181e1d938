"""The gallery by date taken against the real local backend: the order, a header per day taken,
Sort by upload time, the camera filter, the info panel's facts and the viewer's caption."""

from __future__ import annotations

import secrets
from datetime import date

import imagegen
from photos import unique
from uploads import upload_paths

from desktop.client.gallery_listing import TAKEN, UPLOADED, Selection
from desktop.ui.gallery.gallery_model import HeaderRole, day_title
from desktop.ui.gallery.viewer import ImageViewer

# Written in this order (so uploaded in it): the dates taken order them otherwise. Far in the
# past, so nothing another test uploads lands between them.
SHOTS = [
    ("1901:05:02 09:00:00", "+02:00", "Canon EOS R5", "RF24-70mm F2.8 L IS USM"),
    ("1901:05:03 20:15:00", None, "NIKON Z 6", "NIKKOR Z 50mm f/1.8 S"),
    ("1901:05:02 18:30:05", "-07:00", "Canon EOS R5", "RF100mm F2.8 L MACRO IS USM"),
]


def shapes(model) -> list[str]:
    return [model.index(row).data() if model.index(row).data(HeaderRole)
            else model.image_at(row).filename for row in range(model.rowCount())]


def test_sorted_by_date_taken_with_a_header_per_day_and_by_upload_time(
        make_window, qtbot, tmp_path):
    tag = secrets.token_hex(4)  # the backend is shared: names no other test uses
    paths = []
    for n, (taken, offset, camera, lens) in enumerate(SHOTS):
        make, _, model_name = camera.partition(" ")
        exif = imagegen.camera_exif(taken=taken, offset=offset, make=make,
                                    model=camera if make == "Canon" else model_name, lens=lens)
        path = tmp_path / f"{tag}-{n}.jpg"
        path.write_bytes(unique(imagegen.jpeg_with(exif)))
        paths.append(path)
    window = make_window()
    uploaded = upload_paths(window, qtbot, paths)
    gallery = window.gallery_view
    model = gallery.model
    assert gallery.filters.selection().order == TAKEN  # the default
    window.tabs.setCurrentWidget(gallery)
    gallery.filter.setText(tag)
    gallery.apply_filter()
    qtbot.waitUntil(lambda: model.listing.image_count() == 3 and not model.loading,
                    timeout=60_000)
    # Newest taken first, each under the day on the camera's clock (offsets don't move it).
    assert shapes(model) == [day_title(date(1901, 5, 3)), f"{tag}-1.jpg",
                             day_title(date(1901, 5, 2)), f"{tag}-2.jpg", f"{tag}-0.jpg"]

    # The info panel says what the camera knew; a naive time is shown as such.
    gallery.list.setCurrentIndex(model.index(1))
    info = gallery.info.values
    assert info["camera"].text() == "NIKON Z 6" and info["camera"].isVisible()
    assert info["lens"].text() == "NIKKOR Z 50mm f/1.8 S"
    assert "no time zone" in info["taken"].text()
    assert info["exposure"].text() == "35 mm, f/2.8, 1/250 s, ISO 400"
    assert not info["location"].isVisible()  # location is off by default
    gallery.list.setCurrentIndex(model.index(3))
    assert "(UTC−07:00)" in info["taken"].text()
    viewer = gallery.open_viewer(model.index(3))
    assert isinstance(viewer, ImageViewer)
    assert "Canon EOS R5" in viewer.taken.text() and "UTC−07:00" in viewer.taken.text()
    viewer.close()

    # Sort by upload time: the upload order, under today's header.
    gallery.filters.order.setCurrentIndex(gallery.filters.order.findData(UPLOADED))
    assert model.selection == Selection(order=UPLOADED)
    qtbot.waitUntil(lambda: model.listing.image_count() == 3 and not model.loading,
                    timeout=60_000)
    assert shapes(model)[0] == "Today" and len(shapes(model)) == 4
    assert [image.id for image in model.images()] == sorted((i.id for i in uploaded),
                                                            reverse=True)

    # The cameras the server names are offered; choosing one lists only its photos.
    qtbot.waitUntil(lambda: gallery.filters.camera.findData("NIKON Z 6") > 0, timeout=60_000)
    gallery.filters.order.setCurrentIndex(gallery.filters.order.findData(TAKEN))
    gallery.filters.camera.setCurrentIndex(gallery.filters.camera.findData("Canon EOS R5"))
    qtbot.waitUntil(lambda: model.listing.image_count() == 2 and not model.loading,
                    timeout=60_000)
    assert [image.filename for image in model.images()] == [f"{tag}-2.jpg", f"{tag}-0.jpg"]
    # A day range on the camera's clock.
    gallery.filters.since.setDate(date(1901, 5, 2))
    gallery.filters.until.setDate(date(1901, 5, 2))
    gallery.filters.camera.setCurrentIndex(0)
    gallery.filters.dated.setChecked(True)
    qtbot.waitUntil(lambda: model.listing.image_count() == 2 and not model.loading,
                    timeout=60_000)
    assert [image.filename for image in model.images()] == [f"{tag}-2.jpg", f"{tag}-0.jpg"]
