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

from django.db import connections
from django.utils import timezone

from newsroom.compiled_sql import MOMENTS, CompiledPerProcess, compile_marked
from releases.search import postgresql
from releases.search.pages import walked_matches
from releases.search.query import query_text, search_terms


def _markers(query, moment):
    searched = query_text(query)[0]
    return {
        "query": searched,
        "terms": " ".join(search_terms(query)),
        "moment": moment,
    }


class CompiledQueries(CompiledPerProcess):
    """Compiled values_list() QuerySets of search, by shape, for this process."""

    # Each marker query differs from its terms ("Alfa Beta" searches "alfa beta"), so the query's
    # and the terms' places are told apart too. Two kinds of query make two kinds of SQL on
    # PostgreSQL (postgresql.reads_document_alone()): queries that exclude no word, and the
    # others; each is compiled with markers of its kind.
    MARKERS = {
        True: (
            _markers("Alfa Beta", MOMENTS[0]),
            _markers("Gamma Delta", MOMENTS[1]),
        ),
        False: (
            _markers("Alfa -Beta", MOMENTS[0]),
            _markers("Gamma -Delta", MOMENTS[1]),
        ),
    }
    # Shapes (keys): two languages, the filters chosen, 50 pages.

    def rows(self, key, queryset_at, query, db):
        """The rows of `queryset_at(moment, query)` (a values_list() QuerySet) now, or None where
        its shape cannot be kept (the caller runs it through the ORM)."""
        run = self._run(key, queryset_at, query, db)
        if run is None:
            return None
        compiled, connection, values = run
        return compiled.rows(connection, values)

    def count(self, key, queryset_at, query, db, limit, first_at=None, sample=None):
        """(how many rows `queryset_at(moment, query)` (cut to `limit`) has now, how many of the
        part `first_at` has, or None), counted by the database; or None where its shape cannot be
        kept. With `first_at`, a part of those rows (cut to `limit` too) is counted first, in the
        same statement, and the whole only where the part holds fewer than `limit`. With `sample`
        too (a function like `first_at`, a number), the part is counted only where the sample's
        rows (cut to that number) are as many: where they are fewer, the part seldom holds
        `limit`, and the whole is counted at once (and the part's count is None)."""
        parts = {"whole": queryset_at, "first": first_at, "sample": sample and sample[0]}
        runs = {
            name: self._run(key if name == "whole" else (*key, name), part_at, query, db)
            for name, part_at in parts.items()
            if part_at is not None
        }
        if None in runs.values():
            return None
        connection = runs["whole"][1]
        counts = {
            name: (f"(SELECT COUNT(*) FROM ({compiled.sql}) AS counted)", compiled.params_for(connection, values))  # noqa: S608 - Django's SQL
            for name, (compiled, _connection, values) in runs.items()
        }
        limit, (sql, params) = int(limit), counts["whole"]
        # The part is counted only where the sample holds enough, the whole only where the part
        # holds too few: PostgreSQL runs each subquery (reading nothing of the rows around it)
        # once, when the CASE first needs it, and evaluates AND from the left, stopping at false.
        if sample:
            (sample_sql, sample_params), (first_sql, first_params) = counts["sample"], counts["first"]
            sql, params = (
                f"SELECT CASE WHEN {sample_sql} >= {int(sample[1])} AND {first_sql} >= {limit} "
                f"THEN {limit} ELSE {sql} END, NULL",
                [*sample_params, *first_params, *params],
            )
        elif first_at is not None:
            # The part's count is both the condition and the second value, counted once: in a
            # subquery with a LIMIT, which PostgreSQL does not merge into the statement (merged,
            # it counted the part once for each place).
            sql, params = (
                f"SELECT CASE WHEN part >= {limit} THEN {limit} ELSE {sql} END, part "  # noqa: S608 - Django's SQL
                f"FROM (SELECT {counts['first'][0]} AS part LIMIT 1) AS counted_first",
                [*params, *counts["first"][1]],
            )
        else:
            sql = f"SELECT {sql}, NULL"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Its setting, the count, and the setting undone, in one round trip.
                cursor.execute(postgresql.counting(sql), params)
                cursor.nextset()
            else:
                cursor.execute(sql, params)
            return cursor.fetchone()

    def _run(self, key, queryset_at, query, db):
        """(the Compiled SQL, the connection, the markers' values for `query` now), or None."""
        connection = connections[db]
        kind = postgresql.reads_document_alone(query)
        compiled = self.compiled(connection, (*key, kind), queryset_at, kind)
        if compiled is None:
            return None
        return compiled, connection, _markers(query, timezone.now())

    @classmethod
    def compile(cls, connection, queryset_at, kind):
        """The Compiled SQL of `queryset_at(moment, query)` with MARKERS of that `kind`, or None."""
        marked = lambda markers: queryset_at(markers["moment"], markers["query"])  # noqa: E731
        return compile_marked(connection, marked, cls.MARKERS[kind])


compiled_queries = CompiledQueries()

# How many of an organisation's or a topic's newest index entries a count walks before it counts
# off the indexes (CompiledSearch.count()): a word in half its releases fills a count of 101
# within about 200; each entry walked costs 7-10 µs (its release's document, read out of line).
COUNT_WALK = 300
# The newest entries walked before that, and how many of them must match for the walk to be made:
# a word found in fewer than 1 in 5 of them seldom fills the count within COUNT_WALK, and the
# walk's cost (3 ms) would only come before the count off the indexes. A common word finds its
# 12 within about 25 entries (0.3 ms).
COUNT_SAMPLE = (60, 12)


