"""Wagtail's database search backend, with Dutch stemming on SQLite as well.

PostgreSQL stems with its own 'dutch' text search configuration (SEARCH_CONFIG). SQLite's
FTS5 has no Dutch stemmer, so on SQLite the indexed text and the query terms both pass through
the Snowball Dutch stemmer: "leerkringen" and "leerkring" are both indexed as "leerkring".
"""

import re
from functools import cache, lru_cache

import snowballstemmer
from django.db import connection
from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText

_WORD = re.compile(r"\w+", re.UNICODE)
# "dutch_porter" is the Snowball stemmer PostgreSQL's "dutch" configuration uses, so both
# databases find the same words.
_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=50_000)
def _stem_word(word):
    return _stemmer.stemWord(word)


def stem_text(text):
    """Lower-case every word of `text` and reduce it to its Dutch stem."""
    return " ".join(_stem_word(word) for word in _WORD.findall((text or "").lower()))


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class DutchSQLiteIndex(SQLiteIndex):
        def add_items(self, model, objs):
            super().add_items(model, objs)
            # Rewrite the entries just written with stemmed text; FTS5's triggers follow.
            from modelsearch.utils import get_content_type_pk

            ids = [str(obj.pk) for obj in objs]
            entries = list(
                self.entries.filter(content_type_id=get_content_type_pk(model), object_id__in=ids)
            )
            for entry in entries:
                entry.title = stem_text(entry.title)
                entry.body = stem_text(entry.body)
            self.entries.model._default_manager.bulk_update(
                entries, ["title", "body"], batch_size=500
            )

    class DutchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                stemmed = stem_text(query.query_string)
                query = PlainText(stemmed, operator=query.operator, boost=query.boost)
            elif isinstance(query, Phrase):
                query = Phrase(stem_text(query.query_string))
            return super().build_search_query_content(query, config=config)

        def search(self, config, start, stop, score_field=None):
            # A query of only punctuation ('"', '*', '-') stems to nothing, which SQLite's
            # compiler cannot express; it matches no page.
            if isinstance(self.query, (PlainText, Phrase)) and not stem_text(
                self.query.query_string
            ):
                return self.queryset.none()
            return super().search(config, start, stop, score_field=score_field)

    class DutchSQLiteSearchBackend(SQLiteSearchBackend):
        index_class = DutchSQLiteIndex
        query_compiler_class = DutchSQLiteSearchQueryCompiler

    return DutchSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    return backend
