"""cvkit's version: a module of its own, so anything may read it without importing cvkit."""

__version__ = "0.1.0"
