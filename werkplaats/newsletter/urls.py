"""URLs of the newsletter: /nieuwsbrief/, the personal links, the archive, /mijn/nieuwsbrief/."""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("nieuwsbrief/", views.subscribe, name="subscribe"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("nieuwsbrief/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("nieuwsbrief/voorkeuren/<str:token>/", views.preferences, name="preferences"),
    path("nieuwsbrief/archief/", views.archive, name="archive"),
    path("nieuwsbrief/archief/<slug:slug>/", views.archive_issue, name="archive_issue"),
    path("mijn/nieuwsbrief/", views.mine, name="mine"),
]
