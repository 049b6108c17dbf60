"""Wagtail's database search backend, with Dutch stemming on SQLite as well.

PostgreSQL stems with its own 'dutch' text search configuration (SEARCH_CONFIG). SQLite's
FTS5 has no Dutch stemmer, so on SQLite the indexed text and the query terms both pass through
the Snowball Dutch stemmer: "leerkringen" and "leerkring" are both indexed as "leerkring".
"""

import re
import threading
from functools import cache, lru_cache

import snowballstemmer
from django.db import connection
from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText

_WORD = re.compile(r"\w+", re.UNICODE)
# A Snowball stemmer keeps the word it works on in itself: one per thread, or threads of one
# process (gunicorn's gthread workers) mix up each other's words.
_per_thread = threading.local()


def _stemmer():
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        # "dutch_porter" is the Snowball stemmer PostgreSQL's "dutch" configuration uses, so
        # both databases find the same words.
        stemmer = _per_thread.stemmer = snowballstemmer.stemmer("dutch_porter")
    return stemmer


@lru_cache(maxsize=50_000)
def _stem_word(word):
    return _stemmer().stemWord(word)


def stem_text(text):
    """Lower-case every word of `text` and reduce it to its Dutch stem."""
    return " ".join(_stem_word(word) for word in _WORD.findall((text or "").lower()))


@cache
def _sqlite_backend_class():
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Cast
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

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
            if self.order_by_relevance and stop is not None:
                ranked = self._ranked_page(config, start, stop, score_field)
                if ranked is not None:
                    return ranked
            return super().search(config, start, stop, score_field=score_field)

        def match_scores(self, config):
            """{object id (as text): bm25} of every match in the queryset, from one query.

            None when the query is no plain match (match-all, negation): modelsearch's way.
            bm25: lower is better.
            """
            normalized = normalize(self.query)
            if isinstance(normalized, (MatchAll, Not)):
                return None
            if isinstance(self.query, (PlainText, Phrase)) and not stem_text(
                self.query.query_string
            ):
                return {}
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(normalized, config=config),
            )
            # Only objects the search is over (live, public, visible…): ids are stored as text.
            allowed = self.queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")
            return dict(
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(
                        self.queryset.model
                    ),
                    index_entry__object_id__in=allowed,
                )
                .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
                .values_list("index_entry__object_id", "score")
            )

        def _ranked_page(self, config, start, stop, score_field):
            """One page of results by relevance, the full-text match run once.

            modelsearch scores each result in a subquery that runs the match again, per
            result: a common word over a few thousand pages takes seconds. Here the scores of
            matching pages come from one query, and the page's rows from another. Counting and
            unsliced results keep modelsearch's way (its count has no scores).
            """
            scores = self.match_scores(config)
            if scores is None:
                return None
            # bm25: lower is better; ties newest first, as modelsearch orders them.
            if not all(key.isdecimal() for key in scores):
                return None  # a model without integer keys: modelsearch's way
            by_rank = sorted(scores, key=lambda key: (scores[key], -int(key)))
            ranked = [int(key) for key in by_rank[start:stop]]
            if not ranked:
                return self.queryset.none()
            position = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)))
            page = self.queryset.filter(pk__in=ranked)
            if score_field is not None:
                score = Case(*(When(pk=pk, then=Value(scores[str(pk)])) for pk in ranked))
                page = page.annotate(**{score_field: score})
            return page.order_by(position)

    class DutchSQLiteSearchBackend(SQLiteSearchBackend):
        index_class = DutchSQLiteIndex
        query_compiler_class = DutchSQLiteSearchQueryCompiler

    return DutchSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    return backend
