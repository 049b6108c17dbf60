"""Background tasks of the library (django-tasks): the text in product files, and the mail that
sends a product to a colleague.

`extract_product_file` is idempotent: it only reads a file still waiting, and a second run of
a file done (or failed) does nothing. A file that cannot be read is marked failed; the worker
never crashes on it. After the text is stored the product's search entry is rebuilt, so a
search finds the words inside its files.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from werkplaats.core.once import once
from werkplaats.groups import filetypes
from werkplaats.network.tasks import absolute_url

logger = logging.getLogger(__name__)


@task()
def reindex_product(product_id):
    """Rewrite one product's search entry (with the text of its files)."""
    from . import search_index

    search_index.update("product", [product_id])


def extract_file(product_file):
    """Read the text of one ProductFile into it and set its status; never raises on a bad file.

    Returns the new status.
    """
    from .extract import TEXT_KINDS, extract_text
    from .models import ExtractionStatus

    kind = filetypes.kind_for_content_type(product_file.content_type)
    if kind is None or kind.key not in TEXT_KINDS:
        product_file.extracted_text = ""
        product_file.extraction_status = ExtractionStatus.NONE
    else:
        try:
            with product_file.file.open("rb") as handle:
                text = extract_text(handle, kind.key)
        except Exception:  # a damaged or crafted file: recorded, never fatal for the worker
            logger.warning(
                "Text extraction failed for product file %s", product_file.pk, exc_info=True
            )
            product_file.extracted_text = ""
            product_file.extraction_status = ExtractionStatus.FAILED
        else:
            product_file.extracted_text = text
            product_file.extraction_status = ExtractionStatus.DONE
    product_file.save(update_fields=["extracted_text", "extraction_status"])
    return product_file.extraction_status


@task()
def extract_product_file(file_id):
    """Extract the text of one waiting product file, then update its product's search entry."""
    from .models import ExtractionStatus, ProductFile

    with transaction.atomic():
        product_file = (
            ProductFile.objects.select_for_update()
            .filter(pk=file_id, extraction_status=ExtractionStatus.PENDING)
            .first()
        )
        if product_file is None:
            return None
        status = extract_file(product_file)
        product_id = product_file.product_id
    reindex_product.call(product_id)
    return status


@task()
def send_product_mail(product_id, recipient, sender_name, message, reply_to, user_id, mail_id=""):
    """Mail a product to a colleague: fixed subject, the site's From, plain text only.

    The product is looked up again and sent only if the sender may (still) see it; a retried
    task sends the mail with the same `mail_id` once.
    """
    from . import permissions
    from .models import Product

    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        return False
    user = AnonymousUser()
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
    if not permissions.can_view(user, product):
        return False
    context = {
        "product": product,
        "sender_name": sender_name,
        "message": message,
        "product_url": absolute_url(product.get_absolute_url()),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": absolute_url("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A product from the Werkplaats for you: %(title)s") % {"title": product.title}
        body = render_to_string("library/mail/send_product.txt", context)
    mail = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[reply_to] if reply_to else None,
    )
    if not mail_id:
        mail.send()
        return True
    return once(f"library:send:{mail_id}", mail.send)
