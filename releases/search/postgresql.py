"""Search on PostgreSQL: stored search vectors with GIN indexes, and headlines for one page.

The migration `0006_search` creates two text search configurations, `newsroom_es` and
`newsroom_en`: copies of `spanish` and `english` whose word mappings run through the `unaccent`
dictionary before the stemmer, so "mexico", "México" and "MÉXICO" all become the same lexeme,
and one function per language that builds a release's document as a page in that language shows
it (title, summary, body, background; the English one takes, field by field, the English text
where there is one and the Spanish text otherwise, each read in its own language).

`0018_search_vectors` stores those documents (`search_es`, `search_en`), and each headline alone
(`search_title_es`, `search_title_en`), in tsvector columns with GIN indexes, kept by a trigger:
- Stored, because checking a match or ranking on an expression index recomputes the document
  from the text of every row it touches, while a stored vector is read; and its statistics tell
  the planner how common a word is, so it reads a rare word's releases off the index and walks
  the newest releases for a common one (see releases/search/pages.py).
- A trigger rather than save(): `update()`, `bulk_create()`, imports and plain SQL all go
  through it, so no write leaves a vector stale. A trigger rather than a generated column:
  PostgreSQL refuses to change the type of a column that a generated column reads (a longer
  headline would mean dropping search first), and a trigger skips the UPDATEs that leave the
  text alone (publishing, withdrawing).
- The columns are not model fields, so Django never reads them (a list would fetch kilobytes of
  vectors per row for nothing); `StoredVector` names them in queries.

Snippets come from `ts_headline()`, which parses the original text with the same configuration,
so the snippet for "mexico" highlights "México" with its accent. It parses every word it is
given, so it reads only HEADLINE_WINDOW bytes around the first match (the migrations'
`newsroom_headline_text()`: 0018, 0021, 0022, which finds that match without lowering or
unaccenting the text; 0027, which finds and cuts it in bytes, not characters; 0028, which, where
the word is not there as written, asks the document vector whether the text holds it at all; and
0029, which cuts the window to its first words where the vector says no fragment of the text can
satisfy the query: ts_headline() then keeps the first words of what it is given), and only for
the rows of the page shown.

A page's headline matches are read with the headline vector alone (`search(in_headline=True)`),
off the index that keeps each language's headline vectors beside the releases' dates (0023),
without the table's rows; see releases/search/pages.py for how a page is read.

Each release's issuing organisations and topics are kept on its row too (0025, `narrowed()`), and
each vector's GIN index holds them beside its words (0026).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchVectorField
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Col
from django.db.models.functions import Cast, Concat

from newsroom.snippets import START_MARK, STOP_MARK
from releases.search.query import FALLBACK_LANGUAGE, shown_text

# Text search configurations created by the migration, by page language.
CONFIGURATIONS = {"es": "newsroom_es", "en": "newsroom_en"}
# How many bytes around the first match ts_headline() reads (of UTF-8: a character of Spanish is
# one or two): a whole release costs it about a millisecond, and a page has twenty. Its cost
# follows the length: 600 bytes hold the two fragments of 35 words a snippet shows at most, with
# a third of the window before the match.
HEADLINE_WINDOW = 600
# A word in a tsquery's text: in quotes, a quote in it doubled.
QUOTED_LEXEME = r"'((?:[^']|'')+)'"


# For the count's statement alone (counting()), a page read in table order is priced as one read
# at random is by default. The planner prices each row of a scan in table order by its share of a
# page, not by the read of its document's vector out of line (TOAST) that testing it takes, about
# 5 µs a row at 100,000 releases: counting a word found in 1 release of 20, it read 2,000 rows in
# table order (10 ms) rather than 101 off the word's index (2.5 ms). Words found in most releases,
# which fill the count within a few hundred rows, are still counted in table order.
COUNT_SETTING = "SET LOCAL seq_page_cost = 4"


def counting(sql):
    """The count's statement `sql` under COUNT_SETTING, which it sets for itself and undoes after
    (in a transaction, SET LOCAL would last until it ends): three statements, whose second result
    is the count's."""
    return f"{COUNT_SETTING}; {sql}; RESET seq_page_cost"


