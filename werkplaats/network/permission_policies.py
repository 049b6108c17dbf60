"""Wagtail permission policies for admin screens that are the coordinators' alone."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from .permissions import is_coordinator


class CoordinatorsOnlyPolicy(ModelPermissionPolicy):
    """Only coordinators, whatever Django permissions say; `actions` limits what even they may
    do (e.g. {"view"} for a read-only list), None allows every action."""

    def __init__(self, model, actions=None):
        super().__init__(model)
        self.actions = None if actions is None else frozenset(actions)

    def _allows(self, action):
        return self.actions is None or action in self.actions

    def user_has_permission(self, user, action):
        return self._allows(action) and is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self._allows(action) for action in actions) and is_coordinator(user)

    def users_with_any_permission(self, actions):
        if not any(self._allows(action) for action in actions):
            return get_user_model().objects.none()
        return get_user_model().objects.coordinators()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
