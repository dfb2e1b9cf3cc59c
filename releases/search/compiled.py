"""Search's count and page queries with their SQL compiled once per process, for any words.

Building and compiling the count and the page's query in the ORM costs about 5 ms on PostgreSQL,
about what running them costs; the SQL is the same for every query of one shape (page language,
filters, page), only the words and the moment differ. So each shape is compiled once, for two
pairs of marker words and moments (as releases/feed_items.py CompiledVersions does for the
moment alone), and kept only where the markers alone make the parameters differ: each run puts
the request's words, their search terms and the time in their places. A shape in which they
cannot be told apart (SQLite, whose MATCH expression is made from the words) is not kept: its
count and pages run through the ORM every time. Nothing is kept per query: the words are parameters.
"""

from datetime import UTC, datetime

from django.db import connections
from django.utils import timezone

from newsroom.compiled_sql import CompiledPerProcess
from releases.search import postgresql
from releases.search.query import query_text, search_terms


def _markers(query, moment):
    return {"query": query_text(query)[0], "terms": " ".join(search_terms(query)), "moment": moment}


class CompiledQueries(CompiledPerProcess):
    """Compiled values_list() QuerySets of search, by shape, for this process."""

    # Each marker query differs from its terms ("Alfa Beta" searches "alfa beta"), so the query's
    # and the terms' places are told apart too. Two kinds of query make two kinds of SQL on
    # PostgreSQL (postgresql.reads_document_alone()): queries of several words that exclude none,
    # and the others; each is compiled with markers of its kind.
    MARKERS = {
        True: (
            _markers("Alfa Beta", datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)),
            _markers("Gamma Delta", datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)),
        ),
        False: (
            _markers("Alfa", datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)),
            _markers("Gamma", datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)),
        ),
    }
    # Shapes (keys): two languages, the filters chosen, 50 pages.

    def rows(self, key, queryset_at, query, db):
        """The rows of `queryset_at(moment, query)` (a values_list() QuerySet) now, or None where
        its shape cannot be kept (the caller runs it through the ORM)."""
        run = self._run(key, queryset_at, query, db)
        if run is None:
            return None
        (compiler, sql, _params, _places, order), connection, params = run
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True)
        return [order(row) for row in rows]

    def count(self, key, queryset_at, query, db):
        """How many rows `queryset_at(moment, query)` has now, counted by the database, or None
        where its shape cannot be kept."""
        run = self._run(key, queryset_at, query, db)
        if run is None:
            return None
        (_compiler, sql, _params, _places, _order), connection, params = run
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 - Django's SQL
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Its setting, the count, and the setting undone, in one round trip.
                cursor.execute(postgresql.counting(sql), params)
                cursor.nextset()
            else:
                cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _run(self, key, queryset_at, query, db):
        """(what compile() made, the connection, the parameters for `query` now), or None."""
        connection = connections[db]
        kind = postgresql.reads_document_alone(query)
        compiled = self.compiled(connection, (*key, kind), queryset_at, kind)
        if compiled is None:
            return None
        _compiler, _sql, params, places, _order = compiled
        values = _markers(query, connection.ops.adapt_datetimefield_value(timezone.now()))
        return compiled, connection, [values[places[index]] if index in places else p for index, p in enumerate(params)]

    @classmethod
    def compile(cls, connection, queryset_at, kind):
        """(compiler, SQL, parameters, {position: marker name}, the row's reordering) or None,
        with MARKERS of that `kind`."""
        compiled = []
        for markers in cls.MARKERS[kind]:
            moment = markers["moment"]
            queryset = queryset_at(moment, markers["query"])
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            adapted = {**markers, "moment": connection.ops.adapt_datetimefield_value(moment)}
            places = {}
            for index, param in enumerate(params):
                names = [name for name, marker in adapted.items() if type(param) is type(marker) and param == marker]
                if len(names) > 1:
                    return None
                if names:
                    places[index] = names[0]
            compiled.append((compiler, sql, params, places, cls.order(compiler, queryset)))
        (compiler, sql, params, places, order), (_, other_sql, other_params, other_places, _order) = compiled
        if sql != other_sql or len(params) != len(other_params) or places != other_places or not places or not order:
            return None
        changing = {index for index, (one, other) in enumerate(zip(params, other_params, strict=True)) if one != other}
        if changing != set(places):
            return None
        return compiler, sql, params, places, order

    @staticmethod
    def order(compiler, queryset):
        """What puts a row of the compiler in the order of values_list()'s fields, from the
        columns' names in the SQL (their order there may change from one process to another),
        or None where a column is not one of those fields."""
        names = [alias for _expression, _sql, alias in compiler.select]
        # modeltranslation's values_list() keeps the fields asked for as `original_fields`.
        fields = list(getattr(queryset, "original_fields", None) or queryset._fields)
        if sorted(names) != sorted(fields) or len(set(names)) != len(names):
            return None
        positions = [names.index(name) for name in fields]
        return lambda row: tuple(row[position] for position in positions)


compiled_queries = CompiledQueries()


class CompiledSearch:
    """What SearchPaginator runs for one search of the public page: its count and its page,
    through the compiled queries of its shape (`key`: what, besides the words, makes its SQL).
    `found_at(moment, query, in_headline=None, filtered=True)` is the search at that moment, as
    found_ids() gives it; `probed`, page_of() is also given its headline matches without the filters;
    `entries`, pages.walked_entries() of the search."""

    def __init__(self, key, found_at, query, db, *, probed=False, entries=None):
        self.key, self.found_at, self.query, self.db = key, found_at, query, db
        self.probed, self.entries = probed, entries  # pages.probes_headlines(), pages.walked_entries()

    def count(self, limit):
        """How many releases match, counted up to `limit` (None: not compiled)."""
        return compiled_queries.count(
            (*self.key, "count", limit),
            lambda moment, query: self.found_at(moment, query).order_by().values_list("pk")[:limit],
            self.query,
            self.db,
        )

    def page(self, page_of, bottom, top, window, walked=False):
        """`page_of(found, bottom, top, groups, window, entries)`'s rows for this search, its
        entries given if `walked` (None: not compiled)."""

        def page_at(moment, query):
            groups = [self.found_at(moment, query, in_headline) for in_headline in (True, False)]
            if self.probed:
                groups.append(self.found_at(moment, query, True, filtered=False))
            entries = self.entries.in_lists_now(at=moment) if walked else None
            return page_of(self.found_at(moment, query), bottom, top, groups, window, entries)

        key = (*self.key, "page", bottom, top, window, self.probed, walked)
        return compiled_queries.rows(key, page_at, self.query, self.db)


def compiled_search(filters, query, language, db):
    """The CompiledSearch of the public search page for `query` in `language`, narrowed by
    `filters` (a valid ReleaseFilterForm), or None for a query without a word (nothing to run)."""
    from releases.models import Release  # the models import this package
    from releases.search import found_ids
    from releases.search.pages import probes_headlines, walked_entries

    if not search_terms(query):
        return None
    chosen = sorted((name, str(value)) for name, value in filters.values.items() if name != "q")

    def found_at(at, words, in_headline=None, filtered=True):
        found = Release.objects.search(words, language, at=at, in_headline=in_headline)
        return found_ids(filters.filter(found) if filtered else found)

    probed = probes_headlines(bool(chosen), query, db)
    entries = walked_entries(filters, db)
    return CompiledSearch((language, *chosen), found_at, query, db, probed=probed, entries=entries)
