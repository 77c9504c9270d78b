"""briefing: structured YAML content and Chinese fonts in, GB/T 9704 PDF (and OFD) editions out.

load -> validate -> compose -> pageplan.lay_out (typeset + paginate into page plans) ->
render (pdf, ofd) -> write; see api.build.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefing")
except PackageNotFoundError:  # run from a source tree that was not installed
    __version__ = "0"
