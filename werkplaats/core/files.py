"""Stored files that belong to no one domain: the private storage, and deleting a file only once
the change that dropped it is committed."""

from django.core.files.storage import storages
from django.db import transaction


def private_storage():
    """Files served only through a view that checks permission (settings STORAGES["private"]).

    A callable on the field, so each environment's storage is read from its settings and the
    migrations name this function rather than a storage.
    """
    return storages["private"]


def delete_after_commit(storage, name):
    """Delete `name` from `storage` once the current transaction commits (at once outside one).

    A rolled-back change never loses the file its row still points to; a committed one never
    leaves the old file behind.
    """
    if name:
        transaction.on_commit(lambda: storage.delete(name))
