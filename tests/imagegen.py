"""Test images made on the fly (no binary fixtures in the repo). Every function returns bytes.

Pictures are drawn so a test can tell which way up they are, mirrored or not:
the stored top half is red, the bottom half blue, with a green square in the
top-left corner (side: a quarter of the shorter edge).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms

RED = (220, 30, 30)
BLUE = (30, 30, 220)
GREEN = (30, 200, 30)
ORIENTATION = 0x0112
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003


def two_tone(size: tuple[int, int] = (640, 480), mode: str = "RGB") -> Image.Image:
    """Top half red, bottom half blue, green top-left square, in `mode` (RGB or RGBA)."""
    width, height = size
    im = Image.new(mode, size, BLUE)
    im.paste(RED, (0, 0, width, height // 2))
    side = min(size) // 4
    im.paste(GREEN, (0, 0, side, side))
    return im


def _save(im: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def jpeg(size=(640, 480), *, orientation: int | None = None, gps: bool = False,
         icc: bytes | None = None, xmp: bool = False, taken: str | None = None) -> bytes:
    """A two-tone JPEG, optionally with an EXIF orientation, a GPS position, ICC, XMP and a
    DateTimeOriginal (`taken`, "YYYY:MM:DD HH:MM:SS")."""
    exif = Image.Exif()
    if taken is not None:
        exif[EXIF_IFD] = {DATE_TIME_ORIGINAL: taken}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 54.0, 0.0)}
    params = {"quality": 92, "exif": exif.tobytes()}
    if icc is not None:
        params["icc_profile"] = icc
    if xmp:
        params["xmp"] = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>here</secret></x:xmpmeta>'
    return _save(two_tone(size), "JPEG", **params)


def camera_exif(*, taken: str | None = None, offset: str | None = None,
                make: str | None = "Canon", model: str | None = "Canon EOS R5",
                lens: str | None = "RF24-70mm F2.8 L IS USM", gps: bool = False,
                digitized: str | None = None) -> Image.Exif:
    """EXIF as a camera writes it: make/model in IFD0; date (with OffsetTimeOriginal when
    `offset` is given), exposure and lens in the EXIF IFD; a GPS position when asked."""
    exif = Image.Exif()
    if make:
        exif[0x010F] = make
    if model:
        exif[0x0110] = model
    details = {0x829A: 1 / 250, 0x829D: 2.8, 0x8827: 400, 0x920A: 35.0}
    if taken:
        details[DATE_TIME_ORIGINAL] = taken
    if offset:
        details[0x9011] = offset
    if digitized:
        details[0x9004] = digitized
    if lens:
        details[0xA434] = lens
    exif[EXIF_IFD] = details
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (33.0, 51.0, 36.0), 3: "E", 4: (151.0, 12.0, 0.0),
                         5: b"\x00", 6: 58.0}
    return exif


def jpeg_with(exif: Image.Exif | None = None, *, xmp: bytes | None = None,
              size=(320, 240)) -> bytes:
    """A two-tone JPEG carrying exactly the given EXIF and XMP."""
    params = {"quality": 90}
    if exif is not None:
        params["exif"] = exif.tobytes()
    if xmp is not None:
        params["xmp"] = xmp
    return _save(two_tone(size), "JPEG", **params)


def heic_with(exif: Image.Exif, size=(320, 240)) -> bytes:
    """A two-tone HEIC carrying the given EXIF (as an iPhone's does)."""
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(two_tone(size)).save(out, quality=80, exif=exif.tobytes())
    return out.getvalue()


def png(size=(640, 480), mode: str = "RGBA", *, icc: bytes | None = None) -> bytes:
    """A two-tone PNG in RGB, RGBA or LA; with alpha, the right quarter is fully transparent."""
    im = two_tone(size, "RGBA")
    if mode in ("RGBA", "LA"):
        im.paste((0, 0, 0, 0), (size[0] * 3 // 4, 0, size[0], size[1]))
    im = im.convert(mode)
    return _save(im, "PNG", **({"icc_profile": icc} if icc else {}))


def palette_png(size=(320, 240)) -> bytes:
    """Mode P with a transparent palette entry (the right quarter)."""
    width, height = size
    im = Image.new("P", size, 1)
    im.putpalette([*RED, *BLUE, *GREEN, 0, 0, 0])
    im.paste(0, (0, 0, width, height // 2))
    im.paste(2, (0, 0, min(size) // 4, min(size) // 4))
    im.paste(3, (width * 3 // 4, 0, width, height))
    return _save(im, "PNG", transparency=3)


def bilevel_png(size=(320, 240)) -> bytes:
    """Mode 1: white top half, black bottom half."""
    im = Image.new("1", size, 0)
    im.paste(1, (0, 0, size[0], size[1] // 2))
    return _save(im, "PNG")


def gray16_png(size=(320, 240)) -> bytes:
    """A 16-bit grayscale PNG (mode I;16): bright top half (60000), dark bottom (8000)."""
    width, height = size
    top, bottom = (struct.pack("<H", v) * width for v in (60000, 8000))
    pixels = top * (height // 2) + bottom * (height - height // 2)
    return _save(Image.frombytes("I;16", size, pixels), "PNG")


def cmyk_jpeg(size=(320, 240), colour=(255, 0, 0, 0)) -> bytes:
    """A CMYK JPEG of one colour (default pure cyan)."""
    return _save(Image.new("CMYK", size, colour), "JPEG", quality=95)


# CMYK patches a press prints often: inks alone, two-colour overprints, skin and greys, a rich
# black and paper white (C, M, Y, K as 0-255).
CMYK_PATCHES = (
    (255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 255, 0), (0, 0, 0, 255), (255, 255, 0, 0),
    (255, 0, 255, 0), (0, 255, 255, 0), (0, 0, 0, 0), (40, 90, 120, 10), (20, 60, 80, 0),
    (128, 128, 128, 0), (0, 0, 0, 128), (150, 120, 110, 250), (64, 0, 16, 32),
    (200, 40, 10, 60), (10, 180, 200, 20), (90, 10, 200, 90), (30, 30, 30, 30),
    (180, 180, 0, 100), (0, 100, 255, 0), (255, 128, 0, 40), (60, 200, 40, 0),
    (110, 0, 130, 160), (0, 0, 60, 200),
)
PATCH = 40  # pixels a side


def cmyk_chart(icc: bytes | None = None) -> Image.Image:
    """The CMYK_PATCHES as a 6x4 chart of 40-pixel squares, 240x160."""
    im = Image.new("CMYK", (6 * PATCH, 4 * PATCH))
    for i, colour in enumerate(CMYK_PATCHES):
        x, y = (i % 6) * PATCH, (i // 6) * PATCH
        im.paste(colour, (x, y, x + PATCH, y + PATCH))
    if icc is not None:
        im.info["icc_profile"] = icc
    return im


# sRGB patches: primaries, secondaries, skin, sky, foliage, greys, near-black and white.
RGB_PATCHES = (
    (220, 30, 30), (30, 200, 30), (30, 30, 220), (0, 170, 200), (200, 0, 160), (240, 220, 20),
    (200, 150, 120), (110, 160, 220), (60, 110, 40), (250, 250, 250), (128, 128, 128),
    (10, 10, 10), (255, 128, 0), (120, 60, 20), (90, 40, 140), (180, 220, 160),
    (255, 200, 200), (40, 60, 90), (200, 200, 60), (60, 200, 200), (100, 100, 100),
    (230, 120, 170), (20, 90, 60), (170, 170, 220),
)


def rgb_chart(mode: str = "RGB") -> Image.Image:
    """The RGB_PATCHES as a 6x4 chart of 40-pixel squares, 240x160; in RGBA the bottom row
    is half transparent and its last patch fully."""
    im = Image.new(mode, (6 * PATCH, 4 * PATCH))
    for i, colour in enumerate(RGB_PATCHES):
        x, y = (i % 6) * PATCH, (i // 6) * PATCH
        alpha = (0 if i == len(RGB_PATCHES) - 1 else 128) if i >= 18 else 255
        im.paste(colour + ((alpha,) if mode == "RGBA" else ()), (x, y, x + PATCH, y + PATCH))
    return im


def cmyk_chart_jpeg(icc: bytes | None = None) -> bytes:
    """The chart as a CMYK JPEG (Pillow writes Adobe's APP14 marker and inverted inks, as
    Photoshop does), with `icc` embedded when given."""
    params = {"quality": 100, "subsampling": 0}
    if icc is not None:
        params["icc_profile"] = icc
    return _save(cmyk_chart(), "JPEG", **params)


def bitfield_bmp(im: Image.Image, bits: int, masks: tuple[int, int, int, int], *,
                 header: int = 40, compression: int = 3, top_down: bool = False) -> bytes:
    """`im` (RGB or RGBA) as a BI_BITFIELDS (3) or BI_ALPHABITFIELDS (6) BMP with `masks`
    (red, green, blue, alpha), a BITMAPINFOHEADER (40, masks after it) or V4/V5 (108/124)."""
    import numpy as np

    pixels = np.asarray(im.convert("RGBA"), np.uint64)
    value = np.zeros(pixels.shape[:2], np.uint64)
    for channel, mask in enumerate(masks):
        if mask:
            shift = (mask & -mask).bit_length() - 1
            top = mask >> shift
            value |= ((pixels[..., channel] * top + 127) // 255) << np.uint64(shift)
    dtype = "<u2" if bits == 16 else "<u4"
    width, height = im.size
    stride = ((width * bits + 31) // 32) * 4
    rows = np.zeros((height, stride), np.uint8)
    rows[:, :width * bits // 8] = value.astype(dtype).view(np.uint8).reshape(height, -1)
    data = (rows if top_down else rows[::-1]).tobytes()
    info = struct.pack("<IiiHHIIiiII", header, width, -height if top_down else height, 1, bits,
                       compression, len(data), 2835, 2835, 0, 0)
    if header == 40:
        info += struct.pack("<4I" if compression == 6 else "<3I",
                            *masks[:4 if compression == 6 else 3])
    else:
        info += struct.pack("<4I", *masks) + bytes(header - 56)
    at = 14 + len(info)
    return b"BM" + struct.pack("<IHHI", at + len(data), 0, 0, at) + info + data


def animated_gif(size=(200, 100)) -> bytes:
    """Three frames: red, green, blue. The first frame is red."""
    frames = [Image.new("RGB", size, c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def heic(size=(640, 480)) -> bytes:
    """A two-tone HEIC (HEVC in HEIF), encoded by pillow-heif."""
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(two_tone(size)).save(out, quality=90)
    return out.getvalue()


def mpo(size=(640, 480)) -> bytes:
    """A two-tone JPEG followed by a second (white) picture, as iPhones and Fujifilm write them."""
    second = Image.new("RGB", size, (255, 255, 255))
    return _save(two_tone(size), "MPO", save_all=True, append_images=[second])


def tiff(size=(320, 240)) -> bytes:
    return _save(two_tone(size), "TIFF")


def webp_rgba(size=(320, 240)) -> bytes:
    return _save(two_tone(size, "RGBA"), "WEBP", lossless=True)


def truncated(data: bytes) -> bytes:
    """The first half of `data`: the header parses, the pixels run out."""
    return data[: len(data) // 2]


def text() -> bytes:
    return b"Shopping list:\n- milk\n- eggs\n"


def svg() -> bytes:
    return (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
            b'height="10"><rect width="10" height="10" fill="red"/></svg>\n')


def empty() -> bytes:
    return b""


def decompression_bomb(width: int = 12000, height: int = 10000) -> bytes:
    """A real, valid 1-bit PNG of width x height black pixels that is only a few KB on disk."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


def swapped_primaries_icc() -> bytes:
    """An RGB ICC profile like sRGB but with the red and green primaries exchanged.

    Pure red pixels tagged with it mean sRGB green, so a converted rendition turns
    green while one that ignored the profile stays red.
    """
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack_from(">I", profile, 128)
    entries = {}
    for i in range(count):
        at = 132 + 12 * i
        entries[bytes(profile[at : at + 4])] = at
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    red_ref, green_ref = profile[red + 4 : red + 12], profile[green + 4 : green + 12]
    profile[red + 4 : red + 12], profile[green + 4 : green + 12] = green_ref, red_ref
    return bytes(profile)
