"""Placeholder: replaced by the engineer who builds these views."""

from django.http import Http404


def index(request, **kwargs):
    raise Http404


def product(request, **kwargs):
    raise Http404


def product_print(request, **kwargs):
    raise Http404


def practice(request, **kwargs):
    raise Http404


def organisation(request, **kwargs):
    raise Http404
