"""Where the shared reference folder is: the seeds, the official formats' verbatim
column lists and the real data files the importers are tested on (../shared).

Found, in this order: the folder named by ``SI_SHARED_DIR``; a folder ``shared`` beside
the checkout, or beside any folder above it; the ``shared`` beside the checkout this
one was cloned from (a clone made in a temporary folder). Finding none is an error
that says where it looked and what to set. Django-free, so scripts can use it too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# what tells the folder apart from any other folder called "shared"
MARKER = Path("formats") / "columns"


def _origin() -> Path | None:
    """The checkout this one was cloned from, when that is a folder on this machine."""
    try:
        url = subprocess.run(
            ["git", "-C", str(REPO), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(url.removeprefix("file://"))
    return path.resolve() if path.is_absolute() and path.is_dir() else None


def candidates() -> list[Path]:
    """Every place looked, in order."""
    found = []
    if os.environ.get("SI_SHARED_DIR"):
        found.append(Path(os.environ["SI_SHARED_DIR"]).expanduser())
    found += [parent / "shared" for parent in REPO.parents]
    origin = _origin()
    if origin is not None:
        found.append(origin.parent / "shared")
    return found


def find_shared() -> Path:
    looked = candidates()
    for place in looked:
        if (place / MARKER).is_dir():
            return place.resolve()
    raise RuntimeError(
        "The shared reference folder (formats/columns/, data/real/) was not found. "
        "Looked in: "
        + ", ".join(str(p) for p in looked)
        + ". Set SI_SHARED_DIR to the folder, e.g. SI_SHARED_DIR=/work/shared make test."
    )


SHARED = find_shared()
FORMATS = SHARED / "formats" / "columns"
REAL_DATA = SHARED / "data" / "real"
