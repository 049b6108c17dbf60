"""Querysets compiled to SQL once per process, then run with new values.

Building a queryset with annotations and subqueries and compiling it to SQL costs Python time
on every request — for the workspace stream about a third of the page — while the SQL that
comes out is the same each time but for its values (a group's pk, a page's thread pks).
`Precompiled` builds the queryset once with stand-in values, keeps the compiled SQL, and runs
it with the request's values through Django's own ModelIterable: the rows become the same
model instances, with the same annotations and select_related objects, as iterating the
queryset would give.

Only integers (pks) and strings (slugs), and lists of integers, can be passed as values;
anything that changes the SQL's shape rather than its values (a slice's offset, a list's
length) is part of the key the SQL is kept under. A stand-in that does not come out as a
parameter of the SQL (a value Django wrote into the SQL text) is refused when the queryset is
compiled, so a value can never be stuck. Mind what `build` reads from elsewhere: today's date,
a setting, a user — it is compiled into the SQL once and for all. Whatever can differ between
calls must be one of the values.
"""

import copy
import threading

from django.db import connections
from django.db.models import QuerySet

# Stand-ins: integers no pk or count ever takes, strings no slug ever holds.
_STAND_IN = -7_919_000_000_000


def _stand_in(number, kind):
    return _STAND_IN - number if kind is int else f"\u27eastand-in {number}\u27eb"


class Precompiled:
    """`build(*shape, **values)` returns a queryset; `Precompiled(build).all(*shape, **values)`
    runs it as a list of model instances, `.count(...)` counts its rows."""

    def __init__(self, build, using="default"):
        self.build = build
        self.using = using
        self._kept = {}
        self._lock = threading.Lock()

    def all(self, *shape, **values):
        compiler, sql, params = self._compiled("all", shape, values)
        compiler = copy.copy(compiler)
        compiler.connection = connections[self.using]  # the calling thread's connection
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = QuerySet(model=compiler.query.model, using=self.using)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def count(self, *shape, **values):
        _compiler, sql, params = self._compiled("count", shape, values)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _compiled(self, kind, shape, values):
        names = tuple(
            (name, len(value) if isinstance(value, list | tuple) else type(value))
            for name, value in sorted(values.items())
        )
        key = (kind, shape, names)
        kept = self._kept.get(key)
        if kept is None:
            with self._lock:
                kept = self._kept.get(key) or self._compile(kind, shape, names)
                self._kept[key] = kept
        compiler, sql, slots = kept
        params = [_value(values, slot) if isinstance(slot, _Slot) else slot for slot in slots]
        return compiler, sql, params

    def _compile(self, kind, shape, names):
        stand_ins, number = {}, 0
        arguments = {}
        for name, length in names:
            if not isinstance(length, int):  # one value, of this type
                if length not in (int, str):
                    raise TypeError(f"{name}: only integers and strings can be values")
                number += 1
                arguments[name] = _stand_in(number, length)
                stand_ins[arguments[name]] = _Slot(name, None)
            else:
                arguments[name] = []
                for index in range(length):
                    number += 1
                    stand_ins[_stand_in(number, int)] = _Slot(name, index)
                    arguments[name].append(_stand_in(number, int))
        queryset = self.build(*shape, **arguments)
        if kind == "count":
            compiler = queryset.order_by().values("pk").query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"
        else:
            compiler = queryset.query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
        slots = [
            stand_ins.get(param, param) if type(param) in (int, str) else param for param in params
        ]
        missing = set(stand_ins.values()) - {slot for slot in slots if isinstance(slot, _Slot)}
        if missing:
            raise ValueError(f"{self.build.__name__}: {sorted(map(str, missing))} not in the SQL")
        return compiler, sql, slots


class _Slot(tuple):
    """Where a value goes: (name, index in its list or None)."""

    def __new__(cls, name, index):
        return super().__new__(cls, (name, index))

    def __str__(self):
        name, index = self
        return name if index is None else f"{name}[{index}]"


def _value(values, slot):
    name, index = slot
    value = values[name] if index is None else values[name][index]
    return value if isinstance(value, str) else int(value)
