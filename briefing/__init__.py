"""briefing: structured YAML content and Chinese fonts in, GB/T 9704 PDF editions out.

load -> validate -> compose -> typeset -> render -> write; see api.build.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefing")
except PackageNotFoundError:  # run from a source tree that was not installed
    __version__ = "0"
