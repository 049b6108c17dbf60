"""The network's pages: notifications, profiles, people and partners (thin views)."""

from .notifications import mark_all_read, notifications, open_notification
from .partners import partners
from .photos import person_photo
from .profiles import person_detail, profile_edit

__all__ = [
    "mark_all_read",
    "notifications",
    "open_notification",
    "partners",
    "person_detail",
    "person_photo",
    "profile_edit",
]
