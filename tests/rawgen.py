"""Camera RAW test files made on the fly with tifffile (no binary fixtures in the repo).

`dng()` writes a DNG the way cameras and Adobe's converter lay one out: IFD0 holds a preview
(JPEG or uncompressed RGB) and the tags, a SubIFD holds the sensor data as a Bayer (RGGB)
mosaic of imagegen's two-tone picture. LibRaw decodes both, so a test can tell which way up
the rendition came out whichever path made it. ColorMatrix1 is XYZ->linear sRGB, which makes
the "camera" space sRGB: the demosaiced colours come out as drawn (brightened by LibRaw's
auto-exposure, hues unchanged).

`tiff_container()` writes the IFD0 of other TIFF-based RAWs (NEF, ARW, PEF...) for the sniff.
"""

from __future__ import annotations

import io

import numpy as np
import tifffile
from PIL import Image

from tests import imagegen

WHITE = 4000  # 12-bit-ish sensor white level
XYZ_TO_SRGB = (3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.2040, 1.0570)
JPEG_XL_DNG = 52546  # DNG 1.7's JPEG XL compression code


def _srational(values, denominator=10000):
    return [part for v in values for part in (round(v * denominator), denominator)]


# sRGB 8-bit -> linear sensor samples, one table lookup per pixel (50 MP stay cheap).
_LINEAR = np.arange(256) / 255
_LINEAR = (np.where(_LINEAR <= 0.04045, _LINEAR / 12.92, ((_LINEAR + 0.055) / 1.055) ** 2.4)
           * WHITE).astype(np.uint16)


def bayer(picture: Image.Image) -> np.ndarray:
    """The RGGB mosaic a sensor would record for `picture` (sRGB), as 16-bit samples."""
    rgb = np.asarray(picture.convert("RGB"))
    mosaic = np.empty(rgb.shape[:2], np.uint16)
    mosaic[0::2, 0::2] = _LINEAR[rgb[0::2, 0::2, 0]]  # R
    mosaic[0::2, 1::2] = _LINEAR[rgb[0::2, 1::2, 1]]  # G
    mosaic[1::2, 0::2] = _LINEAR[rgb[1::2, 0::2, 1]]  # G
    mosaic[1::2, 1::2] = _LINEAR[rgb[1::2, 1::2, 2]]  # B
    return mosaic


def dng(size=(640, 480), *, orientation: int = 1, preview: str | None = "jpeg",
        preview_size: tuple[int, int] | None = None, preview_exif: bytes | None = None,
        compression: int | str | None = None, make: str = "Thumbdrop",
        picture: Image.Image | None = None, taken: str | None = None) -> bytes:
    """A DNG of `picture` (default imagegen.two_tone(size)), stored unrotated, with
    Orientation `orientation`.

    preview: "jpeg" (the common case), "bitmap" (uncompressed RGB) or None (IFD0 is the
    sensor data itself); preview_size defaults to the sensor's; preview_exif goes into the
    preview JPEG (cameras put their EXIF, GPS included, there too); taken ("YYYY:MM:DD
    HH:MM:SS") is written as IFD0's DateTimeOriginal, the TIFF/EP way many DNGs keep it.
    """
    picture = picture or imagegen.two_tone(size)
    ifd0_tags = [
        (271, "s", 0, make, True), (272, "s", 0, "Test DNG", True),
        (274, "H", 1, orientation, True), (50706, "B", 4, (1, 4, 0, 0), True),
        (50708, "s", 0, f"{make} Test DNG", True),
        (50721, "2i", 9, _srational(XYZ_TO_SRGB), True), (50778, "H", 1, 21, True),
        (50728, "2I", 3, [1, 1, 1, 1, 1, 1], True),
        *([(36867, "s", 0, taken, True)] if taken else []),  # DateTimeOriginal (TIFF/EP)
        (700, "B", 0, b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>here</secret></x:xmpmeta>',
         True),
    ]
    sensor_tags = [(33421, "H", 2, (2, 2), True), (33422, "B", 4, (0, 1, 1, 2), True),
                   (50710, "B", 3, (0, 1, 2), True), (50717, "I", 1, WHITE, True)]
    out = io.BytesIO()
    with tifffile.TiffWriter(out) as tif:
        if preview is None:
            tif.write(bayer(picture), photometric="cfa", subfiletype=0, compression=compression,
                      extratags=ifd0_tags + sensor_tags, metadata=None)
        else:
            shown = picture.resize(preview_size) if preview_size else picture
            _write_preview(tif, shown, preview, preview_exif, ifd0_tags)
            tif.write(bayer(picture), photometric="cfa", subfiletype=0, compression=compression,
                      extratags=sensor_tags, metadata=None)
    return out.getvalue()


def _write_preview(tif, shown: Image.Image, kind: str, exif: bytes | None, tags) -> None:
    common = {"subfiletype": 1, "subifds": 1, "extratags": tags, "metadata": None}
    if kind == "bitmap":
        tif.write(np.asarray(shown.convert("RGB")), photometric="rgb", **common)
        return
    jpeg = io.BytesIO()
    shown.save(jpeg, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    encoded = jpeg.getvalue()
    if exif and encoded[2:4] == b"\xff\xe0":
        # Cameras begin with their EXIF segment; Pillow writes a JFIF one first.
        encoded = encoded[:2] + encoded[4 + int.from_bytes(encoded[4:6], "big"):]
    width, height = shown.size
    # The camera's JPEG, stored as one strip exactly as encoded.
    tif.write(iter([encoded]), shape=(height, width, 3), dtype=np.uint8,
              photometric="ycbcr", subsampling=(2, 2), compression="jpeg",
              rowsperstrip=height, **common)


def tiff_container(make: str | None, *, subifds: bool = True, photometric: str = "rgb") -> bytes:
    """A TIFF whose IFD0 looks like that of a camera maker's RAW (a thumbnail with SubIFDs
    holding the sensor data), or with subifds=False like a camera's plain TIFF photo."""
    thumbnail = np.asarray(imagegen.two_tone((160, 120)))
    tags = [(271, "s", 0, make, True)] if make else []
    out = io.BytesIO()
    with tifffile.TiffWriter(out) as tif:
        if subifds:
            tif.write(thumbnail, photometric="rgb", subfiletype=1, subifds=1, extratags=tags,
                      metadata=None)
            tif.write(bayer(imagegen.two_tone((64, 48))), photometric="cfa", metadata=None)
        elif photometric == "cfa":
            tif.write(bayer(imagegen.two_tone((64, 48))), photometric="cfa", extratags=tags,
                      metadata=None)
        else:
            tif.write(thumbnail, photometric="rgb", extratags=tags, metadata=None)
    return out.getvalue()
