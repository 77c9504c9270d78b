"""briefing: structured YAML content and Chinese fonts in, GB/T 9704 PDF (and OFD) editions out.

load -> validate -> compose -> pageplan.lay_out (typeset + paginate into page plans) ->
render (pdf, ofd, docx) -> write; see api.build.
"""



def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata when first asked for
    (importlib.metadata costs a build ~50 ms it does not otherwise need)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("briefing")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "0"
