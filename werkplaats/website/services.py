"""State-changing operations of the public website."""

from django.db import transaction

from . import tasks


def submit_contact_form(page, form):
    """Store a contact form submission and queue the notification mail.

    The submission is saved first, so a message is never lost when mail is down; the mail is
    queued only once the submission is committed.
    """
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=page
        )
        transaction.on_commit(lambda: tasks.send_contact_mail.enqueue(submission_id=submission.pk))
    return submission