class CompiledSearch:
    """What SearchPaginator runs for one search of the public page: its count and its page,
    through the compiled queries of its shape (`key`: what, besides the words, makes its SQL).
    `found_at(moment, query, in_headline=None, filtered=True, narrowed=False)` is the search at
    that moment, as found_ids() gives it (`narrowed`: by the ids on the releases' rows,
    postgresql.narrowed()); `probed`, page_of() is also given its headline matches without the
    filters; `entries`, pages.walked_entries() of the search."""

    def __init__(self, key, found_at, query, db, *, probed=False, entries=None, filtered=False):
        self.key, self.found_at, self.query, self.db = key, found_at, query, db
        self.probed, self.entries = probed, entries  # pages.probes_headlines(), pages.walked_entries()
        self.filtered = filtered
        self.headline_matches = None  # how many, up to the count's limit, where count() says

    def count(self, limit):
        """How many releases match, counted up to `limit` (None: not compiled).

        Without filters, the headline matches are counted first: they are among the matches (a
        headline is the first part of its document, postgresql.search()), and where `limit` of
        them are found, so are `limit` matches. A headline's small vectors, kept in the row, are
        counted for less than the documents': searching an organisation's name at 100,000
        releases, 1.5-2 ms where the documents cost 4-7 (their index holds many more releases with
        the words).

        Narrowed to an organisation or a topic (`entries`), the matches among its newest
        COUNT_WALK entries are counted first, each release looked up by its id; where fewer than
        `limit` are found there, all of them are counted off the words' index and the ids on the
        releases' rows (postgresql.narrowed()). Left to itself, the database judged that a word in
        1 release of 20 would soon fill the count among an organisation's releases, and tested
        all 4,533 of them for 83 matches (35 ms at 100,000 releases; walked, then counted off the
        indexes, 6 ms). Where few match among the newest entries of all (COUNT_SAMPLE), the walk
        is not made: searching an organisation's name narrowed to a topic, it found 8 matches in
        300 entries, 3.3 ms spent before the count off the indexes (3 ms)."""

        def cut(in_headline=None, narrowed=False):
            def found_at(moment, query):
                found = self.found_at(moment, query, in_headline, narrowed=narrowed)
                return found.order_by().values_list("pk")[:limit]

            return found_at

        key = (*self.key, "count", limit)
        if not self.filtered:
            counts = compiled_queries.count(key, cut(), self.query, self.db, limit, first_at=cut(True))
        elif self.entries is None:
            counts = compiled_queries.count(key, cut(), self.query, self.db, limit)
        else:

            def walked(walk, cut_at):
                def walked_at(moment, query):
                    found = self.found_at(moment, query, narrowed=True)
                    walked, _boundary = walked_matches(self.entries().in_lists_now(at=moment), found, walk)
                    return walked.values_list("release_id")[:cut_at]

                return walked_at

            sampled, found_in_sample = COUNT_SAMPLE
            counts = compiled_queries.count(
                key,
                cut(narrowed=True),
                self.query,
                self.db,
                limit,
                first_at=walked(COUNT_WALK, limit),
                sample=(walked(sampled, found_in_sample), found_in_sample),
            )
        if counts is None:
            return None
        counted, first_part = counts
        if not self.filtered:
            self.headline_matches = first_part
        return counted

    def page(self, page_of, bottom, top, window, walked=False):
        """`page_of(found, bottom, top, groups, window, entries)`'s rows for this search, its
        entries given if `walked` (None: not compiled).

        Narrowed to an organisation or a topic (`entries`), its headline matches are read by the
        ids on the releases' rows (postgresql.narrowed()), as the database chooses: off the
        headline words' index and the organisation's or topic's, which it intersects, where few
        match, else walking. So are its other matches where no more than COUNTED match; where
        more do, they are walked along the entries. Neither is counted first without the filters
        (compiled_search() sets no `probed`): that guarded the walk of a topic's releases for
        headline matches where the words are rare together. Read so, a common word narrowed to an
        organisation: page 10 → 6.5-7 ms at 100,000 releases.

        Where the count found no headline match (without filters: count()), the page reads the
        others alone: an organisation's name found in no headline walked the newest 1,000
        headlines for nothing and read the older ones off the headline words' index, to find none
        again. Six such names at 100,000 releases (EXPLAIN ANALYZE, median of 20, alternating):
        the page's query 7.1-20.6 → 4.8-13.0 ms, of which planning 1.2-1.4 → 0.6-0.7."""
        narrowed = self.entries is not None
        no_headline_match = window is not None and self.headline_matches == 0

        def page_at(moment, query):
            groups = [
                None if no_headline_match else self.found_at(moment, query, True, narrowed=narrowed),
                self.found_at(moment, query, False, narrowed=narrowed and not walked),
            ]
            if self.probed:
                groups.append(self.found_at(moment, query, True, filtered=False))
            entries = self.entries().in_lists_now(at=moment) if walked else None
            # The page's rows are read by id among candidates the groups filtered: without the
            # filters again, whose joins and conditions cost 0.3-0.5 ms more to plan.
            found = self.found_at(moment, query, filtered=False)
            return page_of(found, bottom, top, groups, window, entries)

        key = (*self.key, "page", bottom, top, window, self.probed, walked, no_headline_match)
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

    def found_at(at, words, in_headline=None, filtered=True, narrowed=False):
        found = Release.objects.search(words, language, at=at, in_headline=in_headline)
        if filtered:
            found = filters.filter(found, postgresql.narrowed if narrowed else None)
        return found_ids(found)

    entries = walked_entries(filters, db)
    # Narrowed to an organisation or a topic, the headline matches are read off the indexes
    # (CompiledSearch.page()), not counted first without the filters.
    probed = entries is None and probes_headlines(bool(chosen), query, db)
    return CompiledSearch(
        (language, *chosen), found_at, query, db, probed=probed, entries=entries, filtered=bool(chosen)
    )
