"""State changes of the newsletter: subscribing with double opt-in, confirming, changing
preferences, unsubscribing, members subscribing in one step, and deleting stale requests.

Every function runs in one transaction with the subscriber's row locked, so two requests for
the same address at once end in one row (the e-mail is unique, case-insensitively, and a lost
race re-reads the winner's row). Every change of consent writes a ConsentRecord in the same
transaction. Mails are queued with `transaction.on_commit`, so a rolled-back change mails
nobody; the mail task is idempotent (tasks.py).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import tasks
from .models import (
    ConsentAction,
    ConsentRecord,
    Source,
    Subscriber,
    SubscriberStatus,
    normalise_email,
)
from .selectors import privacy_statement_version

# A subscription never confirmed from the mail is deleted this long after it was asked for.
UNCONFIRMED_DAYS = 30


def _mail(subscriber, kind, now):
    stamp = now.isoformat()
    transaction.on_commit(
        lambda: tasks.send_subscription_mail.enqueue(
            subscriber_id=subscriber.pk, kind=kind, stamp=stamp
        )
    )


def _topic_titles(topics):
    return ", ".join(sorted(topic.title for topic in topics))


def _record(subscriber, action, source, now, topics=None):
    if topics is None:
        topics = subscriber.topics.all()
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        at=now,
        privacy_version=privacy_statement_version(),
        source=source,
        topics=_topic_titles(topics),
    )


def _locked(queryset):
    return queryset.select_for_update().first()


def request_subscription(*, email, name="", topics=(), source, now=None):
    """A visitor asks to subscribe (double opt-in): the only effect is a mail to `email`.

    - new address, pending or unsubscribed before: the subscriber is (again) pending with the
      name and themes given, and gets a mail with the confirmation link;
    - already subscribed: nothing changes (someone else may have typed the address), and the
      address gets a mail with its preferences link.

    Gives the same outcome to the caller in every case, so a form cannot be used to find out
    who is subscribed. Returns the subscriber.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    topics = list(topics)
    with transaction.atomic():
        subscriber = _locked(Subscriber.objects.with_email(email))
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        name=name,
                        source=source,
                        status=SubscriberStatus.PENDING,
                        created_at=now,
                        requested_at=now,
                    )
            except IntegrityError:
                # Someone asked for the same address at the same moment: use their row.
                subscriber = _locked(Subscriber.objects.with_email(email))
        if subscriber.status == SubscriberStatus.CONFIRMED:
            _mail(subscriber, "already_subscribed", now)
            return subscriber
        subscriber.status = SubscriberStatus.PENDING
        subscriber.name = name
        subscriber.source = source
        subscriber.requested_at = now
        subscriber.save(update_fields=["status", "name", "source", "requested_at"])
        subscriber.topics.set(topics)
        _mail(subscriber, "confirm", now)
    return subscriber


def confirm_subscription(subscriber, *, now=None):
    """The link in the confirmation mail was used: a pending subscriber is subscribed and the
    consent is recorded, with the form it was given on and the privacy statement in force.
    Confirming again changes nothing; nor does an old link after unsubscribing (only a new
    request makes someone pending again). True when this call subscribed them."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = _locked(Subscriber.objects.filter(pk=subscriber.pk))
        if subscriber is None or subscriber.status != SubscriberStatus.PENDING:
            return False
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        _record(subscriber, ConsentAction.GIVEN, subscriber.source, now)
    return True


def unsubscribe(subscriber, *, source, now=None):
    """Withdraw consent: no newsletter anymore, the name and themes are deleted (not needed
    without a subscription); the address and the consent history stay as proof. Unsubscribing
    twice changes nothing. True when this call unsubscribed them."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = _locked(Subscriber.objects.filter(pk=subscriber.pk))
        if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            return False
        was_confirmed = subscriber.status == SubscriberStatus.CONFIRMED
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.name = ""
        subscriber.save(update_fields=["status", "unsubscribed_at", "name"])
        subscriber.topics.clear()
        if was_confirmed:
            _record(subscriber, ConsentAction.WITHDRAWN, source, now, topics=[])
    return True


def update_preferences(subscriber, *, topics, source, name=None, now=None):
    """A subscriber changes their themes (and name, when given). A change of themes is a
    change of what they consented to, so it is recorded. Only for subscribed people: True when
    something changed, False when nothing did or they are not subscribed."""
    now = now or timezone.now()
    topics = list(topics)
    with transaction.atomic():
        subscriber = _locked(Subscriber.objects.filter(pk=subscriber.pk))
        if subscriber is None or subscriber.status != SubscriberStatus.CONFIRMED:
            return False
        changed = False
        if name is not None and name != subscriber.name:
            subscriber.name = name
            subscriber.save(update_fields=["name"])
            changed = True
        if {topic.pk for topic in topics} != set(subscriber.topics.values_list("pk", flat=True)):
            subscriber.topics.set(topics)
            _record(subscriber, ConsentAction.TOPICS_CHANGED, source, now, topics=topics)
            changed = True
    return changed


def subscribe_member(user, *, topics=(), now=None):
    """A signed-in member subscribes with their account's address in one step: the address is
    verified and they act themselves, so no confirmation mail. The consent is recorded with
    source 'member page'. An existing subscription of that address is linked to the account;
    when it was already confirmed, only its themes change. Returns the subscriber."""
    now = now or timezone.now()
    topics = list(topics)
    email = normalise_email(user.email)
    with transaction.atomic():
        subscriber = _locked(Subscriber.objects.filter(user=user)) or _locked(
            Subscriber.objects.with_email(email)
        )
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        name=user.get_full_name()[:100],
                        source=Source.MEMBER_PAGE,
                        status=SubscriberStatus.PENDING,
                        created_at=now,
                        requested_at=now,
                    )
            except IntegrityError:
                subscriber = _locked(Subscriber.objects.with_email(email))
        if subscriber.user_id is None:
            subscriber.user = user
            subscriber.save(update_fields=["user"])
        if subscriber.status == SubscriberStatus.CONFIRMED:
            update_preferences(subscriber, topics=topics, source=Source.MEMBER_PAGE, now=now)
            return subscriber
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.source = Source.MEMBER_PAGE
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.name = subscriber.name or user.get_full_name()[:100]
        subscriber.save()
        subscriber.topics.set(topics)
        _record(subscriber, ConsentAction.GIVEN, Source.MEMBER_PAGE, now, topics=topics)
    return subscriber


def delete_unconfirmed(now=None):
    """Delete subscriptions still waiting for confirmation UNCONFIRMED_DAYS after they were
    last asked for, with their rows in every table. Returns how many subscribers."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    _total, per_model = Subscriber.objects.filter(
        status=SubscriberStatus.PENDING, requested_at__lt=cutoff
    ).delete()
    return per_model.get(Subscriber._meta.label, 0)
