"""Packages that are not what they claim: each is refused with a message naming the file,
and no deck comes out."""

from __future__ import annotations

import io
import zipfile

import pytest
import zstandard

from quizapp.exchange.apkg_read import MAX_COLLECTION_BYTES, convert_apkg
from quizapp.exchange.model import ConvertError


def package(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("_", "."), data)
    return buffer.getvalue()


def refusal(data: bytes) -> ConvertError:
    with pytest.raises(ConvertError) as caught:
        convert_apkg(data, "upload.apkg")
    assert caught.value.file == "upload.apkg"
    return caught.value


def test_a_file_that_is_not_a_zip() -> None:
    assert "not a zip archive" in refusal(b"format: 1\ndeck: x\n").message


def test_a_zip_without_a_collection() -> None:
    message = refusal(package(notes_txt=b"hello")).message
    assert "holds no collection" in message and "collection.anki21b" in message


def test_a_collection_that_is_not_sqlite() -> None:
    message = refusal(package(collection_anki2=b"not a database at all" * 100)).message
    assert "not a readable SQLite database" in message


def test_a_zstd_collection_that_is_damaged() -> None:
    assert "damaged" in refusal(package(collection_anki21b=b"\x28\xb5\x2f\xfdgarbage")).message


def test_a_zstd_bomb_stops_at_the_cap() -> None:
    compressor = zstandard.ZstdCompressor(level=1).compressobj()
    zeros = bytes(1 << 20)
    bomb = b"".join(compressor.compress(zeros) for _ in range((MAX_COLLECTION_BYTES >> 20) + 2))
    bomb += compressor.flush()
    assert len(bomb) < 1 << 20
    assert "zip bomb" in refusal(package(collection_anki21b=bomb)).message


def test_a_member_declaring_more_than_the_cap_is_not_unpacked() -> None:
    data = bytearray(package(collection_anki2=b"x" * 1000))
    # Rewrite the declared uncompressed size in the central directory to just past the cap.
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = (MAX_COLLECTION_BYTES + 1).to_bytes(4, "little")
    assert "zip bomb" in refusal(bytes(data)).message
