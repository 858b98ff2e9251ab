"""cvkit for assistants: the MCP server (``cvkit mcp``), the folders it is confined to, and
the agent skill (``cvkit skill``).

May import ``cvkit.build.api`` and what is below it; never the CLI. The MCP SDK (the optional
extra ``cvkit-cli[mcp]``) is imported by ``server.py`` alone, so the rest works without it.

May import: support, document, profile, view, exporters, importers, build.
"""
