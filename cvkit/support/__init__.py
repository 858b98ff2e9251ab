"""Plain helpers that know nothing of CVs: errors, the clock, limits on what is read,
atomic writes, the user's cache, child processes, where cvkit's files are.

May import: nothing of cvkit's other packages.
"""
