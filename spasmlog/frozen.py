"""Frozen value records for the modules that ``spasmlog add`` loads, without ``dataclasses``.

Importing :mod:`dataclasses` imports :mod:`inspect` (and with it ``ast``, ``dis`` and
``tokenize``): about 18 ms on the development machine, a third of what a whole Python
process that inserts one row with :mod:`sqlite3` takes, and paid on every ``spasmlog add``
and ``spasmlog checkin``. The records those commands touch (``domain.Episode``,
``Checkin``, ``Marker``, ``Profile`` and the change log's) are declared with :class:`Frozen`
instead; every other module keeps ``@dataclass``.

A :class:`Frozen` subclass behaves as ``@dataclass(frozen=True, slots=True)`` does, for all
that spasmlog uses: the annotated names are its fields, in order; ``__init__`` takes them by
position or keyword, with the class-level values as defaults; ``==`` and ``hash`` compare
the fields of the same class, except those declared with :func:`uncompared`; ``repr`` shows
them all; assigning raises :class:`dataclasses.FrozenInstanceError`'s twin,
:class:`FrozenInstanceError`; :func:`replace` makes a changed copy. ``tests/test_frozen.py``
checks each of these against ``dataclasses`` as the oracle. Type checkers see a dataclass
(PEP 681 ``dataclass_transform``); at run time :mod:`typing` is not imported either (5 ms).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    _T = TypeVar("_T")
else:

    def dataclass_transform(**_kwargs):
        return lambda cls: cls


class FrozenInstanceError(AttributeError):
    """Raised on an attempt to change a field of a :class:`Frozen` record."""


class _Uncompared:
    __slots__ = ("default",)

    def __init__(self, default: object) -> None:
        self.default = default


def uncompared(*, default: Any) -> Any:
    """A field left out of ``==`` and ``hash`` (as ``field(default=…, compare=False)``):
    a record's id, which the database gives, does not make two records different."""
    return _Uncompared(default)


_NO_DEFAULT = object()


def _make_init(fields: tuple[str, ...], defaults: dict[str, object]):
    """``__init__(self, a, b, c=<default>, …)`` setting each field, made as dataclasses and
    namedtuple make theirs: Python binds the arguments (and words the TypeErrors), so a
    record costs what a dataclass costs to build. Field names are identifiers (they come
    from annotations); the defaults are passed as objects, never as source text."""
    params = ", ".join(f"{f}=_default_{f}" if f in defaults else f for f in fields)
    body = "".join(f"    _set(self, {f!r}, {f})\n" for f in fields)
    namespace: dict[str, Any] = {"_set": object.__setattr__}
    namespace.update({f"_default_{f}": v for f, v in defaults.items()})
    exec(f"def __init__(self, {params}):\n{body}", namespace)
    return namespace["__init__"]


def _first_init(self: Frozen, *args: Any, **kwargs: Any) -> None:
    """The first ``__init__`` of a record class: makes the real one, puts it in the class
    and calls it. Compiling one takes about 0.3 ms, and ``spasmlog add`` builds only an
    Episode: the other record classes are not made to pay at import."""
    cls = type(self)
    init = _make_init(cls._fields, cls._defaults)
    type.__setattr__(cls, "__init__", init)
    init(self, *args, **kwargs)


class _FrozenMeta(type):
    """Turns the annotations of a class body into slots, ``__init__`` and the comparison key."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]):
        annotations = namespace.get("__annotations__", {})
        fields = tuple(n for n, a in annotations.items() if not str(a).startswith("ClassVar"))
        defaults: dict[str, object] = {}
        compared: list[str] = []
        for field in fields:
            value = namespace.pop(field, _NO_DEFAULT)
            if isinstance(value, _Uncompared):
                defaults[field] = value.default
                continue
            if value is not _NO_DEFAULT:
                defaults[field] = value
            elif defaults:
                raise TypeError(f"non-default field {field!r} follows a default one in {name}")
            compared.append(field)
        namespace["__slots__"] = fields
        namespace["__match_args__"] = fields
        if fields:
            namespace.setdefault("__init__", _first_init)
            namespace["_defaults"] = defaults
            # The compared values as a tuple, read in C (the class too, so that a record
            # with one compared field still gives a tuple).
            namespace["_compared_of"] = attrgetter(*compared, "__class__")
        namespace["_fields"] = fields
        return super().__new__(mcls, name, bases, namespace)


@dataclass_transform(frozen_default=True, field_specifiers=(uncompared,))
class Frozen(metaclass=_FrozenMeta):
    """Base of a frozen record: declare fields as annotations, as for a dataclass."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, object]]

    # The values ``==`` and ``hash`` compare, as ``_compared_of(record)``; each record class
    # gets its own (an attrgetter is not a method: it is called with the record).
    _compared_of = attrgetter("__class__")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared_of(self) == self._compared_of(other)

    def __hash__(self) -> int:
        return hash(self._compared_of(self))

    def __repr__(self) -> str:
        values = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__qualname__}({values})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for field, value in zip(self._fields, state, strict=True):
            object.__setattr__(self, field, value)


def replace(record: _T, /, **changes: Any) -> _T:
    """A copy of ``record`` with ``changes`` (as :func:`dataclasses.replace`)."""
    if not isinstance(record, Frozen):
        raise TypeError("replace() should be called on a Frozen record")
    values = {f: getattr(record, f) for f in record._fields}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(record)(**values)
