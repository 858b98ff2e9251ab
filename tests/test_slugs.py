"""Slugs: cut at a word, unique within a document."""

from __future__ import annotations

from cvkit.document.slugs import MAX_LENGTH, slug, unique_slugs


def test_a_long_title_is_cut_after_its_last_whole_word() -> None:
    title = "Scaling Reward Models for Preference Optimisation in RLHF Training Pipelines"
    # 48 characters would end in "-optimisatio"; the slug ends at "preference".
    assert slug(title) == "scaling-reward-models-for-preference"


def test_words_are_never_skipped_or_split() -> None:
    """python-slugify's ``word_boundary`` drops a word that does not fit and goes on with
    shorter ones after it; here the cut keeps a prefix of the whole words."""
    words = ["alpha", "betagammadeltaepsilonzetaeta", "theta", "iota", "kappa", "x"]
    s = slug(" ".join(words))
    assert s == "alpha-betagammadeltaepsilonzetaeta-theta-iota"
    cut = s.split("-")
    assert cut == words[:len(cut)]


def test_edges_of_the_limit() -> None:
    assert slug("x" * MAX_LENGTH + " yy") == "x" * MAX_LENGTH  # the hyphen right after
    assert slug("x" * (MAX_LENGTH - 1) + " yy") == "x" * (MAX_LENGTH - 1)
    assert slug("y" * 60) == "y" * MAX_LENGTH  # one word longer than the limit: cut in it
    assert slug("short title") == "short-title"
    assert slug("—") == "item"


def test_titles_sharing_their_first_words_stay_unique() -> None:
    stem = "Efficient Mixture of Experts Training at Very Large Scale"
    texts = [f"{stem} on GPUs", f"{stem} on TPUs", f"{stem} on GPUs"]
    assert unique_slugs(texts) == ["efficient-mixture-of-experts-training-at-very",
                                   "efficient-mixture-of-experts-training-at-very-2",
                                   "efficient-mixture-of-experts-training-at-very-3"]
    assert unique_slugs(["Same"], taken=["same"]) == ["same-2"]
