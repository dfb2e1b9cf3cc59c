"""Queries whose SQL is compiled once per process, for each shape, and run with new parameters.

Building and compiling a QuerySet in the ORM can cost more than running it (a feed's versions
query, three times; search's count and page, about as much; the stored cards of a page, 2 ms of a
3 ms read). Where the SQL is the same from one request to the next and only some parameters
change (the moment, the words searched for, the ids of a page's releases), it is compiled once,
for two sets of marker values, and kept only where the markers alone explain the parameters that
differ: each place of a marker then takes the request's value. releases/feed_items.py
(CompiledVersions), releases/search/compiled.py (CompiledQueries) and releases/cards.py
(CompiledReads) say what each compiles.
"""

import threading
from datetime import UTC, datetime
from typing import NamedTuple

# Two moments to compile a query at: a value no request has, each, so that its places are found.
MOMENTS = (datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=UTC))


class Compiled(NamedTuple):
    """A values_list() QuerySet's SQL for one shape: its compiler (whose converters read the rows),
    SQL and parameters, {position of a parameter: the name of the marker it holds}, and `order`,
    what puts a row's columns in the order of values_list()'s fields."""

    compiler: object
    sql: str
    params: list
    places: dict
    order: object

    def params_for(self, connection, values):
        """The parameters with each marker's place holding its value in `values` ({name: value})."""
        adapted = {place: _adapted(connection, values[name]) for place, name in self.places.items()}
        return [adapted.get(index, param) for index, param in enumerate(self.params)]

    def rows(self, connection, values):
        """The rows of this SQL with `values` in the markers' places, in values_list()'s order."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(connection, values))
            rows = self.compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True)
        return [self.order(row) for row in rows]


def _adapted(connection, value):
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def compile_marked(connection, queryset_of, marker_sets):
    """The Compiled SQL of `queryset_of(markers)` (a values_list() QuerySet) for two sets of
    markers ({name: value}, the same names), or None where it cannot be kept: the SQL differs, a
    parameter changes without a marker in its place, two markers share a value, or a column is not
    one of values_list()'s fields."""
    compiled = []
    for markers in marker_sets:
        queryset = queryset_of(markers)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        adapted = {name: _adapted(connection, marker) for name, marker in markers.items()}
        places = {}
        for index, param in enumerate(params):
            names = [name for name, marker in adapted.items() if type(param) is type(marker) and param == marker]
            if len(names) > 1:
                return None
            if names:
                places[index] = names[0]
        compiled.append(Compiled(compiler, sql, params, places, _order(compiler, queryset)))
    one, other = compiled
    if one.sql != other.sql or len(one.params) != len(other.params) or one.places != other.places:
        return None
    if not one.places or one.order is None:
        return None
    pairs = enumerate(zip(one.params, other.params, strict=True))
    changing = {index for index, (mine, theirs) in pairs if mine != theirs}
    return one if changing == set(one.places) else None


def _order(compiler, queryset):
    """What puts a row of the compiler in the order of values_list()'s fields, from the columns'
    names in the SQL (their order there may change from one process to another), or None where a
    column is not one of those fields."""
    names = [alias for _expression, _sql, alias in compiler.select]
    # modeltranslation's values_list() keeps the fields asked for as `original_fields`.
    fields = list(getattr(queryset, "original_fields", None) or queryset._fields)
    if sorted(names) != sorted(fields) or len(set(names)) != len(names):
        return None
    positions = [names.index(name) for name in fields]
    return lambda row: tuple(row[position] for position in positions)


class CompiledPerProcess:
    """What a subclass's `compile(connection, query_at)` made for each key, in this process: None
    where the shape cannot be kept (its caller then runs it through the ORM every time)."""

    # Past this many shapes, start again: a bound on memory, not a cache anyone tunes.
    MAX_QUERIES = 2000

    def __init__(self):
        self._compiled = {}
        self._lock = threading.Lock()

    def compiled(self, connection, key, query_at, *args):
        """compile(connection, query_at, *args)'s result for `key` on `connection`, made the first
        time (`args`, what besides `key` the compiling needs: part of `key`)."""
        key = (connection.alias, connection.vendor, *key)
        compiled = self._compiled.get(key, False)
        if compiled is False:
            compiled = self.compile(connection, query_at, *args)
            with self._lock:
                if len(self._compiled) >= self.MAX_QUERIES:
                    self._compiled = {}
                self._compiled[key] = compiled
        return compiled
