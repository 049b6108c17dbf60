"""Anonymous pages show activities (calendar, group pages, the home page): clear the page
cache when an activity, its venue or its sign-up state changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from werkplaats.core.cache import clear_page_cache

from .models import Activity, Registration, Venue


@receiver(post_save, sender=Activity)
@receiver(post_delete, sender=Activity)
@receiver(post_save, sender=Venue)
@receiver(post_delete, sender=Venue)
@receiver(m2m_changed, sender=Activity.groups.through)
@receiver(m2m_changed, sender=Activity.themes.through)
@receiver(m2m_changed, sender=Activity.products.through)
def activity_changed(sender, **kwargs):
    clear_page_cache()


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def registration_changed(sender, **kwargs):
    # "Full, waiting list" on the calendar depends on the sign-ups.
    clear_page_cache()
