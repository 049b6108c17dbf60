"""Stub: filled in by the views engineer."""

from django.http import HttpResponse


def attendance(request, **kwargs):
    return HttpResponse(status=501)


def attendance_tick(request, **kwargs):
    return HttpResponse(status=501)


def figures(request, **kwargs):
    return HttpResponse(status=501)


def group_figures(request, **kwargs):
    return HttpResponse(status=501)


def py(request, **kwargs):
    return HttpResponse(status=501)


def registrations(request, **kwargs):
    return HttpResponse(status=501)


def walk_in(request, **kwargs):
    return HttpResponse(status=501)
