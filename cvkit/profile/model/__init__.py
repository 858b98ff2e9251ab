"""The profile model: what a person writes, validated."""

from cvkit.profile.model.profile import *  # noqa: F403
from cvkit.profile.model.profile import Profile
from cvkit.profile.model.types import PartialDate

__all__ = ["PartialDate", "Profile"]
