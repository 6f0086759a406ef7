"""The real Anki (the `anki` package, a test-only dependency) opening what we write and
writing what we read: a fresh collection in a temporary folder, and its package importer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from anki.collection import Collection
from anki.import_export_pb2 import (
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportResponse,
)


@contextmanager
def fresh_collection(folder: Path) -> Iterator[Collection]:
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        yield collection
    finally:
        collection.close()


def import_package(
    collection: Collection, data: bytes, folder: Path, *, with_progress: bool = False
) -> ImportResponse.Log:
    """Anki's own import of a package, as its Import dialog does it; `with_progress` is the
    "Import any learning progress" box."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"import-{len(list(folder.iterdir()))}.apkg"
    path.write_bytes(data)
    request = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=with_progress),
    )
    return collection.import_anki_package(request).log
