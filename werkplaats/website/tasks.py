"""Background tasks of the public website (django-tasks)."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


@task()
def send_contact_mail(submission_id):
    """Mail a stored contact form submission to the Werkplaats.

    Idempotent: the submission row is locked and stamped `mailed_at` in the same transaction,
    so a retried task does not mail twice.
    """
    from .models import ContactSubmission, SiteSettings

    with transaction.atomic():
        submission = (
            ContactSubmission.objects.select_for_update()
            .filter(pk=submission_id, mailed_at__isnull=True)
            .first()
        )
        if submission is None:
            return
        page = submission.page.specific
        site_settings = SiteSettings.for_site(page.get_site())
        to = page.to_address or site_settings.contact_form_recipient or site_settings.email
        recipients = [address.strip() for address in to.split(",") if address.strip()]
        if not recipients:
            return
        data = submission.get_data()
        form_fields = list(page.get_form_fields())
        fields = [(field.label, data.get(field.clean_name, "")) for field in form_fields]
        reply_to = [
            data[field.clean_name]
            for field in form_fields
            if field.field_type == "email" and data.get(field.clean_name)
        ]
        with translation.override("nl"):
            body = render_to_string(
                "website/mail/contact_submission.txt",
                {"page": page, "fields": fields, "submitted_at": submission.submit_time},
            )
        EmailMessage(
            subject=page.subject or f"Contactformulier {site_settings.organisation_name}",
            body=body,
            from_email=page.from_address or None,
            to=recipients,
            reply_to=reply_to[:1],
        ).send()
        submission.mailed_at = timezone.now()
        submission.save(update_fields=["mailed_at"])
