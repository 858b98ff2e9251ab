"""The live preview and publishing: watching the files an export reads, the preview
server, the GitHub Pages workflow.

May import: support, document, profile, view, exporters, build.
"""
