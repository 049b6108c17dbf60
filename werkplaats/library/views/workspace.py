"""Placeholder: replaced by the engineer who builds these views."""

from django.http import Http404


def group_items(request, **kwargs):
    raise Http404


def item_new(request, **kwargs):
    raise Http404


def guarded_names(request, **kwargs):
    raise Http404


def edit(request, **kwargs):
    raise Http404


def share(request, **kwargs):
    raise Http404


def versions(request, **kwargs):
    raise Http404


def version(request, **kwargs):
    raise Http404


def review_queue(request, **kwargs):
    raise Http404


def review_entry(request, **kwargs):
    raise Http404


def product_new(request, **kwargs):
    raise Http404
