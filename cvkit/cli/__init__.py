"""The command line: a thin layer over the library (cvkit.build.api and the packages
below it) that turns errors into compiler-style lines and exit codes.

May import: every other package.
"""
