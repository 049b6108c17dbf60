"""Placeholder: replaced by the engineer who builds these views."""

from django.http import Http404


def download(request, **kwargs):
    raise Http404


def transfer_pdf(request, **kwargs):
    raise Http404


def send(request, **kwargs):
    raise Http404


def manage(request, **kwargs):
    raise Http404
