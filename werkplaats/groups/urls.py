"""URLs of learning groups: public pages under /groepen/, the workspace under /mijn/groepen/.

The workspace content views (workspace, thread, files, file_download, meetings, meeting,
actions) live in views/workspace.py and are built by the workspace engineer; the others in
views/public.py and views/manage.py.
"""

from django.urls import path

from .views import manage, public, workspace

app_name = "groups"

urlpatterns = [
    # Public pages.
    path("groepen/", public.index, name="index"),
    path("groepen/<slug:slug>/", public.detail, name="detail"),
    path("groepen/<slug:slug>/aanmelden/", public.join, name="join"),
    # Managing a group and one's membership.
    path("mijn/groepen/<slug:slug>/leden/", manage.members, name="members"),
    path("mijn/groepen/<slug:slug>/verlaten/", manage.leave, name="leave"),
    path("mijn/groepen/<slug:slug>/leervragen/", manage.questions, name="questions"),
    path("mijn/groepen/<slug:slug>/instellingen/", manage.settings, name="settings"),
]

# The workspace content (views/workspace.py).
urlpatterns += [
    path("mijn/groepen/<slug:slug>/", workspace.workspace, name="workspace"),
    path("mijn/groepen/<slug:slug>/berichten/<int:pk>/", workspace.thread, name="thread"),
    path("mijn/groepen/<slug:slug>/bestanden/", workspace.files, name="files"),
    path(
        "mijn/groepen/<slug:slug>/bestanden/<int:pk>/download/",
        workspace.file_download,
        name="file_download",
    ),
    path("mijn/groepen/<slug:slug>/bijeenkomsten/", workspace.meetings, name="meetings"),
    path("mijn/groepen/<slug:slug>/bijeenkomsten/<int:pk>/", workspace.meeting, name="meeting"),
    path("mijn/groepen/<slug:slug>/acties/", workspace.actions, name="actions"),
    path(
        "mijn/groepen/<slug:slug>/berichten/<int:pk>/bewerken/",
        workspace.post_edit,
        name="post_edit",
    ),
    path(
        "mijn/groepen/<slug:slug>/berichten/<int:pk>/verwijderen/",
        workspace.post_remove,
        name="post_remove",
    ),
    path(
        "mijn/groepen/<slug:slug>/bestanden/<int:pk>/verwijderen/",
        workspace.file_remove,
        name="file_remove",
    ),
    path(
        "mijn/groepen/<slug:slug>/acties/<int:pk>/bewerken/",
        workspace.action_edit,
        name="action_edit",
    ),
]
