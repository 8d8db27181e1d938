"""TIFF variants made on the fly (issue 17 items 6 and 9): 16-bit CIELab, subsampled YCbCr as
cameras write it, WebP-compressed, and encodings nothing here renders. Every function
returns bytes."""

from __future__ import annotations

import io
import struct

import numpy as np
import tifffile
from PIL import Image


def lab16(lab: np.ndarray, *, icclab: bool = False, compression: str | None = None,
          orientation: int | None = None) -> bytes:
    """H x W x 3 CIELAB floats (L* 0-100, a* and b* about -128..127) as a 16-bit Lab TIFF:
    CIELab (photometric 8: a and b signed, 1/256 units) or ICCLab (9: offset by 32768)."""
    samples = np.empty(lab.shape, np.uint16)
    samples[..., 0] = np.round(lab[..., 0] * 65535 / 100)
    ab = np.round(lab[..., 1:] * 256).astype(np.int32)
    samples[..., 1:] = (ab + 32768) if icclab else (ab & 0xFFFF)
    out = io.BytesIO()
    extratags = [(274, "H", 1, orientation, True)] if orientation else []
    tifffile.imwrite(out, samples, photometric="icclab" if icclab else "cielab",
                     compression=compression, extratags=extratags)
    return out.getvalue()


def ycbcr_subsampled(im: Image.Image, subsampling=(2, 1),
                     reference=(0, 255, 128, 255, 128, 255)) -> bytes:
    """An uncompressed YCbCr TIFF with chroma subsampling (Fujifilm's in-camera TIFFs are
    4:2:2, i.e. (2, 1)), written by hand: tifffile subsamples only for JPEG. `reference` is
    its ReferenceBlackWhite: (0, 255, 128, 255, 128, 255) full range, (16, 235, 128, 240,
    128, 240) video range."""
    across, down = subsampling
    width, height = im.size
    assert width % across == 0 and height % down == 0
    ycbcr = np.asarray(im.convert("YCbCr"), np.float64)  # JPEG's full-range BT.601
    y_black, y_white, cb_black, cb_white, cr_black, cr_white = reference
    y = ycbcr[..., 0] * (y_white - y_black) / 255 + y_black
    cb = (ycbcr[..., 1] - 128) * (cb_white - cb_black) / 127 + cb_black
    cr = (ycbcr[..., 2] - 128) * (cr_white - cr_black) / 127 + cr_black
    blocks_y = y.reshape(height // down, down, width // across, across).transpose(0, 2, 1, 3)
    def mean(c):
        return c.reshape(height // down, down, width // across, across).mean(axis=(1, 3))

    units = np.concatenate([blocks_y.reshape(height // down, width // across, -1),
                            mean(cb)[..., None], mean(cr)[..., None]], axis=-1)
    pixels = np.clip(units.round(), 0, 255).astype(np.uint8).tobytes()
    entries = [  # tag, type, values
        (256, 4, [width]), (257, 4, [height]), (258, 3, [8, 8, 8]), (259, 3, [1]),
        (262, 3, [6]), (273, 4, [0]), (277, 3, [3]), (278, 4, [height]),
        (279, 4, [len(pixels)]), (284, 3, [1]), (530, 3, [across, down]),
        (531, 3, [2]), (532, 5, [v for value in reference for v in (value, 1)]),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    extra, data = 8 + ifd_size, b""
    fields = []
    for tag, kind, values in entries:
        code = {3: "H", 4: "I", 5: "I"}[kind]
        packed = struct.pack(f"<{len(values)}{code}", *values)
        count = len(values) // (2 if kind == 5 else 1)
        if len(packed) <= 4:
            fields.append(struct.pack("<HHI", tag, kind, count) + packed.ljust(4, b"\0"))
        else:
            fields.append(struct.pack("<HHII", tag, kind, count, extra + len(data)))
            data += packed
    pixel_offset = extra + len(data)
    fields[5] = struct.pack("<HHII", 273, 4, 1, pixel_offset)
    ifd = struct.pack("<H", len(entries)) + b"".join(fields) + struct.pack("<I", 0)
    return b"II*\0" + struct.pack("<I", 8) + ifd + data + pixels


def webp(im: Image.Image, *, tile: tuple[int, int] | None = None, lossless: bool = True) -> bytes:
    """A WebP-compressed TIFF (compression 50001) of `im` (RGB or RGBA), in strips or tiles,
    as tifffile with imagecodecs writes it (libtiff's layout: one WebP per strip or tile)."""
    out = io.BytesIO()
    extrasamples = ["unassalpha"] if im.mode == "RGBA" else None
    tifffile.imwrite(out, np.asarray(im), compression="webp", tile=tile,
                     compressionargs={"level": 100, "lossless": lossless},
                     extrasamples=extrasamples)
    return out.getvalue()


def with_compression(data: bytes, code: int) -> bytes:
    """`data` (a TIFF) relabelled as compressed with `code`: what the header says is all that
    a refusal by name looks at."""
    patched = bytearray(data)
    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        tag = tif.pages[0].tags["Compression"]
        patched[tag.valueoffset:tag.valueoffset + 2] = code.to_bytes(2, "little")
    return bytes(patched)


def with_photometric(data: bytes, code: int) -> bytes:
    patched = bytearray(data)
    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        tag = tif.pages[0].tags["PhotometricInterpretation"]
        patched[tag.valueoffset:tag.valueoffset + 2] = code.to_bytes(2, "little")
    return bytes(patched)