class StoredColumn(Expression):
    """A column of the release table kept by the database for search and not declared on the
    model (a subclass's `output_field` says of what type): resolved as a field's column would be."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        field = self.output_field.clone()
        field.set_attributes_from_name(self.column)
        field.model = query.model
        return Col(query.get_initial_alias(), field)


class StoredVector(StoredColumn):
    """A search vector column (`search_es`, `search_title_en`…), kept by a trigger (0018)."""

    output_field = SearchVectorField()


class StoredIds(StoredColumn):
    """`search_organisations` or `search_topics`: the ids of a release's issuing organisations or
    topics, kept on its row by the database and indexed (migration 0025)."""

    output_field = ArrayField(BigIntegerField())


def narrowed(releases, organisation=None, topic=None):
    """`releases` issued by `organisation` and listed under `topic` (either may be None), as the
    ids on their rows say: each vector's GIN index holds those ids too (0026), so the database
    reads the words and the ids in one scan of it."""
    for column, chosen in (("search_organisations", organisation), ("search_topics", topic)):
        if chosen is not None:
            releases = releases.alias(**{column: StoredIds(column)}).filter(**{f"{column}__contains": [chosen.pk]})
    return releases


class HeadlineText(Func):
    """The part of a text around the first word of a query (`newsroom_headline_text()`), given the
    release's document vector and query_outside_headline(), which tell it where the text does not
    hold the first word (0028) or cannot satisfy the query (0029)."""

    function = "newsroom_headline_text"
    output_field = TextField()


def tsquery(query, language):
    """The query in the page's language; on other pages also read as Spanish, for fallback text."""
    tsquery = SearchQuery(query, search_type="websearch", config=CONFIGURATIONS[language])
    if language != FALLBACK_LANGUAGE:
        tsquery |= SearchQuery(query, search_type="websearch", config=CONFIGURATIONS[FALLBACK_LANGUAGE])
    return tsquery


def query_outside_headline(query, parsed):
    """`parsed` (tsquery()) with each word weighted as the summary, body and background are in a
    release's document vector (B, C): where the vector does not match it, no fragment of the text
    a snippet is cut from satisfies the query, and newsroom_headline_text() (0029) gives
    ts_headline() only the first words it would keep. None for a query excluding a word: a
    fragment may lack the word that the rest of the text holds."""
    if not reads_document_alone(query):
        return Value(None, output_field=SearchQueryField())
    # Immutable functions of constants: PostgreSQL works it out once, when it plans the query.
    weighted = Func(
        Cast(parsed, TextField()), Value(QUOTED_LEXEME), Value(r"'\1':BC"), Value("g"), function="regexp_replace"
    )
    return Cast(weighted, SearchQueryField())


def headline(query, parsed, language):
    """The snippet of a release as ts_headline() marks it (see newsroom/snippets.py)."""
    body = f"body_{language}"
    # The snippet comes from the summary and body the page shows, read in their own language.
    configuration = Case(
        When(~Q(**{body: ""}) & Q(**{f"{body}__isnull": False}), then=Value(CONFIGURATIONS[language])),
        default=Value(CONFIGURATIONS[FALLBACK_LANGUAGE]),
    )
    text = Concat(shown_text("summary", language), Value("\n"), shown_text("body", language), output_field=TextField())
    return SearchHeadline(
        HeadlineText(
            text,
            parsed,
            Value(HEADLINE_WINDOW),
            StoredVector(f"search_{language}"),
            query_outside_headline(query, parsed),
        ),
        parsed,
        config=configuration,
        start_sel=START_MARK,
        stop_sel=STOP_MARK,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def reads_document_alone(query):
    """Whether search() reads all the matches of `query` off the document's index alone.

    A headline is part of its document (the first of its parts, setweight() 'A'), so a query
    that excludes no word ("-méxico") matches the document wherever it matches the headline, and
    the document's index alone is read, not both (each a scan of the words' posting lists: 1-3 ms
    of a count at 100,000 releases). One word kept the headline first for a while, so that where
    the database tests it row by row (a common word) the headline's small vector, kept in the
    row, spared most rows the read of the document's out of line: measured (EXPLAIN ANALYZE of
    the counts, the document alone against both, alternating), it spared nothing to speak of
    (common words within 0.05-0.2 ms either way), and a word in 1 release of 20 narrowed to a
    topic or an organisation counted off both indexes, twice the same 1,041 entries, 0.6-1.2 ms
    more than off the document's."""
    return "-" not in query


def search(releases, query, language, in_headline=None):
    """`releases` matching `query`, with `search_in_title` and `search_headline`; with
    `in_headline` True or False, only those that match in their headline, or only the others."""
    parsed = tsquery(query, language)
    in_title, in_document = Q(search_title=parsed), Q(search_document=parsed)
    # A headline is part of its document, so headline matches need no look at the document: a
    # page's headline matches are then read off the index that holds each release's headline
    # vector beside its date (0023), without the rows. For all matches, PostgreSQL tests the
    # cheaper condition first: the small headline vector, kept in the row, before the document's,
    # which it must fetch and decompress.
    anywhere = in_document if reads_document_alone(query) else in_title | in_document
    match = {None: anywhere, True: in_title, False: ~in_title & in_document}[in_headline]
    return (
        releases.alias(
            search_document=StoredVector(f"search_{language}"), search_title=StoredVector(f"search_title_{language}")
        )
        .filter(match)
        .annotate(
            search_in_title=ExpressionWrapper(in_title, output_field=BooleanField()),
            # Evaluated for the rows a page returns only: PostgreSQL computes costly functions
            # of the select list after sorting and cutting to the LIMIT.
            search_headline=headline(query, parsed, language),
        )
    )
