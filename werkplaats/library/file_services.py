"""Services for the files of products and for sending a product to a colleague.

Kept apart from services.py (writing, versions, sharing) as groups keeps workspace_services.py:
files are stored and served differently, and mail leaves the site. Each function takes the
acting Person (or the request's user for sending) first and checks permission itself.
"""

import secrets
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from werkplaats.groups import filetypes
from werkplaats.network.permissions import person_for
from werkplaats.network.tasks import mail_address

from . import permissions
from .extract import TEXT_KINDS, inspect_upload
from .models import ExtractionStatus, Product, ProductFile
from .services import _user


def add_product_file(actor, product, upload, title=""):
    """Store an uploaded file with a product and queue the extraction of its text.

    Guarantees: only a PDF, Word, PowerPoint or image file, decided from the content, within
    the size limit, not encrypted and no zip bomb (extract.inspect_upload); only those who may
    edit the product; stored under a random name in the private storage and served later with
    the type decided here. Nothing is stored when anything fails.
    """
    kind = inspect_upload(upload)
    user = _user(actor)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        if not permissions.can_edit(user, product):
            raise PermissionDenied(_("Only the product's groups and authors can add files."))
        last = product.files.aggregate(last=Max("position"))["last"]
        product_file = ProductFile(
            product=product,
            title=" ".join((title or "").split())[:200],
            original_name=filetypes.download_name(upload.name, kind),
            content_type=kind.content_type,
            size=upload.size,
            extraction_status=(
                ExtractionStatus.PENDING if kind.key in TEXT_KINDS else ExtractionStatus.NONE
            ),
            position=(last or 0) + 1,
            uploaded_by=actor,
        )
        upload.seek(0)
        product_file.file.save(secrets.token_hex(12) + kind.extensions[0], upload, save=False)
        # A failing insert (or a rollback of the transaction) must not leave the file behind.
        stored_name, storage = product_file.file.name, product_file.file.storage
        try:
            product_file.save()
        except Exception:
            storage.delete(stored_name)
            raise
        if product_file.extraction_status == ExtractionStatus.PENDING:
            from .tasks import extract_product_file

            file_id = product_file.pk
            transaction.on_commit(lambda: extract_product_file.enqueue(file_id))
    return product_file


def with_new_cover(actor, upload, title, change):
    """Make a cover image of `upload` and run `change(image)` in one transaction.

    The upload must have passed network.images.validate_photo; it is stored re-encoded (at most
    1200 px, no EXIF: no camera, place or date) as a Wagtail image, so coordinators find it in
    the image library and versions can bring it back. When `change` fails (no permission, the
    privacy guard), neither the image nor its file remains.
    """
    from wagtail.images import get_image_model

    from werkplaats.network.images import reencoded_photo

    image = get_image_model()(title=" ".join(title.split())[:255], uploaded_by_user=_user(actor))
    content = reencoded_photo(upload)
    with transaction.atomic():
        image.file.save(content.name, content, save=False)
        stored_name, storage = image.file.name, image.file.storage
        try:
            image.save()
            return change(image)
        except BaseException:
            storage.delete(stored_name)
            raise


def remove_product_file(actor, product_file):
    """Delete a file of a product, its stored content after the commit, and its text from the
    product's search entry."""
    user = _user(actor)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_file.product_id)
        if not permissions.can_edit(user, product):
            raise PermissionDenied(_("Only the product's groups and authors can remove files."))
        product_file = ProductFile.objects.get(pk=product_file.pk)
        # The stored content goes after the commit (signals.delete_stored_file).
        had_text = bool(product_file.extracted_text)
        product_file.delete()
        if had_text:
            from .tasks import reindex_product

            product_id = product.pk
            transaction.on_commit(lambda: reindex_product.enqueue(product_id))


def send_to_colleague(user, product, *, recipient, sender_name, message=""):
    """Queue a mail about a product to a colleague's address, after the commit.

    Guarantees: only a product the user may see; the mail has a fixed subject, comes from the
    site's address, holds the product's own title, summary and link and the sender's plain-text
    message (the form refuses links in it), and has a Reply-To only for a signed-in member.
    """
    if not permissions.can_view(user, product):
        raise PermissionDenied(_("This product cannot be sent."))
    person = person_for(user)
    reply_to = (mail_address(person) or "") if person is not None else ""
    from .tasks import send_product_mail

    arguments = {
        "mail_id": uuid.uuid4().hex,  # a retried task sends this mail once
        "product_id": product.pk,
        "recipient": recipient,
        "sender_name": sender_name,
        "message": message,
        "reply_to": reply_to,
        "user_id": user.pk if user.is_authenticated else None,
    }
    transaction.on_commit(lambda: send_product_mail.enqueue(**arguments))
