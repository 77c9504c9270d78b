"""briefing: structured YAML content and Chinese fonts in, GB/T 9704 PDF editions out.

load -> validate -> compose -> typeset -> render -> write; see api.build.
"""
