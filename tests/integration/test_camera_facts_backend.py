"""What the camera knew, end to end on the real local backend: the client's upload carries the
file's time and the location choice, resize reads the facts, the gallery lists by date taken
with date/camera/lens filters from its taken/ index, and facets name the cameras."""

from __future__ import annotations

import secrets

import imagegen
import rawgen
from helpers import Api, sha256_b64

from desktop.client.api import ApiClient, UploadRequest


def _upload(api: Api, name: str, data: bytes, content_type: str = "image/jpeg",
            **fields) -> str:
    response = api.session.post(f"{api.base}/uploads", json={
        "filename": name, "content_type": content_type, "size": len(data),
        "sha256": sha256_b64(data), "allow_duplicates": True, **fields}, timeout=30)
    assert response.status_code == 201, response.text
    assert Api.put(response.json(), data).status_code == 200
    return response.json()["id"]


def test_facts_order_and_filters_on_the_local_backend(local_backend):
    api = Api(local_backend)
    lens = f"Lens {secrets.token_hex(4)}"  # a lens no other test uses: its own index prefix
    camera = f"Cam {secrets.token_hex(4)}"
    shots = {
        "evening.jpg": imagegen.jpeg_with(imagegen.camera_exif(
            taken="1902:03:04 21:00:00", offset="+09:00", make=None, model=camera, lens=lens,
            gps=True)),
        "morning.jpg": imagegen.jpeg_with(imagegen.camera_exif(
            taken="1902:03:04 07:00:00", make=None, model=camera, lens=lens, gps=True)),
        "next-day.heic": imagegen.heic_with(imagegen.camera_exif(
            taken="1902:03:05 12:00:00", offset="-03:00", make=None, model=camera, lens=lens)),
    }
    made = {}
    for name, data in shots.items():
        kind = "image/heic" if name.endswith(".heic") else "image/jpeg"
        made[name] = _upload(api, name, data, kind, keep_location=name == "evening.jpg")
    dng = rawgen.dng((256, 192), make="Leica", taken="1902:03:03 10:00:00")
    made["old.dng"] = _upload(api, "old.dng", dng, "image/x-adobe-dng")
    screenshot = imagegen.png((64, 48))
    made["shot.png"] = _upload(api, "shot.png", screenshot, "image/png",
                               file_time="1902-03-03T08:00:00+01:00")
    images = {name: api.wait_done(image_id) for name, image_id in made.items()}
    assert {image["status"] for image in images.values()} == {"ready"}, images

    evening = images["evening.jpg"]
    assert (evening["taken_at"], evening["taken_at_source"]) == ("1902-03-04T21:00:00+09:00",
                                                                 "exif")
    assert evening["camera"]["name"] == camera and evening["camera"]["lens"] == lens
    assert round(evening["location"]["latitude"], 2) == -33.86  # this upload asked for it
    assert images["morning.jpg"]["location"] is None  # off by default
    assert images["morning.jpg"]["taken_at"] == "1902-03-04T07:00:00"  # naive stays naive
    assert images["next-day.heic"]["taken_at"] == "1902-03-05T12:00:00-03:00"
    assert images["old.dng"]["camera"]["name"] == "Leica Test DNG"
    assert (images["shot.png"]["taken_at"], images["shot.png"]["taken_at_source"]) == (
        "1902-03-03T08:00:00+01:00", "file")

    def listed(**query) -> list[str]:
        response = api.session.get(f"{api.base}/images", params={"order": "taken", **query},
                                   timeout=30)
        assert response.status_code == 200, response.text
        return [item["filename"] for item in response.json()["items"]]

    assert listed(lens=lens) == ["next-day.heic", "evening.jpg", "morning.jpg"]
    assert listed(camera=camera, **{"from": "1902-03-04", "to": "1902-03-04"}) == [
        "evening.jpg", "morning.jpg"]
    assert listed(**{"from": "1902-03-03", "to": "1902-03-03"}) == ["old.dng", "shot.png"]
    facets = api.session.get(f"{api.base}/images/facets", timeout=30).json()
    assert camera in facets["cameras"] and lens in facets["lenses"]

    # The desktop client reads the same (and sends the file's time itself).
    client = ApiClient(local_backend["api_url"], local_backend["token"])
    try:
        page, _ = client.list_images(limit=5, selection={"order": "taken", "lens": lens})
        assert [image.taken_at for image in page][:1] == ["1902-03-05T12:00:00-03:00"]
        assert camera in client.facets()[0]
        assert UploadRequest("a.jpg", "image/jpeg", 1, "x", file_time="1902-03-03T08:00:00+01:00",
                             keep_location=True).as_json()["keep_location"] is True
    finally:
        client.close()

    # Deleting a photo takes it out of its camera's and lens's listings and, the last one
    # gone, out of the facets (SeaweedFS keeps the emptied folder: facets look inside).
    for image_id in made.values():
        assert api.session.delete(f"{api.base}/images/{image_id}", timeout=30).status_code == 204
    assert listed(lens=lens) == []
    facets = api.session.get(f"{api.base}/images/facets", timeout=30).json()
    assert camera not in facets["cameras"] and lens not in facets["lenses"]
