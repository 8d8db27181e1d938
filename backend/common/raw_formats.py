"""Camera RAW files, recognised by their real signatures. Shared by the client and resize.

Several RAW formats are TIFF containers (DNG, NEF, CR2, ARW), so "starts like a TIFF" says
nothing: a NEF's first IFD is a 160x120 thumbnail that a TIFF decoder would happily show.
This module reads the header and, for TIFF containers, the entries of IFD0 (and for a DNG
its SubIFDs, to find the raw image's codec), never more than READ_LIMIT bytes, and decides:
a plain TIFF (None), a RAW we take (its content type), or a RAW we can't (a Reason).

The desktop client asks before uploading; the resize function asks before choosing a
decoder, so both sides call the same file the same thing. Standard library only: this runs
in the Lambda bundle and in the desktop app alike.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from .error_codes import Reason, reason
from .image_formats import TIFF_MAGICS

READ_LIMIT = 64 * 1024  # bytes identify() reads at most, header and IFDs together
MAX_ENTRIES = 1024  # more entries than any camera writes: treat as a damaged TIFF
MAX_SUBIFDS = 8
PREVIEW_SIDE = 1600  # the large view's longest side (backend/resize/imaging.py LARGE_MAX)


# TIFF tags and values used below.
_NEW_SUBFILE_TYPE = 254
_WIDTH, _HEIGHT = 256, 257
_COMPRESSION = 259
_PHOTOMETRIC = 262
_MAKE = 271
_SUB_IFDS = 330
_DNG_VERSION = 50706
_CFA, _LINEAR_RAW = 32803, 34892
_RGB, _YCBCR = 2, 6
_PREVIEW_CODECS = (1, 6, 7)  # previews LibRaw extracts: uncompressed and JPEG (not JPEG XL)
# Sensor codecs LibRaw decodes only when built with a vendor SDK (rawpy's wheels are not):
# DNG 1.7's JPEG XL (Adobe's DNG SDK) and GoPro's VC-5 in a GPR file (GoPro's GPR SDK).
# DNG compressions LibRaw can't decode without its SDKs -> the code of the refusal.
_SDK_CODECS = {
    52546: "dng_jpeg_xl_without_preview",
    9: "gopro_gpr_without_preview",
}

DNG = "image/x-adobe-dng"
NEF = "image/x-nikon-nef"
CR2 = "image/x-canon-cr2"
CR3 = "image/x-canon-cr3"
ARW = "image/x-sony-arw"
RAF = "image/x-fuji-raf"
ORF = "image/x-olympus-orf"
RW2 = "image/x-panasonic-rw2"

# macOS has one type for all of them (the app bundle's document types).
UTI = "public.camera-raw-image"

NAMES = {DNG: "DNG", NEF: "Nikon NEF", CR2: "Canon CR2", CR3: "Canon CR3", ARW: "Sony ARW",
         RAF: "Fujifilm RAF", ORF: "Olympus ORF", RW2: "Panasonic RW2"}

# Signatures at offset 0 of RAW formats that are not TIFF containers.
_PREFIXES = (
    (b"FUJIFILMCCD-RAW ", RAF),
    (b"IIRO", ORF), (b"IIRS", ORF), (b"MMOR", ORF),  # Olympus' own TIFF magic numbers
    (b"IIU\x00", RW2),  # Panasonic's (Leica's RWL too: same cameras, same format)
)
# RAW formats we recognise so as to name them, but don't take.
_OTHER_PREFIXES = ((b"\x00MRM", "Minolta MRW"), (b"FOVb", "Sigma X3F"))
# TIFF-container RAWs of other makers, by the start of IFD0's Make.
_OTHER_MAKERS = (
    (b"PENTAX", "Pentax PEF"), (b"RICOH", "Pentax PEF"), (b"SAMSUNG", "Samsung SRW"),
    (b"HASSELBLAD", "Hasselblad 3FR"), (b"LEAF", "Leaf MOS"), (b"MAMIYA", "Mamiya MEF"),
    (b"PHASE ONE", "Phase One IIQ"), (b"KODAK", "Kodak DCR"), (b"EASTMAN KODAK", "Kodak DCR"),
    (b"SEIKO EPSON", "Epson ERF"),
)

# The extension a downloaded original gets (shared-mime-info's names for the types above).
EXTENSIONS = {DNG: ".dng", NEF: ".nef", CR2: ".cr2", CR3: ".cr3", ARW: ".arw", RAF: ".raf",
              ORF: ".orf", RW2: ".rw2"}

ACCEPTED = "DNG, NEF, CR2, CR3, ARW, RAF, ORF, RW2"  # commas only, like image_formats.NAMES


@dataclass(frozen=True)
class CameraRaw:
    """A camera RAW file: the type to upload it as, or why it can't be."""

    name: str  # "Nikon NEF", for sentences
    content_type: str | None = None  # None: Thumbdrop can't decode this one
    refusal: Reason | None = None  # why not, when content_type is None


def _refused(name: str, why: Reason) -> CameraRaw:
    return CameraRaw(name=name, refusal=why)


def _other_format(name: str) -> CameraRaw:
    return _refused(name, reason("raw_format_not_taken", format=name, accepted=ACCEPTED))


