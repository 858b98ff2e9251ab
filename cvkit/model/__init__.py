"""The profile model: what a person writes, validated."""

from .profile import *  # noqa: F403
from .profile import Profile
from .types import PartialDate

__all__ = ["PartialDate", "Profile"]
