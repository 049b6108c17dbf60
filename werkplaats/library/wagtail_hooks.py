"""The "Bibliotheek" menu of the Wagtail admin (/beheer/): products, practice knowledge and the
review queue, for coordinators only.

Nothing here writes a library entry itself. Creating and editing go through services.py
(admin_forms.LibraryEntryAdminForm.save_entry), so every change is kept as a Version with the
coordinator's Person as its author, and the privacy guard decides whether an entry may leave
its group; changing "who sees it" goes through services.share, a review decision through
services.approve / services.reject. A refusal re-renders the form with the reason and keeps
what was typed; the whole save is one transaction, so nothing is written half-way.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from werkplaats.groups.models import LearningGroup
from werkplaats.network.permission_policies import CoordinatorsOnlyPolicy
from werkplaats.network.permissions import is_coordinator, person_for

from . import services
from .admin_forms import PracticeItemAdminForm, ProductAdminForm, ReviewDecisionForm
from .models import PracticeItem, Product, ReviewStatus

ENTRY_MODELS = {"producten": Product, "praktijkkennis": PracticeItem}


# Only coordinators: the library's rules (review, privacy) are theirs to apply here.
register_permission_policy(Product, CoordinatorsOnlyPolicy(Product))
register_permission_policy(PracticeItem, CoordinatorsOnlyPolicy(PracticeItem))


# --- Saving through the services -------------------------------------------------------------


class ServiceSaveMixin:
    """Create and edit views that save with form.save_entry(actor) instead of form.save()."""

    def form_valid(self, form):
        self.form = form
        actor = person_for(self.request.user)
        if actor is None:
            form.add_error(
                None,
                gettext(
                    "Your account has no member profile, and the library keeps who changed "
                    "what. Ask another coordinator to link your account to a person."
                ),
            )
            return self._refused(form)
        try:
            with transaction.atomic():
                self.object = form.save_entry(actor)
                log(self.object, self.log_action, user=self.request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict") and all(
                name in form.fields for name in error.error_dict
            ):
                form.add_error(None, error)
            else:
                form.add_error(None, error.messages)
            return self._refused(form)
        except PermissionDenied as error:
            form.add_error(None, str(error) or gettext("You may not do this."))
            return self._refused(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response

    def _refused(self, form):
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class EntryCreateView(ServiceSaveMixin, generic.CreateView):
    log_action = "wagtail.create"


class EntryEditView(ServiceSaveMixin, generic.EditView):
    log_action = "wagtail.edit"


# --- Lists ------------------------------------------------------------------------------------


class ProductFilterSet(WagtailFilterSet):
    class Meta:
        model = Product
        fields = ["kind", "visibility", "review_status", "year"]


class PracticeItemFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label=_("group it came from"), queryset=LearningGroup.objects.order_by("name")
    )

    class Meta:
        model = PracticeItem
        fields = ["kind", "visibility", "review_status", "group"]


class ProductIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Product.objects.prefetch_related(
            Prefetch("groups", queryset=LearningGroup.objects.only("pk", "name"))
        ).defer("description", *Product.TRANSFER_FIELDS)


class PracticeItemIndexView(generic.IndexView):
    def get_base_queryset(self):
        return PracticeItem.objects.select_related("group").defer("body")


def group_names(product):
    return ", ".join(group.name for group in product.groups.all())


class LibraryEntryViewSet(ModelViewSet):
    add_to_admin_menu = False
    add_view_class = EntryCreateView
    edit_view_class = EntryEditView
    copy_view_enabled = False
    search_fields = ["title", "summary"]
    search_backend_name = None

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )


class ProductViewSet(LibraryEntryViewSet):
    model = Product
    icon = "doc-full"
    menu_label = _("Products")
    url_namespace = "library_products_admin"
    url_prefix = "bibliotheek/producten"
    index_view_class = ProductIndexView
    filterset_class = ProductFilterSet
    base_form_class = ProductAdminForm
    list_display = [
        "title",
        "kind",
        "year",
        Column("groups", label=_("Groups"), accessor=group_names),
        "visibility",
        "review_status",
        "updated_at",
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("title"),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("year"),
                FieldPanel("groups", widget=CheckboxSelectMultiple),
                FieldPanel("authors"),
                FieldPanel("author_names"),
                FieldPanel("licence"),
                FieldPanel("external_url"),
                FieldPanel("cover"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name in Product.TRANSFER_FIELDS],
            heading=_("Transferable description"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=CheckboxSelectMultiple),
                FieldPanel("municipalities", widget=CheckboxSelectMultiple),
                FieldPanel("learning_questions"),
                FieldPanel("practice_items"),
            ],
            heading=_("Themes and links"),
        ),
        FieldPanel("visibility"),
    ]


class PracticeItemViewSet(LibraryEntryViewSet):
    model = PracticeItem
    icon = "help"
    menu_label = _("Practice knowledge")
    url_namespace = "library_practice_admin"
    url_prefix = "bibliotheek/praktijkkennis"
    index_view_class = PracticeItemIndexView
    filterset_class = PracticeItemFilterSet
    base_form_class = PracticeItemAdminForm
    list_display = ["title", "kind", "group", "visibility", "review_status", "updated_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("group"),
                FieldPanel("title"),
                FieldPanel("summary"),
                FieldPanel("body"),
                FieldPanel("roles"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=CheckboxSelectMultiple),
                FieldPanel("municipalities", widget=CheckboxSelectMultiple),
                FieldPanel("answers_to"),
                FieldPanel("learning_questions"),
            ],
            heading=_("Themes and links"),
        ),
        FieldPanel("visibility"),
    ]


# --- Review -----------------------------------------------------------------------------------


def pending_entries():
    """Both kinds of entry waiting for review, oldest request first (4 queries in all)."""
    items = PracticeItem.objects.pending_review().select_related("group", "created_by")
    products = Product.objects.pending_review().select_related("created_by")
    products = products.prefetch_related(
        Prefetch("groups", queryset=LearningGroup.objects.only("pk", "name"))
    )
    rows = [("praktijkkennis", item, item.group.name) for item in items.defer("body")] + [
        ("producten", product, group_names(product))
        for product in products.defer("description", *Product.TRANSFER_FIELDS)
    ]
    return sorted(rows, key=lambda row: (row[1].updated_at, row[1].pk))


class ReviewView(WagtailAdminTemplateMixin, View):
    """The requests to make an entry public: approve (privacy guard first) or turn down."""

    template_name = "library/admin/review.html"
    page_title = _("Review")
    header_icon = "tasks"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext("Review")}]

    def render(self, status=200, failed=None):
        context = self.get_context_data(
            rows=[
                {
                    "kind": kind,
                    "prefix": f"{kind}-{entry.pk}",
                    "entry": entry,
                    "groups": groups,
                    "form": failed[1]
                    if failed and failed[0] == (kind, entry.pk)
                    else ReviewDecisionForm(),
                    "edit_url": reverse(
                        f"{ENTRY_VIEWSETS[kind].url_namespace}:edit", args=[entry.pk]
                    ),
                }
                for kind, entry, groups in pending_entries()
            ],
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render()

    def post(self, request):
        model = ENTRY_MODELS.get(request.POST.get("kind", ""))
        entry = None
        if model is not None and request.POST.get("pk", "").isdigit():
            entry = model.objects.filter(pk=request.POST["pk"]).first()
        if entry is None:
            raise Http404
        key = (request.POST["kind"], entry.pk)
        form = ReviewDecisionForm(request.POST)
        if entry.review_status != ReviewStatus.PENDING:
            messages.error(
                request,
                gettext("“%(title)s” is no longer waiting for review.") % {"title": entry.title},
            )
            return self.render(status=409)
        if not form.is_valid():
            messages.error(request, gettext("The decision could not be saved. See below."))
            return self.render(status=400, failed=(key, form))
        actor = person_for(request.user)
        if actor is None:
            messages.error(
                request,
                gettext(
                    "Your account has no member profile, and the library keeps who decided. "
                    "Ask another coordinator to link your account to a person."
                ),
            )
            return self.render(status=400, failed=(key, form))
        try:
            if form.cleaned_data["decision"] == ReviewDecisionForm.APPROVE:
                services.approve(actor, entry)
                messages.success(
                    request, gettext("“%(title)s” is now public.") % {"title": entry.title}
                )
            else:
                services.reject(actor, entry, form.cleaned_data["note"])
                messages.success(
                    request,
                    gettext("“%(title)s” stays as it was; the group gets your note.")
                    % {"title": entry.title},
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
            messages.error(request, " ".join(error.messages))
            return self.render(status=400, failed=(key, form))
        return redirect("library_review_admin:index")


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class ReviewViewSet(ViewSet):
    name = "library_review_admin"
    url_prefix = "bibliotheek/beoordelen"
    icon = "tasks"
    menu_label = _("Review")
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        return [path("", ReviewView.as_view(), name="index")]


ENTRY_VIEWSETS = {"producten": ProductViewSet, "praktijkkennis": PracticeItemViewSet}


class LibraryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Library")
    menu_icon = "folder-open-1"
    menu_order = 270
    items = (ProductViewSet, PracticeItemViewSet, ReviewViewSet)


@hooks.register("register_admin_viewset")
def register_library_viewsets():
    return LibraryViewSetGroup()
