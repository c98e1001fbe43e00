"""EBML, the binary layout under Matroska and WebM: elements, sizes and typed values.

Shared by the recordings' Matroska writer and the compositions' WebM writer.
"""

from __future__ import annotations

import struct


def vint_size(size: int) -> bytes:
    """An EBML variable-size integer of the shortest length that holds ``size``."""
    for length in range(1, 9):
        if size < (1 << (7 * length)) - 1:
            return (size | (1 << (7 * length))).to_bytes(length, "big")
    raise ValueError(size)


def element(element_id: int, payload: bytes) -> bytes:
    encoded_id = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return encoded_id + vint_size(len(payload)) + payload


def uint(element_id: int, value: int, width: int = 0) -> bytes:
    """An unsigned integer element, in ``width`` bytes if given (a position written before
    what it points to is known must keep its size), else in as few as hold it."""
    return element(
        element_id, value.to_bytes(width or max(1, (value.bit_length() + 7) // 8), "big")
    )


def sint(element_id: int, value: int) -> bytes:
    """A signed integer element, two's complement in as few bytes as hold it."""
    length = 1
    while not -(1 << (8 * length - 1)) <= value < 1 << (8 * length - 1):
        length += 1
    return element(element_id, value.to_bytes(length, "big", signed=True))


def float64(element_id: int, value: float) -> bytes:
    return element(element_id, struct.pack(">d", value))


def text(element_id: int, value: str) -> bytes:
    return element(element_id, value.encode("ascii"))


def header(doc_type: str, version: int, read_version: int) -> bytes:
    """The EBML header that opens a file of ``doc_type`` (matroska, webm)."""
    return element(
        0x1A45DFA3,
        uint(0x4286, 1)  # EBMLVersion
        + uint(0x42F7, 1)  # EBMLReadVersion
        + uint(0x42F2, 4)  # EBMLMaxIDLength
        + uint(0x42F3, 8)  # EBMLMaxSizeLength
        + text(0x4282, doc_type)  # DocType
        + uint(0x4287, version)  # DocTypeVersion
        + uint(0x4285, read_version),  # DocTypeReadVersion
    )
