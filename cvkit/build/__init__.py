"""Making outputs from a profile: the one assembly (pipeline), the Python API, bundles,
the PDF worker pool, and the questions asked of outputs and of the machine (check, catalog,
formats).

May import: support, document, profile, view, exporters, importers.
"""