def identify(stream: BinaryIO) -> CameraRaw | None:
    """The camera RAW format of the seekable `stream` (from its start), or None when the
    file is not a camera RAW (a plain TIFF included). Leaves the position anywhere."""
    stream.seek(0)
    head = stream.read(16)
    for prefix, content_type in _PREFIXES:
        if head.startswith(prefix):
            return CameraRaw(NAMES[content_type], content_type)
    for prefix, name in _OTHER_PREFIXES:
        if head.startswith(prefix):
            return _other_format(name)
    if head[6:14] == b"HEAPCCDR":
        return _other_format("Canon CRW")
    if head[4:8] == b"ftyp" and head[8:12] == b"crx ":
        return CameraRaw(NAMES[CR3], CR3)
    if head[:4] in TIFF_MAGICS and len(head) == 16:
        if head[8:10] == b"CR":  # Canon writes "CR" and the version 2 after the header
            return CameraRaw(NAMES[CR2], CR2)
        try:
            return _tiff_container(_Reader(stream, head))
        except (_Unreadable, struct.error):
            return None  # a damaged TIFF: the TIFF decoder names the damage
    return None


def _tiff_container(reader: _Reader) -> CameraRaw | None:
    ifd0 = reader.ifd(reader.u32(4))
    make = reader.ascii(ifd0.get(_MAKE)).upper()
    if _DNG_VERSION in ifd0:
        return _dng(reader, ifd0)
    photometric = reader.first(ifd0.get(_PHOTOMETRIC))
    # What a RAW's IFD0 has and a photo saved as TIFF has not (a camera's own TIFF-RGB
    # mode writes Make NIKON too): the sensor data itself, or SubIFDs holding it.
    if photometric not in (_CFA, _LINEAR_RAW) and not (make and _SUB_IFDS in ifd0):
        return None
    if make.startswith(b"NIKON"):
        return CameraRaw(NAMES[NEF], NEF)
    if make.startswith(b"SONY"):
        return CameraRaw(NAMES[ARW], ARW)
    for prefix, name in _OTHER_MAKERS:
        if make.startswith(prefix):
            return _other_format(name)
    return _other_format("another maker's format")


def _dng(reader: _Reader, ifd0: dict) -> CameraRaw:
    ifds = [ifd0] + [reader.ifd(offset)
                     for offset in reader.values(ifd0.get(_SUB_IFDS))[:MAX_SUBIFDS]]
    sensor_side, preview_side, codec = 0, 0, None
    for ifd in ifds:
        side = max(reader.first(ifd.get(_WIDTH)) or 0, reader.first(ifd.get(_HEIGHT)) or 0)
        photometric = reader.first(ifd.get(_PHOTOMETRIC))
        compression = reader.first(ifd.get(_COMPRESSION))
        if reader.first(ifd.get(_NEW_SUBFILE_TYPE)) in (None, 0):
            if photometric in (_CFA, _LINEAR_RAW) and codec is None:
                sensor_side, codec = side, compression
        elif photometric in (_RGB, _YCBCR) and compression in _PREVIEW_CODECS:
            preview_side = max(preview_side, side)
    # LibRaw opens such a DNG and reads its preview, but not its sensor data: fine as long as
    # the preview can stand in for it (at least the large view's size, or the whole sensor).
    needed = min(PREVIEW_SIDE, sensor_side) * 0.97
    if codec in _SDK_CODECS and preview_side < needed:
        return _refused(NAMES[DNG], reason(_SDK_CODECS[codec]))
    return CameraRaw(NAMES[DNG], DNG)


class _Unreadable(Exception):
    """The TIFF structure points outside the file or past what we are willing to read."""


_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4, 13: 4, 16: 8}
_INT_FORMATS = {1: "B", 3: "H", 4: "I", 6: "b", 8: "h", 9: "i", 13: "I", 16: "Q"}


class _Reader:
    """Bounded random access to a TIFF's structure; every read counts against READ_LIMIT."""

    def __init__(self, stream: BinaryIO, head: bytes):
        self.stream = stream
        self.order = "<" if head[:2] == b"II" else ">"
        self.head = head
        self.budget = READ_LIMIT - len(head)

    def read(self, offset: int, size: int) -> bytes:
        if size > self.budget:
            raise _Unreadable
        self.budget -= size
        self.stream.seek(offset)
        data = self.stream.read(size)
        if len(data) != size:
            raise _Unreadable
        return data

    def u32(self, offset: int) -> int:
        return struct.unpack(self.order + "I", self.head[offset:offset + 4])[0]

    def ifd(self, offset: int) -> dict[int, tuple[int, int, bytes]]:
        """{tag: (type, count, the 4 bytes holding the value or its offset)}."""
        (count,) = struct.unpack(self.order + "H", self.read(offset, 2))
        if count > MAX_ENTRIES:
            raise _Unreadable
        data = self.read(offset + 2, count * 12)
        entries = {}
        for at in range(0, len(data), 12):
            tag, kind, n = struct.unpack(self.order + "HHI", data[at:at + 8])
            entries[tag] = (kind, n, data[at + 8:at + 12])
        return entries

    def _raw(self, entry: tuple[int, int, bytes], limit: int) -> tuple[int, int, bytes]:
        kind, count, field = entry
        count = min(count, limit)
        size = _TYPE_SIZES.get(kind, 1) * count
        if size <= 4:
            return kind, count, field[:size]
        (offset,) = struct.unpack(self.order + "I", field)
        return kind, count, self.read(offset, size)

    def values(self, entry, limit: int = 64) -> list[int]:
        if entry is None or entry[0] not in _INT_FORMATS:
            return []
        kind, count, data = self._raw(entry, limit)
        return list(struct.unpack(f"{self.order}{count}{_INT_FORMATS[kind]}", data))

    def first(self, entry) -> int | None:
        found = self.values(entry, 1)
        return found[0] if found else None

    def ascii(self, entry) -> bytes:
        if entry is None or entry[0] != 2:
            return b""
        return self._raw(entry, 64)[2].split(b"\x00", 1)[0].strip()
