"""Stub: filled in by the views engineer."""

from django.http import HttpResponse


def activity_ics(request, **kwargs):
    return HttpResponse(status=501)


def archive(request, **kwargs):
    return HttpResponse(status=501)


def detail(request, **kwargs):
    return HttpResponse(status=501)


def group_feed(request, **kwargs):
    return HttpResponse(status=501)


def index(request, **kwargs):
    return HttpResponse(status=501)


def my_activities(request, **kwargs):
    return HttpResponse(status=501)


def private_feed(request, **kwargs):
    return HttpResponse(status=501)


def public_feed(request, **kwargs):
    return HttpResponse(status=501)


def py(request, **kwargs):
    return HttpResponse(status=501)


def register(request, **kwargs):
    return HttpResponse(status=501)


def registration(request, **kwargs):
    return HttpResponse(status=501)


def reset_feed(request, **kwargs):
    return HttpResponse(status=501)
