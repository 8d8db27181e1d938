"""Camera RAW in, the same two renditions out: LibRaw (rawpy) decodes, imaging.render finishes.

Most cameras embed a full-size (or at least 1600 px) JPEG preview: the picture as the camera
rendered it, at a fraction of a demosaic's cost. It is used whenever it covers what the
renditions need and has the sensor's shape; otherwise the sensor data is demosaiced, at half
size (each 2x2 Bayer block becomes one pixel, no interpolation) whenever that still covers the
renditions. Either way the pixels then go through imaging.render like every other image: same
sizes, same sRGB conversion, and nothing but pixels in the WebP files.

Orientation: the preview JPEG's own EXIF orientation when it has one, else the RAW's
(LibRaw's sizes.flip; LibRaw also writes it into the EXIF block it puts before a preview that
has none). LibRaw turns a demosaiced image upright itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import os
import types
import warnings
from collections.abc import Iterator
from typing import BinaryIO

import rawpy
from PIL import Image

from backend.common.error_codes import reason
from backend.common.raw_formats import CameraRaw

from . import imaging
from .imaging import DAMAGED, ImageRejected, Renditions

log = logging.getLogger(__name__)

# LibRaw's sizes.flip (dcraw's encoding) -> the EXIF orientation it came from.
_FLIP_TO_ORIENTATION = {0: 1, 1: 2, 2: 4, 3: 3, 4: 5, 5: 8, 6: 6, 7: 7}
# A preview may be a few pixels narrower than the sensor's visible area (cropped margins),
# never a different shape: a letterboxed or rotated preview would show the wrong picture.
SIZE_TOLERANCE = 0.97
ASPECT_TOLERANCE = 0.03


@dataclasses.dataclass(frozen=True)
class _Sensor:
    width: int  # visible area, as stored
    height: int
    orientation: int  # EXIF orientation of the RAW

    @property
    def upright(self) -> tuple[int, int]:
        turned = self.orientation >= 5
        return (self.height, self.width) if turned else (self.width, self.height)


def make_renditions(data: BinaryIO, camera_raw: CameraRaw, max_pixels: int) -> Renditions:
    """Both renditions of the camera RAW in `data` (seekable; a spooled file stays on disk)."""
    content_type = camera_raw.content_type
    if content_type is None:
        raise ImageRejected(camera_raw.refusal)
    with _opened(data, camera_raw) as raw:
        sensor = _sensor(raw, content_type, max_pixels)
        preview = _usable_preview(raw, sensor)
    # LibRaw's buffers are freed here, before Pillow decodes and resamples.
    if preview is not None:
        try:
            return _as_raw(imaging.render(preview, content_type, max_pixels, sensor.orientation),
                           sensor)
        except ImageRejected as exc:
            log.info("the embedded preview is unusable (%s); demosaicing instead", exc)
    with _opened(data, camera_raw) as raw:
        picture = _demosaic(raw, camera_raw, sensor)
    return _as_raw(imaging.render(picture, content_type, max_pixels), sensor)


def _as_raw(renditions: Renditions, sensor: _Sensor) -> Renditions:
    # The facts are the RAW's: a 6000x4000 sensor is 6000x4000 even if its preview is smaller.
    width, height = sensor.upright
    return dataclasses.replace(renditions, width=width, height=height)


@contextlib.contextmanager
def _opened(data: BinaryIO, camera_raw: CameraRaw) -> Iterator[rawpy.RawPy]:
    raw = rawpy.RawPy()
    try:
        try:
            path = _path_of(data)
            if path is not None:
                raw.open_file(path)  # LibRaw reads what it needs from disk, not the whole file
            else:
                raw.open_buffer(_whole_file(data))
        except rawpy.LibRawFileUnsupportedError:
            raise ImageRejected(reason("raw_not_readable", format=camera_raw.name),
                                camera_raw.content_type) from None
        except rawpy.LibRawError as exc:
            log.info("LibRaw could not open the file: %r", exc)
            raise ImageRejected(DAMAGED, camera_raw.content_type) from exc
        yield raw
    finally:
        raw.close()


def _path_of(data: BinaryIO) -> str | None:
    """A path through which LibRaw opens the same file, when `data` is a file on disk.

    The resize handler spools originals to a SpooledTemporaryFile: small ones stay in memory
    (its documented `_file` is then a BytesIO), larger ones roll over to an unnamed temporary
    file that only its descriptor reaches.
    """
    inner = getattr(data, "_file", data)
    if isinstance(inner, io.BytesIO):
        return None
    try:
        descriptor = inner.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    for folder in ("/proc/self/fd", "/dev/fd"):  # Linux (Lambda), then macOS and BSDs
        path = f"{folder}/{descriptor}"
        if os.path.exists(path):
            return path
    return None


def _whole_file(data: BinaryIO):
    """What rawpy's open_buffer reads (every byte, once): an in-memory spool's own buffer
    rather than a copy of it."""
    inner = getattr(data, "_file", data)
    if isinstance(inner, io.BytesIO):
        return types.SimpleNamespace(read=inner.getvalue)
    data.seek(0)
    return data


def _sensor(raw: rawpy.RawPy, content_type: str, max_pixels: int) -> _Sensor:
    sizes = raw.sizes
    if sizes.width == 0 or sizes.height == 0:
        raise ImageRejected(DAMAGED, content_type)
    # The stored sensor area (with its margins) is what LibRaw allocates for: check it too,
    # so a header claiming a small picture on a huge sensor can't exhaust memory.
    pixels = max(sizes.width * sizes.height, sizes.raw_width * sizes.raw_height)
    if pixels > max_pixels:
        raise ImageRejected(imaging.too_large(pixels, max_pixels), content_type)
    return _Sensor(sizes.width, sizes.height, _FLIP_TO_ORIENTATION.get(sizes.flip, 1))


def _usable_preview(raw: rawpy.RawPy, sensor: _Sensor) -> Image.Image | None:
    """The camera's embedded preview when it can stand in for the sensor data, else None."""
    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
        return None
    except rawpy.LibRawError as exc:
        log.info("the embedded preview can't be read (%r); demosaicing instead", exc)
        return None
    if thumb.format == rawpy.ThumbFormat.JPEG:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                preview = Image.open(io.BytesIO(thumb.data), formats=["JPEG"])
        except Exception as exc:  # noqa: BLE001  (any decoder complaint: the sensor data remains)
            log.info("the embedded preview is not a readable JPEG (%r)", exc)
            return None
    else:
        preview = Image.fromarray(thumb.data)
    return preview if covers(preview.size, sensor) else None


