import pytest

from werkplaats.network.models import Person


@pytest.fixture(autouse=True)
def _own_private_storage(tmp_path):
    """Photos go to a folder of this test's own: the rows are rolled back but files are not,
    and other test runs on the machine write to the shared private folder."""
    storage = Person._meta.get_field("photo").storage
    saved = {key: storage.__dict__.get(key) for key in ("base_location", "location")}
    storage.__dict__["base_location"] = storage.__dict__["location"] = str(tmp_path / "private")
    yield
    for key, value in saved.items():
        if value is None:
            storage.__dict__.pop(key, None)
        else:
            storage.__dict__[key] = value
