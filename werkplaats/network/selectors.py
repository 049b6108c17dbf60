"""Reads of the network: the queries behind its pages, with their joins decided here."""

from django.db.models import Case, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Notification, NotificationMode, Organisation, OrganisationKind, Person


def people_awaiting_digest():
    """Ids of DAILY people with at least one unread notification that was not mailed yet."""
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
    return (
        Person.objects.filter(notification_mode=NotificationMode.DAILY)
        .filter(pk__in=pending.values("recipient"))
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def notifications_for(person):
    """A person's notifications, newest first, with who did it."""
    return Notification.objects.filter(recipient=person).select_related("actor")


def unread_notification_count(person):
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def person_for_editing(pk):
    return Person.objects.prefetch_related("roles").get(pk=pk)


def person_by_handle(handle):
    """A person with everything their profile page shows, or None."""
    from django.db.models import Prefetch

    from .models import Affiliation

    return (
        Person.objects.filter(handle=handle)
        .select_related("work_municipality")
        .prefetch_related(
            "roles",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation").filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())
                ),
            ),
        )
        .first()
    )


def person_for_photo(handle):
    """Just what serving a photo needs: one query, no joins."""
    return (
        Person.objects.filter(handle=handle)
        .only("pk", "handle", "photo", "photo_visibility")
        .first()
    )


KIND_ORDER = [kind.value for kind in OrganisationKind]
KIND_HEADINGS = {
    OrganisationKind.MUNICIPALITY: _("Municipalities"),
    OrganisationKind.UNIVERSITY: _("Universities of applied sciences and lectorates"),
    OrganisationKind.WELFARE: _("Welfare organisations"),
    OrganisationKind.CARE: _("Care organisations"),
    OrganisationKind.RESIDENTS: _("Residents' initiatives"),
    OrganisationKind.OTHER: _("Other organisations"),
}


def _kind_rank():
    return Case(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)],
        default=Value(len(KIND_ORDER)),
    )


def footer_partners():
    """Current partner organisations with their logos' renditions, for the footer: two queries."""
    return list(
        Organisation.objects.current_partners()
        .select_related("logo")
        .prefetch_related("logo__renditions")
        .order_by(_kind_rank(), "name")
    )


def partners_page():
    """The /partners/ page: current partners grouped by kind, and former partners.

    Current partners carry `partner_since`: the start of the partnership running now (a partner
    who left and came back is a partner since their return). Former partners carry
    `partner_until`: the end of their last partnership. Three queries.
    """
    today = timezone.localdate()
    running = Q(partnerships__started_on__lte=today) & (
        Q(partnerships__ended_on__isnull=True) | Q(partnerships__ended_on__gte=today)
    )
    current = list(
        Organisation.objects.current_partners()
        .annotate(partner_since=Max("partnerships__started_on", filter=running))
        .select_related("logo", "municipality")
        .prefetch_related("logo__renditions")
        .order_by(_kind_rank(), "name")
    )
    groups = []
    for organisation in current:
        if not groups or groups[-1][0] != organisation.kind:
            groups.append((organisation.kind, []))
        groups[-1][1].append(organisation)
    labels = KIND_HEADINGS
    former = list(
        Organisation.objects.filter(partnerships__started_on__lte=today)
        .exclude(pk__in=[organisation.pk for organisation in current])
        .annotate(
            partner_from=Min("partnerships__started_on"),
            partner_until=Max("partnerships__ended_on"),
        )
        .select_related("municipality")
        .order_by("name")
    )
    return {
        "partner_groups": [(labels[kind], organisations) for kind, organisations in groups],
        "former_partners": former,
    }
