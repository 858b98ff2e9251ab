"""What a user writes, and its reading: the model (pydantic), files read keeping every
position and their mistakes located, the locales and designs cvkit ships, a profile loaded
and validated, the fitting limits, the profile a PDF carries.

May import: support, document.
"""
