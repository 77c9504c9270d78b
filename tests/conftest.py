import shutil
from pathlib import Path

import pytest

from briefing import api

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT / "tests" / "data" / "seed.txt"


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the default content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default edition, built once for the session."""
    target = tmp_path_factory.mktemp("dist") / "edition.pdf"
    api.build(CONTENT, target)
    return target
