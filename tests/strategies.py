"""Hypothesis strategies shared by the tests: any valid episode, with the start and notes chosen
by the test."""

from __future__ import annotations

from hypothesis import strategies as st

from spasmlog import domain as d


def typed_text(*, min_size: int = 0, max_size: int) -> st.SearchStrategy[str]:
    """Any text a person could type (no lone surrogates, no NUL), of a given length."""
    return st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=min_size,
        max_size=max_size,
    )


def valid_episodes(
    *, started_at: st.SearchStrategy, notes: st.SearchStrategy
) -> st.SearchStrategy[d.Episode]:
    """Episodes with every other field drawn from its whole vocabulary, canonicalised."""
    return st.builds(
        d.Episode,
        started_at=started_at,
        muscle_group=st.sampled_from(d.MUSCLE_GROUPS),
        duration_s=st.integers(d.DURATION_MIN_S, d.DURATION_MAX_S),
        pain=st.integers(d.PAIN_MIN, d.PAIN_MAX),
        side=st.sampled_from(d.SIDES),
        hydration=st.none() | st.sampled_from(d.HYDRATION_LEVELS),
        exertion=st.none() | st.sampled_from(d.EXERTION_LEVELS),
        symptoms=st.sets(st.sampled_from(d.SYMPTOMS)).map(tuple),
        self_care=st.none() | st.sampled_from(d.SELF_CARE_VALUES),
        notes=notes,
    ).map(d.validate_episode)
