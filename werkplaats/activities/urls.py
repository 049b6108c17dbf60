"""URLs of activities: the public calendar under /activiteiten/, the organisers' and members'
pages under /mijn/activiteiten/.

views/public.py: calendar, archive, detail, sign-up, the personal sign-up link, iCalendar.
views/organise.py: sign-ups and attendance for organisers, participation figures.
"""

from django.urls import path

from .views import organise, public

app_name = "activities"

urlpatterns = [
    path("activiteiten/", public.index, name="index"),
    path("activiteiten/archief/", public.archive, name="archive"),
    path("activiteiten/agenda.ics", public.public_feed, name="public_feed"),
    path("activiteiten/agenda/<str:key>.ics", public.private_feed, name="private_feed"),
    path("activiteiten/aanmelding/<str:token>/", public.registration, name="registration"),
    path("activiteiten/<slug:slug>/", public.detail, name="detail"),
    path("activiteiten/<slug:slug>/aanmelden/", public.register, name="register"),
    path("activiteiten/<slug:slug>/agenda.ics", public.activity_ics, name="activity_ics"),
    path("groepen/<slug:slug>/agenda.ics", public.group_feed, name="group_feed"),
    path("mijn/activiteiten/", public.my_activities, name="mine"),
    path("mijn/activiteiten/agenda-vernieuwen/", public.reset_feed, name="reset_feed"),
    # Organisers.
    path(
        "mijn/activiteiten/<slug:slug>/aanmeldingen/",
        organise.registrations,
        name="registrations",
    ),
    path("mijn/activiteiten/<slug:slug>/aanwezigheid/", organise.attendance, name="attendance"),
    path(
        "mijn/activiteiten/<slug:slug>/aanwezigheid/vink/",
        organise.attendance_tick,
        name="attendance_tick",
    ),
    path(
        "mijn/activiteiten/<slug:slug>/aanwezigheid/inloop/",
        organise.walk_in,
        name="walk_in",
    ),
    path("mijn/deelname/", organise.figures, name="figures"),
    path("mijn/groepen/<slug:slug>/deelname/", organise.group_figures, name="group_figures"),
]
