"""Values derived from published content (core/cache.remember): built once, kept in the shared
cache and in each process's memory, never outliving a publish."""

import pytest
from django.core.cache import cache

from werkplaats.core.cache import GENERATION_KEY, clear_page_cache, current_generation, remember


class Builds:
    def __init__(self, *values):
        self.values = list(values)
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.values.pop(0)


def test_value_is_built_once_and_then_read_from_this_process_memory():
    build = Builds(["Armoede"], ["Eenzaamheid"])
    assert remember("themes", build) == ["Armoede"]
    cache.delete(f"derived:{current_generation()}:themes")  # the shared copy

    assert remember("themes", build) == ["Armoede"]
    assert build.count == 1


def test_a_publish_makes_every_kept_value_stale():
    build = Builds(["Armoede"], ["Armoede", "Eenzaamheid"])
    remember("themes", build)

    clear_page_cache()

    assert remember("themes", build) == ["Armoede", "Eenzaamheid"]


def test_a_publish_in_another_process_counts_too():
    build = Builds("oud", "nieuw")
    remember("news", build)

    cache.incr(GENERATION_KEY)  # what clear_page_cache does, seen from here

    assert remember("news", build) == "nieuw"


def test_an_emptied_shared_cache_never_brings_back_what_this_process_kept():
    """Redis restarted: the generation starts again, at a number no kept value has."""
    build = Builds("oud", "nieuw")
    remember("news", build)

    cache.clear()

    assert remember("news", build) == "nieuw"


@pytest.mark.parametrize("nothing", [None])
def test_nothing_found_is_not_kept(nothing):
    build = Builds(nothing, "gevonden")

    assert remember("page", build) is None
    assert remember("page", build) == "gevonden"


def test_code_version_changes_with_any_file_but_not_with_python_caches(tmp_path):
    from werkplaats.core.cache import tree_hash

    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "card.html"
    template.write_text("<p>{{ title }}</p>")
    before = tree_hash(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\x00")
    assert tree_hash(tmp_path) == before

    template.write_text("<h2>{{ title }}</h2>")
    assert tree_hash(tmp_path) != before


def test_the_generation_is_kept_per_code_version():
    from werkplaats.core.cache import code_version

    assert GENERATION_KEY.endswith(code_version())
