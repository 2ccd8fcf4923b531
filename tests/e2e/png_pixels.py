"""Just enough of PNG to read a browser's screenshot with the standard library (zlib).

Chromium writes 8-bit RGB or RGBA, not interlaced; anything else is refused, so a change
in what the browser writes fails loudly rather than being misread.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 6: 4}  # PNG colour type: RGB, RGBA


@dataclass(frozen=True)
class Image:
    """Decoded pixels: rows of width * channels bytes."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        """The (r, g, b) at x, y."""
        start = x * self.channels
        r, g, b = self.rows[y][start : start + 3]
        return r, g, b

    def pixels(self, box: tuple[int, int, int, int]) -> Iterator[tuple[int, int, int, int, int]]:
        """(x, y, r, g, b) for every pixel of the box (left, top, right, bottom), exclusive."""
        left, top, right, bottom = box
        for y in range(top, bottom):
            row = self.rows[y]
            for x in range(left, right):
                start = x * self.channels
                yield x, y, row[start], row[start + 1], row[start + 2]


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = len(SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"bad CRC in {kind!r} chunk")
        yield kind, body
        pos += 12 + length


def decode(data: bytes) -> Image:
    """The pixels of an 8-bit RGB(A) PNG; ValueError for anything else or a damaged file."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    chunks = list(_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("a PNG starts with IHDR and ends with IEND")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
    channels = _CHANNELS[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels
    if len(raw) != height * (stride + 1):
        raise ValueError("image data does not match the header's size")
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        rows.append(row)
        previous = row
    return Image(width, height, channels, rows)


def _unfilter(kind: int, row: bytearray, previous: bytes, bpp: int) -> bytes:
    """Undo one scanline's filter (PNG spec, section 9)."""
    if kind == 0:
        return bytes(row)
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = previous[i]
        corner = previous[i - bpp] if i >= bpp else 0
        if kind == 1:
            guess = left
        elif kind == 2:
            guess = up
        elif kind == 3:
            guess = (left + up) // 2
        elif kind == 4:
            guess = _paeth(left, up, corner)
        else:
            raise ValueError(f"unknown PNG filter {kind}")
        row[i] = (row[i] + guess) & 0xFF
    return bytes(row)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c
