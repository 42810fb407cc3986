"""spasmlog.frozen.Frozen behaves as ``@dataclass(frozen=True, slots=True)`` (the oracle)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasmlog.domain import Checkin, Episode
from spasmlog.frozen import Frozen, FrozenInstanceError, replace, uncompared


class Mine(Frozen):
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = None
    key: int | None = uncompared(default=None)


@dataclasses.dataclass(frozen=True, slots=True)
class Oracle:
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = None
    key: int | None = dataclasses.field(default=None, compare=False)


FIELDS = ("a", "b", "c", "d", "key")
values = st.fixed_dictionaries(
    {"a": st.integers(-3, 3), "b": st.sampled_from(["", "x", "y"])},
    optional={
        "c": st.lists(st.sampled_from("pq"), max_size=2).map(tuple),
        "d": st.none() | st.integers(0, 2),
        "key": st.none() | st.integers(0, 2),
    },
)


def both(n_positional: int, kwargs: dict) -> tuple[Mine, Oracle]:
    """The same call on both classes: the first ``n_positional`` given values by position."""
    names = [f for f in FIELDS if f in kwargs]
    n = 0
    while n < min(n_positional, len(names)) and names[n] == FIELDS[n]:
        n += 1
    args = [kwargs[f] for f in names[:n]]
    rest = {f: kwargs[f] for f in names[n:]}
    return Mine(*args, **rest), Oracle(*args, **rest)


def as_oracle(record: Mine) -> Oracle:
    return Oracle(**{f: getattr(record, f) for f in FIELDS})


@given(values, values, st.integers(0, 5), st.integers(0, 5))
def test_init_equality_and_hash_match_dataclasses(v1, v2, p1, p2):
    m1, o1 = both(p1, v1)
    m2, o2 = both(p2, v2)
    assert as_oracle(m1) == o1 and as_oracle(m2) == o2  # same defaults, same fields
    assert (m1 == m2) == (o1 == o2)
    assert (m1 != m2) == (o1 != o2)
    if m1 == m2:
        assert hash(m1) == hash(m2)


@given(values)
def test_repr_matches_dataclasses(v):
    m, o = both(0, v)
    assert repr(m).removeprefix("Mine") == repr(o).removeprefix("Oracle")


@given(values, values)
def test_replace_matches_dataclasses(v, changes):
    m, o = both(0, v)
    changes = {k: changes[k] for k in changes if k != "a"}
    assert as_oracle(replace(m, **changes)) == dataclasses.replace(o, **changes)
    assert replace(m) == m and replace(m) is not m


def test_fields_cannot_be_assigned_or_deleted():
    m = Mine(1, "x")
    with pytest.raises(FrozenInstanceError):
        m.a = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del m.b  # type: ignore[misc]
    with pytest.raises(AttributeError):  # slots: no other attribute can be added either
        m.other = 1  # type: ignore[attr-defined]
    assert isinstance(FrozenInstanceError("x"), AttributeError)
    assert not hasattr(m, "__dict__")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),  # missing required fields
        ((1,), {}),
        ((1, "x"), {"a": 2}),  # a given twice
        ((1, "x"), {"nope": 1}),  # unknown
        ((1, "x", (), None, None, "extra"), {}),  # too many
    ],
)
def test_wrong_calls_raise_typeerror_where_dataclasses_does(args, kwargs):
    with pytest.raises(TypeError):
        Oracle(*args, **kwargs)
    with pytest.raises(TypeError):
        Mine(*args, **kwargs)


def test_a_new_class_checks_its_first_call_too():
    """The first call of a record class makes its ``__init__``: a wrong first call fails
    as every later one does, and a right one after it works."""

    class Fresh(Frozen):
        a: int
        b: str = ""

    with pytest.raises(TypeError):
        Fresh()  # type: ignore[call-arg]
    assert Fresh(1) == Fresh(a=1, b="") and Fresh(1, "x").b == "x"
    with pytest.raises(TypeError):
        Fresh(1, c=2)  # type: ignore[call-arg]


def test_replace_refuses_an_unknown_field_as_dataclasses_does():
    with pytest.raises(TypeError):
        dataclasses.replace(Oracle(1, "x"), nope=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        replace(Mine(1, "x"), nope=1)


def test_a_default_cannot_come_before_a_required_field():
    with pytest.raises(TypeError):

        class Bad(Frozen):  # noqa: F841 - the class statement itself must fail
            a: int = 1
            b: int


def test_copy_and_pickle_give_an_equal_record():
    m = Mine(1, "x", ("p",), 2, key=7)
    for other in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert other == m and other.key == 7


def test_match_args_allow_positional_patterns():
    match Mine(1, "x"):
        case Mine(1, b):
            assert b == "x"
        case _:
            pytest.fail("no match")


def test_the_records_keep_their_identity_out_of_equality():
    """An episode's id and uid, and a check-in's id, are the database's, not its values."""
    from datetime import UTC, date, datetime

    at = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    a = Episode(started_at=at, muscle_group="calf", duration_s=60, pain=5, id=1, uid="u1")
    b = Episode(started_at=at, muscle_group="calf", duration_s=60, pain=5, id=2, uid="u2")
    assert a == b and hash(a) == hash(b)
    assert a != replace(b, pain=6)
    day = date(2026, 11, 20)
    assert Checkin(day=day, complete=True, id=1) == Checkin(day=day, complete=True, id=9)
