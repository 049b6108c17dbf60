from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("mijn/profiel/", views.profile_edit, name="profile_edit"),
    path("mijn/meldingen/", views.notifications, name="notifications"),
    path("mijn/meldingen/gelezen/", views.mark_all_read, name="mark_all_read"),
    path("mijn/meldingen/<int:pk>/", views.open_notification, name="open_notification"),
    path("mensen/<slug:handle>/", views.person_detail, name="person"),
    path("mensen/<slug:handle>/foto/", views.person_photo, name="photo"),
    path("partners/", views.partners, name="partners"),
]
