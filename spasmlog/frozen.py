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

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

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


class _FrozenMeta(type):
    """Turns the annotations of a class body into slots, defaults and comparison keys."""

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
        cls = super().__new__(mcls, name, bases, namespace)
        cls._fields = fields  # type: ignore[attr-defined]
        cls._defaults = defaults  # type: ignore[attr-defined]
        cls._compared = tuple(compared)  # type: ignore[attr-defined]
        return cls


@dataclass_transform(frozen_default=True, field_specifiers=(uncompared,))
class Frozen(metaclass=_FrozenMeta):
    """Base of a frozen record: declare fields as annotations, as for a dataclass."""

    __slots__ = ()
    _fields: tuple[str, ...]
    _defaults: dict[str, object]
    _compared: tuple[str, ...]

    def __init__(self, *args: object, **kwargs: object) -> None:
        cls = type(self)
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(
                f"{cls.__name__}() takes {len(fields)} positional arguments but "
                f"{len(args)} were given"
            )
        setter = object.__setattr__
        for field, value in zip(fields, args, strict=False):
            if field in kwargs:
                raise TypeError(f"{cls.__name__}() got multiple values for argument {field!r}")
            setter(self, field, value)
        defaults = cls._defaults
        for field in fields[len(args) :]:
            if field in kwargs:
                setter(self, field, kwargs.pop(field))
            elif field in defaults:
                setter(self, field, defaults[field])
            else:
                raise TypeError(f"{cls.__name__}() missing required argument: {field!r}")
        if kwargs:  # what is left names no field
            unknown = sorted(kwargs)[0]
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {unknown!r}")

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, f) for f in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

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
