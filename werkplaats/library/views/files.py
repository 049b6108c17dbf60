"""A product's files (upload, list, remove, download), the PDF of its transferable description,
and sending it to a colleague.

Who gets what: a file, the PDF and the send form only for those who may see the product
(permissions.can_view), else 404 so a private product does not reveal that it exists. Managing
files needs permissions.can_edit (403 with a message for those who may only look).
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplaats.core.ratelimit import client_over_limit, over_limit
from werkplaats.groups import filetypes
from werkplaats.network.permissions import person_for
from werkplaats.network.tasks import absolute_url

from .. import file_services, permissions
from .. import transfer_pdf as pdf
from ..file_forms import ProductFileForm, SendProductForm
from ..models import Product, ProductFile, Visibility

INLINE_KINDS = ("pdf", "jpeg", "png", "webp")


def _visible_product(request, slug):
    product = get_object_or_404(Product, slug=slug)
    if not permissions.can_view(request.user, product):
        raise Http404
    return product


def _private(response, product):
    if product.visibility != Visibility.PUBLIC:
        # Members-only content: never kept by a shared cache or the back-forward cache.
        response["Cache-Control"] = "private, no-store"
    return response


def _disposition(kind, name, fallback):
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    mode = "inline" if kind and kind.key in INLINE_KINDS else "attachment"
    return f"{mode}; filename=\"{ascii_name or fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# --- files ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def download(request, slug, pk):
    """A file of a product: PDF and images shown in the browser, Office files downloaded;
    always with the type decided at upload and no sniffing."""
    product = _visible_product(request, slug)
    product_file = get_object_or_404(ProductFile, product=product, pk=pk)
    kind = filetypes.kind_for_content_type(product_file.content_type)
    try:
        handle = product_file.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, content_type=kind.content_type if kind else "application/octet-stream"
    )
    response["Content-Disposition"] = _disposition(kind, product_file.original_name, "bestand")
    response["Content-Length"] = product_file.size
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not (kind and kind.key == "pdf"):
        # Nothing here is a page: no scripts, no forms, should a browser show it anyway.
        # (Chromium's PDF viewer does not run in a sandboxed document, so PDFs go without.)
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return _private(response, product)


def _files_page(request, product, form, status=200):
    context = {
        "product": product,
        "form": form,
        "product_files": list(product.files.select_related("uploaded_by")),
    }
    response = render(request, "library/files/manage.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _forbidden(request, product, message):
    context = {"product": product, "message": message}
    return render(request, "library/files/forbidden.html", context, status=403)


def _apply_errors(form, error):
    for message in error.messages:
        form.add_error("file", message)


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, slug):
    """The files of a product: the list, a form to upload one, a button to remove each."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    product = _visible_product(request, slug)
    if not permissions.can_edit(request.user, product) or person_for(request.user) is None:
        return _forbidden(
            request,
            product,
            _("Only the members of the product's groups and its authors can change its files."),
        )
    actor = person_for(request.user)
    if request.method != "POST":
        return _files_page(request, product, ProductFileForm())
    if "remove" in request.POST:
        try:
            product_file = product.files.get(pk=int(request.POST["remove"]))
        except (ValueError, ProductFile.DoesNotExist):
            raise Http404 from None
        try:
            file_services.remove_product_file(actor, product_file)
        except PermissionDenied as error:
            return _forbidden(request, product, " ".join(map(str, error.args)))
        messages.success(request, _("“%(name)s” has been removed.") % {"name": product_file})
        return redirect("library:files", slug=product.slug)
    form = ProductFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_file = file_services.add_product_file(
                actor, product, form.cleaned_data["file"], form.cleaned_data["title"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, product, " ".join(map(str, error.args)))
        else:
            messages.success(request, _("“%(name)s” has been added.") % {"name": product_file})
            return redirect("library:files", slug=product.slug)
    return _files_page(request, product, form, status=400)


# --- the PDF ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def transfer_pdf(request, slug):
    """The transferable description as a PDF, named after the product's slug."""
    product = _visible_product(request, slug)
    content = pdf.render(product, request.user, absolute_url(product.get_absolute_url()))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{product.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response, product)


# --- send to a colleague ----------------------------------------------------------------------


def _send_page(request, product, form, status=200):
    response = render(
        request, "library/files/send.html", {"product": product, "form": form}, status=status
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def send(request, slug):
    """A form to mail a product to a colleague; the mail leaves in the background."""
    product = _visible_product(request, slug)
    if request.method != "POST":
        person = person_for(request.user)
        initial = {"sender_name": person.full_name} if person is not None else {}
        return _send_page(request, product, SendProductForm(initial=initial))
    form = SendProductForm(request.POST)
    too_many = _(
        "Several messages were sent from your connection or to this address in a short time. "
        "Please wait an hour and try again."
    )
    if client_over_limit(
        request,
        "library-send",
        limit=settings.LIBRARY_SEND_RATE_LIMIT,
        window=settings.LIBRARY_SEND_RATE_WINDOW,
    ):
        form.is_valid()  # keeps the input, shows the field errors too
        form.add_error(None, too_many)
        return _send_page(request, product, form, status=429)
    if not form.is_valid():
        return _send_page(request, product, form, status=400)
    recipient = form.cleaned_data["email"]
    if over_limit(
        "library-send-recipient",
        recipient.strip().lower(),
        limit=settings.LIBRARY_SEND_RECIPIENT_RATE_LIMIT,
        window=settings.LIBRARY_SEND_RATE_WINDOW,
    ):
        form.add_error(None, too_many)
        return _send_page(request, product, form, status=429)
    try:
        file_services.send_to_colleague(
            request.user,
            product,
            recipient=recipient,
            sender_name=form.cleaned_data["sender_name"],
            message=form.cleaned_data["message"],
        )
    except PermissionDenied:
        raise Http404 from None
    response = render(
        request, "library/files/send_done.html", {"product": product, "email": recipient}
    )
    response["Cache-Control"] = "private, no-store"
    return response
