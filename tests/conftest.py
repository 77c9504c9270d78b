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


# Property tests: a few examples in the normal run; `HYPOTHESIS_PROFILE=long` for a long fuzz.
from hypothesis import HealthCheck, settings  # noqa: E402
import os  # noqa: E402

settings.register_profile("default", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser):
    parser.addoption("--refresh-golden", action="store_true",
                     help="rewrite tests/golden/*.plan from the current layout (see test_golden_plans)")
