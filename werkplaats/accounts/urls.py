from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
    path("mijn/uitnodigen/", views.invitations, name="invitations"),
    path("mijn/uitnodigen/<int:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("mijn/uitnodigen/<int:pk>/opnieuw/", views.invitation_resend, name="invitation_resend"),
    path("mijn/groepen/<slug:slug>/uitnodigen/", views.invite_to_group, name="invite_to_group"),
    path("mijn/aanmeldingen/", views.approvals, name="approvals"),
    path("mijn/aanmeldingen/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
