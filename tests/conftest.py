import hashlib
import re
import shutil
from pathlib import Path

import pytest

from briefing import api, conformance
from briefing.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT / "tests" / "data" / "seed.txt"


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the default content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(autouse=True, scope="session")
def spacing_measured():
    """The `check --pdf` 字间距 item on every PDF the suite builds through api.build (the CLI's
    and the tests' own builds): a loose line that neither an unbreakable word at the next line's
    start explains nor the build reported as unavoidable (issue 30) fails the test that built
    it. Only that item (its text extraction, no raster), once per distinct file."""
    measured: dict[str, list[str]] = {}  # the file's digest: its unexplained loose lines
    original = api.build

    def build(*args, **kwargs):
        result = original(*args, **kwargs)
        if result.path.suffix == ".pdf":
            digest = hashlib.sha256(result.path.read_bytes()).hexdigest()
            if digest not in measured:
                try:
                    measured[digest] = conformance.spacing(result.path)[1]
                except ContentError:  # no body text to measure (a test of a refused or odd file)
                    measured[digest] = []
            # (compared without blanks: a typed 　 is a gap in the PDF's text, a character in the warning's)
            reported = re.sub(r"\s", "", "".join(w.message for w in result.warnings if "排松" in w.message))
            unreported = [text for text in measured[digest] if re.sub(r"\s", "", text) not in reported]
            assert not unreported, f"{result.path}: 字间距过松而未报告：{unreported}"
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "build", build)
        yield


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default edition, built once for the session."""
    target = tmp_path_factory.mktemp("dist") / "edition.pdf"
    api.build(CONTENT, target)
    return target


# Property tests: a few examples in the normal run; `HYPOTHESIS_PROFILE=long` for a long fuzz.
from hypothesis import HealthCheck, settings  # noqa: E402
import os  # noqa: E402

settings.register_profile("default", max_examples=40, deadline=None, derandomize=True,  # (CI: the same examples each run)
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser):
    parser.addoption("--refresh-golden", action="store_true",
                     help="rewrite tests/golden/*.plan from the current layout (see test_golden_plans)")