def covers(size: tuple[int, int], sensor: _Sensor) -> bool:
    """Whether a preview of `size` (as stored) is big enough and shaped like the sensor."""
    width, height = size
    if width == 0 or height == 0:
        return False
    needed_width, needed_height = imaging.needed_size(sensor.width, sensor.height)
    aspect, sensor_aspect = width / height, sensor.width / sensor.height
    return (width >= needed_width * SIZE_TOLERANCE and height >= needed_height * SIZE_TOLERANCE
            and abs(aspect - sensor_aspect) <= ASPECT_TOLERANCE * sensor_aspect)


def half_size_covers(sensor: _Sensor) -> bool:
    """Whether a half-size decode (one pixel per 2x2 block) still covers both renditions."""
    needed_width, needed_height = imaging.needed_size(sensor.width, sensor.height)
    return sensor.width // 2 >= needed_width and sensor.height // 2 >= needed_height


def _demosaic(raw: rawpy.RawPy, camera_raw: CameraRaw, sensor: _Sensor) -> Image.Image:
    try:
        raw.unpack()
        rgb = raw.postprocess(
            half_size=half_size_covers(sensor),
            use_camera_wb=True,  # the white balance the photographer shot with
            output_bps=8,
            # A small sensor's full-size demosaic is cheap; bilinear is all a 1600 px view needs.
            demosaic_algorithm=rawpy.DemosaicAlgorithm.LINEAR,
        )
    except rawpy.LibRawFileUnsupportedError:
        raise ImageRejected(reason("raw_compression_without_preview", format=camera_raw.name),
                            camera_raw.content_type) from None
    except (rawpy.LibRawUnsufficientMemoryError, rawpy.LibRawMemPoolOverflowError):
        raise  # the function's memory, not the file: the caller retries, then reports it
    except rawpy.LibRawError as exc:
        log.info("LibRaw could not decode the sensor data: %r", exc)
        raise ImageRejected(DAMAGED, camera_raw.content_type) from exc
    return Image.fromarray(rgb)
