"""Writing, sharing, history and review of library entries in the member area (/mijn/).

Who gets in: a group's pages (its knowledge, new entries, names for the privacy guard) are for
its current members and coordinators, like the group's workspace; an entry's pages (edit,
share, history) for the members of its groups, a product's authors and coordinators. Everyone
else who is signed in gets a 404, so private entries do not reveal that they exist. Writing
also needs `permissions.can_edit` / `can_contribute`: an archived group is read-only (403 with
a message). The review queue is for coordinators (403 for other members).

Views parse input with a form, call one service, and re-render the form with its input and the
service's message (400) when that refuses.
"""

import difflib
import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplaats.core.pagination import paginate
from werkplaats.groups.permissions import current_membership
from werkplaats.groups.views.workspace import workspace_view
from werkplaats.network.models import Role
from werkplaats.network.permissions import person_for

from .. import file_services, permissions, services
from .. import workspace_selectors as selectors
from ..forms import (
    GuardedNameForm,
    PracticeItemForm,
    ProductForm,
    RejectForm,
    ShareForm,
    WaiveForm,
)
from ..models import GuardedName, PracticeItem, ReviewStatus, Visibility

GROUP_FRAME = "groups/workspace/base.html"
PLAIN_FRAME = "library/workspace/frame.html"
TAB = "knowledge"
# The group's knowledge and the review queue: rows per page, and per kind under "All".
PER_PAGE = 25
PREVIEW = 10


# --- loading and letting in -----------------------------------------------------------------


def _private(response):
    # Private pages: never kept by a shared cache or the browser's back-forward cache.
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


# A group's pages: only its members and coordinators get in (else 404), as in the workspace.
group_view = workspace_view


def _load_entry(kind, slug):
    model = selectors.KIND_MODELS.get(kind)
    if model is None:
        raise Http404
    queryset = model.objects.all()
    if model is PracticeItem:
        queryset = queryset.select_related("group")
    else:
        queryset = queryset.prefetch_related("groups")
    return get_object_or_404(queryset, slug=slug)


def entry_view(view):
    """Resolve the entry from the URL; only those who may open it here get in (else 404)."""

    @wraps(view)
    def wrapper(request, kind, slug, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        entry = _load_entry(kind, slug)
        if not permissions.can_open_in_workspace(request.user, entry):
            raise Http404
        return _private(view(request, entry, *args, **kwargs))

    return wrapper


def _frame_group(user, entry):
    """The group whose workspace frames an entry's pages: the user's own group first."""
    groups = [entry.group] if isinstance(entry, PracticeItem) else list(entry.groups.all())
    for group in groups:
        if current_membership(user, group) is not None:
            return group
    return groups[0] if groups else None


def _group_context(request, group, **extra):
    return {
        "frame": GROUP_FRAME,
        "group": group,
        "workspace_tab": TAB,
        "viewer": person_for(request.user),
        "can_contribute": permissions.can_contribute(request.user, group),
        **extra,
    }


def _entry_context(request, entry, **extra):
    group = _frame_group(request.user, entry)
    return {
        "frame": GROUP_FRAME if group else PLAIN_FRAME,
        "group": group,
        "workspace_tab": TAB,
        "viewer": person_for(request.user),
        "entry": entry,
        "kind": selectors.kind_of(entry),
        "can_edit": permissions.can_edit(request.user, entry),
        **extra,
    }


def _forbidden(request, context, error=None):
    """The 403 page inside the right frame, with the service's message or a general one."""
    message = " ".join(str(arg) for arg in error.args) if error and error.args else None
    if message is None:
        group = context.get("group")
        if group is not None and group.is_archived:
            message = _(
                "This group is archived: its knowledge can be read, not changed. "
                "Nothing has been saved."
            )
        elif context.get("viewer") is None:
            message = _(
                "Your account has no profile in the network yet, so you cannot write here. "
                "Ask a coordinator to link your account to a profile."
            )
        else:
            message = _("You cannot do this here.")
    context = {**context, "message": message}
    return render(request, "library/workspace/forbidden.html", context, status=403)


def _apply_errors(form, error):
    """Put a service's ValidationError on the form (field errors where it names fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- the privacy guard on screen ------------------------------------------------------------


def highlighted_fields(entry, findings):
    """[{label, html, count}] of the entry's guarded fields that have text, every finding
    wrapped in <mark> and numbered across the fields (`privacy.highlight` numbers one text;
    here the fields keep their labels). Positions are those of `entry.guarded_text()`."""
    sections = []
    offset = 0
    number = 0
    pending = sorted(findings, key=lambda finding: finding.start)
    for name in entry.guarded_fields:
        text = str(getattr(entry, name) or "")
        end = offset + len(text)
        parts = []
        position = 0
        count = 0
        while pending and pending[0].start <= end:
            finding = pending.pop(0)
            number += 1
            count += 1
            start = max(0, finding.start - offset)
            stop = min(len(text), finding.end - offset)
            parts.append(escape(text[position:start]))
            parts.append(
                format_html(
                    '<mark class="privacy-finding" id="vondst-{}">{}</mark>'
                    '<sup class="privacy-finding__number">{}</sup>',
                    number,
                    text[start:stop],
                    number,
                )
            )
            position = stop
        parts.append(escape(text[position:]))
        if text.strip():
            label = entry._meta.get_field(name).verbose_name
            sections.append({"label": label, "html": mark_safe("".join(parts)), "count": count})
        offset = end + 1  # the newline between fields in guarded_text()
    return sections


def _numbered(findings):
    return list(enumerate(sorted(findings, key=lambda finding: finding.start), start=1))


def _next_audience(entry):
    """Whom the privacy guard guards on the share page: the next wider audience (the public
    for what the members already see, and for what waits for review or is public)."""
    if entry.visibility == Visibility.GROUP and entry.review_status != ReviewStatus.PENDING:
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def _waive_visibility(user, entry, audience):
    """For which audience the user may mark findings as not personal here, or None: a
    coordinator for everyone; a lead only while the next step is the members."""
    if permissions.can_waive_for(user, entry, Visibility.PUBLIC):
        return Visibility.PUBLIC
    if audience == Visibility.MEMBERS and permissions.can_waive_for(user, entry, audience):
        return Visibility.MEMBERS
    return None


def _privacy_context(request, entry, findings=None):
    """The guard's findings for the next audience, or those a refused share found (for the
    public, a lead's "not personal" does not count)."""
    audience = _next_audience(entry)
    if findings is None:
        findings = services.privacy_findings(entry, audience)
    return {
        "findings": _numbered(findings),
        "highlighted": highlighted_fields(entry, findings),
        "waive_visibility": _waive_visibility(request.user, entry, audience),
        # One line per finding: a coordinator's marking (for everyone) after a lead's.
        "waived": list({waiver["key"]: waiver for waiver in entry.not_personal}.values()),
    }


# --- a group's knowledge --------------------------------------------------------------------

KIND_FILTERS = ("praktijkkennis", "producten")


@group_view
@require_http_methods(["GET", "HEAD"])
def group_items(request, group):
    """The group's practice knowledge and products, with who sees them and their review.

    "All" shows the newest PREVIEW of each kind with a link to the rest; a kind's own tab pages
    through all of them.
    """
    kind = request.GET.get("soort") or None
    if kind not in KIND_FILTERS:
        kind = None
    items, products = selectors.group_entries(group, kind)
    page_obj = None
    totals = {}
    if kind is None:
        totals = {"items": items.count(), "products": products.count()}
        items, products = items[:PREVIEW], products[:PREVIEW]
    elif kind == "praktijkkennis":
        page_obj = paginate(request, items, PER_PAGE)
        items = page_obj.object_list
    else:
        page_obj = paginate(request, products, PER_PAGE)
        products = page_obj.object_list
    context = _group_context(
        request,
        group,
        items=items,
        products=products,
        totals=totals,
        preview=PREVIEW,
        page_obj=page_obj,
        kind_filter=kind,
        filters=[
            ("", _("All")),
            ("praktijkkennis", _("Practice knowledge")),
            ("producten", _("Products")),
        ],
    )
    return render(request, "library/workspace/group_items.html", context)


def _write_new(request, group, form, template, create):
    """The shared flow of item_new and product_new."""
    viewer = person_for(request.user)
    context = _group_context(request, group, form=form)
    if not permissions.can_contribute(request.user, group) or viewer is None:
        return _forbidden(request, context)
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        fields, relations, _note = form.fields_and_relations()
        try:
            entry = create(viewer, fields, relations)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, context, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been saved. Only your group can see it.")
                % {"title": entry.title},
            )
            return redirect("library:share", kind=selectors.kind_of(entry), slug=entry.slug)
    return render(request, template, context, status=400)


@group_view
@require_http_methods(["GET", "HEAD", "POST"])
def item_new(request, group):
    """Write a dilemma, case, practice example, knowledge question or tip in the group."""
    data = request.POST if request.method == "POST" else None
    form = PracticeItemForm(data, user=request.user, group=group)
    return _write_new(
        request,
        group,
        form,
        "library/workspace/item_form.html",
        lambda actor, fields, relations: services.create_practice_item(
            actor, group, relations=relations, **fields
        ),
    )


def _save_with_cover(actor, form, save):
    """`save(cover_fields)` with the product form's cover change: a new image made from the
    upload (gone again when saving fails), {"cover": None} to remove it, or nothing."""
    change = form.cover_change
    if change is None:
        return save({})
    if change == "remove":
        return save({"cover": None})
    title = form.cleaned_data.get("title", "")
    return file_services.with_new_cover(actor, change, title, lambda image: save({"cover": image}))


@group_view
@require_http_methods(["GET", "HEAD", "POST"])
def product_new(request, group):
    """Add a product of the group, with its transferable description."""
    data = request.POST if request.method == "POST" else None
    form = ProductForm(data, request.FILES if data is not None else None, groups=[group])

    def create(actor, fields, relations):
        return _save_with_cover(
            actor,
            form,
            lambda cover: services.create_product(
                actor, relations={**relations, "groups": [group]}, **fields, **cover
            ),
        )

    return _write_new(request, group, form, "library/workspace/product_form.html", create)


@group_view
@require_http_methods(["GET", "HEAD", "POST"])
def guarded_names(request, group):
    """The names the privacy guard looks for in this group's texts: add and remove."""
    viewer = person_for(request.user)
    form = GuardedNameForm()
    status = 200
    if request.method == "POST":
        context = _group_context(request, group)
        if not permissions.can_contribute(request.user, group) or viewer is None:
            return _forbidden(request, context)
        remove = request.POST.get("remove", "")
        if remove:
            if not remove.isdigit():
                raise Http404
            guarded = get_object_or_404(GuardedName, group=group, pk=remove)
            try:
                services.remove_guarded_name(viewer, guarded)
            except PermissionDenied as error:
                return _forbidden(request, context, error)
            messages.success(
                request, _("“%(name)s” has been removed from the list.") % {"name": guarded.name}
            )
            return redirect("library:guarded_names", slug=group.slug)
        form = GuardedNameForm(request.POST)
        if form.is_valid():
            try:
                guarded = services.add_guarded_name(viewer, group, form.cleaned_data["name"])
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied as error:
                return _forbidden(request, context, error)
            else:
                messages.success(
                    request, _("“%(name)s” has been added to the list.") % {"name": guarded.name}
                )
                return redirect("library:guarded_names", slug=group.slug)
        status = 400
    names = list(group.guarded_names.select_related("added_by"))
    context = _group_context(request, group, form=form, names=names)
    return render(request, "library/workspace/guarded_names.html", context, status=status)


# --- editing --------------------------------------------------------------------------------


def _entry_form(request, entry, data=None, initial=None):
    if isinstance(entry, PracticeItem):
        return PracticeItemForm(
            data, initial=initial, user=request.user, group=entry.group, entry=entry, editing=True
        )
    return ProductForm(
        data,
        request.FILES if data is not None else None,
        initial=initial,
        groups=list(entry.groups.all()),
        entry=entry,
        user=request.user,
        editing=True,
    )


def _form_template(entry):
    if isinstance(entry, PracticeItem):
        return "library/workspace/item_form.html"
    return "library/workspace/product_form.html"


@entry_view
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, entry):
    """Change an entry; a change that brings personal details into a shared entry is refused
    with the findings shown, and the input kept."""
    context = _entry_context(request, entry)
    viewer = person_for(request.user)
    if not context["can_edit"] or viewer is None:
        return _forbidden(request, context)
    if request.method != "POST":
        form_class = PracticeItemForm if isinstance(entry, PracticeItem) else ProductForm
        form = _entry_form(request, entry, initial=form_class.initial_for(entry))
        return render(request, _form_template(entry), {**context, "form": form})
    form = _entry_form(request, entry, data=request.POST)
    if form.is_valid():
        fields, relations, note = form.fields_and_relations()

        def save(cover):
            return services.update_entry(
                viewer, entry, relations=relations, note=note, **fields, **cover
            )

        try:
            if isinstance(form, ProductForm):
                _save_with_cover(viewer, form, save)
            else:
                save({})
        except services.PrivacyFindings as error:
            form.add_error(None, error)
            # Show the findings in the text as it would be: the unsaved input.
            for name, value in fields.items():
                setattr(entry, name, value)
            context["findings"] = _numbered(error.findings)
            context["highlighted"] = highlighted_fields(entry, error.findings)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, context, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("library:edit", kind=context["kind"], slug=entry.slug)
    return render(request, _form_template(entry), {**context, "form": form}, status=400)


# --- sharing --------------------------------------------------------------------------------


def _share_page(request, entry, form, status=200, findings=None, **extra):
    privacy_context = _privacy_context(request, entry, findings)
    context = _entry_context(request, entry, form=form, **privacy_context, **extra)
    return render(request, "library/workspace/share.html", context, status=status)


@entry_view
@require_http_methods(["GET", "HEAD", "POST"])
def share(request, entry):
    """Who sees it, the privacy guard's findings (marked in the text), and the choice of
    audience. POST `visibility` to share; POST `key` (with `waive`) to mark a finding as not
    personal."""
    if request.method != "POST":
        return _share_page(request, entry, ShareForm(initial={"visibility": entry.visibility}))
    context = _entry_context(request, entry)
    viewer = person_for(request.user)
    if viewer is None:
        return _forbidden(request, context)
    if "waive" in request.POST:
        waive = WaiveForm(request.POST)
        if not waive.is_valid():
            return _share_page(
                request,
                entry,
                ShareForm(initial={"visibility": entry.visibility}),
                status=400,
                waive_error=_("This finding could not be found. Look at the list again."),
            )
        try:
            services.mark_not_personal(
                viewer, entry, waive.cleaned_data["key"], waive.cleaned_data["visibility"]
            )
        except PermissionDenied as error:
            return _forbidden(request, context, error)
        messages.success(request, _("The finding has been marked as not personal."))
        return redirect("library:share", kind=context["kind"], slug=entry.slug)
    form = ShareForm(request.POST)
    if not context["can_edit"]:
        return _forbidden(request, context)
    findings = None
    if form.is_valid():
        visibility = form.cleaned_data["visibility"]
        try:
            entry = services.share(viewer, entry, visibility)
        except services.PrivacyFindings as error:
            form.add_error(None, error)
            findings = error.findings
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, context, error)
        else:
            if entry.review_status == ReviewStatus.PENDING:
                messages.success(
                    request,
                    _(
                        "A coordinator will review it before it is public. You get a "
                        "notification when that has happened."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Now visible to: %(who)s") % {"who": entry.get_visibility_display()},
                )
            return redirect("library:share", kind=context["kind"], slug=entry.slug)
    return _share_page(request, entry, form, status=400, findings=findings)


# --- history --------------------------------------------------------------------------------


def _label(entry, name):
    return entry._meta.get_field(name).verbose_name


def _display(entry, name, value, related):
    """A readable value of a versioned field or relation, as text."""
    if name in entry.versioned_relations:
        return ", ".join(related.get((name, pk), "?") for pk in value or []) or "—"
    field = entry._meta.get_field(name)
    if name == "roles":
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(role, role)) for role in value or []) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or "—"))
    if field.many_to_one:  # the cover image, kept by its key
        obj = field.related_model.objects.filter(pk=value).first() if value else None
        return str(obj) if obj else "—"
    return "" if value is None else str(value)


def _related_names(entry, datas):
    """{(relation, pk): name} for every related object the given snapshots mention."""
    names = {}
    for name in entry.versioned_relations:
        pks = set()
        for data in datas:
            pks.update(data.get(name) or [])
        if pks:
            model = entry._meta.get_field(name).related_model
            for obj in model.objects.filter(pk__in=pks):
                names[(name, obj.pk)] = str(obj)
    return names


_WORDS = re.compile(r"(\s+)")


def word_diff(old, new):
    """Safe HTML of `new` against `old`, word by word: removed in <del>, added in <ins>."""
    old_words, new_words = _WORDS.split(old), _WORDS.split(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new_words[j1:j2])))
    return mark_safe("".join(parts))


@entry_view
@require_http_methods(["GET", "HEAD"])
def versions(request, entry):
    """The history: number, who, when, which fields changed, the note."""
    history = selectors.versions(entry)
    for version in history:
        version.changed_labels = [
            _label(entry, name) for name in version.changed if name in version.data
        ]
    context = _entry_context(request, entry, history=history)
    return render(request, "library/workspace/versions.html", context)


@entry_view
@require_http_methods(["GET", "HEAD", "POST"])
def version(request, entry, number):
    """One old version against the current one, field by field; POST restores it."""
    old = entry.versions.select_related("author").filter(number=number).first()
    if old is None:
        raise Http404
    context = _entry_context(request, entry, version=old)
    status = 200
    if request.method == "POST":
        viewer = person_for(request.user)
        if not context["can_edit"] or viewer is None:
            return _forbidden(request, context)
        try:
            services.restore_version(viewer, entry, old)
        except ValidationError as error:
            context["restore_error"] = error.messages
            status = 400
        except PermissionDenied as error:
            return _forbidden(request, context, error)
        else:
            messages.success(
                request, _("Version %(number)s has been put back.") % {"number": old.number}
            )
            return redirect("library:versions", kind=context["kind"], slug=entry.slug)
    current = services.snapshot(entry)
    related = _related_names(entry, [old.data, current])
    rows = []
    for name in (*entry.versioned_fields, *entry.versioned_relations):
        if name not in old.data:
            continue
        then, now = old.data.get(name), current.get(name)
        then_text = _display(entry, name, then, related)
        now_text = _display(entry, name, now, related)
        rows.append(
            {
                "label": _label(entry, name),
                "same": then == now,
                "then": then_text,
                "diff": word_diff(now_text, then_text),
            }
        )
    context["rows"] = rows
    context["changed_count"] = sum(1 for row in rows if not row["same"])
    return render(request, "library/workspace/version.html", context, status=status)


# --- review ---------------------------------------------------------------------------------


def _reviewer_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_review(request.user):
            context = {"frame": PLAIN_FRAME, "viewer": person_for(request.user)}
            return _private(
                _forbidden(
                    request,
                    context,
                    PermissionDenied(_("Only coordinators review what is made public.")),
                )
            )
        return _private(view(request, *args, **kwargs))

    return wrapper


@_reviewer_only
@require_http_methods(["GET", "HEAD"])
def review_queue(request):
    """What waits for a coordinator's review before it is public, oldest request first."""
    page_obj = paginate(request, selectors.review_queue(), PER_PAGE)
    for entry in page_obj.object_list:
        entry.kind_slug = selectors.kind_of(entry)
    context = {
        "frame": PLAIN_FRAME,
        "entries": page_obj.object_list,
        "total": page_obj.paginator.count,
        "page_obj": page_obj,
        "viewer": person_for(request.user),
    }
    return render(request, "library/review/queue.html", context)


@_reviewer_only
@require_http_methods(["GET", "HEAD", "POST"])
def review_entry(request, kind, slug):
    """One entry to review: the text with the privacy guard's findings, approve or reject."""
    entry = _load_entry(kind, slug)
    viewer = person_for(request.user)
    reject_form = RejectForm()
    status = 200
    error_message = None
    if request.method == "POST":
        if viewer is None:
            return _forbidden(request, {"frame": PLAIN_FRAME, "viewer": None})
        action = request.POST.get("action", "")
        try:
            if "waive" in request.POST:
                waive = WaiveForm(request.POST)
                if not waive.is_valid():
                    raise ValidationError(_("This finding could not be found."))
                services.mark_not_personal(
                    viewer, entry, waive.cleaned_data["key"], waive.cleaned_data["visibility"]
                )
                messages.success(request, _("The finding has been marked as not personal."))
                return redirect("library:review_entry", kind=kind, slug=slug)
            if entry.review_status != ReviewStatus.PENDING:
                raise ValidationError(_("This is not waiting for review (any more)."))
            if action == "approve":
                services.approve(viewer, entry)
                messages.success(request, _("“%(title)s” is public now.") % {"title": entry.title})
                return redirect("library:review")
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject(viewer, entry, reject_form.cleaned_data["note"])
                    messages.success(
                        request,
                        _("The group has been told why “%(title)s” is not public yet.")
                        % {"title": entry.title},
                    )
                    return redirect("library:review")
            else:
                raise ValidationError(_("Choose to approve or to reject."))
        except services.PrivacyFindings as error:
            error_message = error.message
        except ValidationError as error:
            error_message = " ".join(error.messages)
        except PermissionDenied as error:
            return _forbidden(request, {"frame": PLAIN_FRAME, "viewer": viewer}, error)
        status = 400
    entry = _load_entry(kind, slug)
    context = {
        "frame": PLAIN_FRAME,
        "viewer": viewer,
        "entry": entry,
        "kind": kind,
        "reject_form": reject_form,
        "error_message": error_message,
        **_privacy_context(request, entry),
        "waive_visibility": Visibility.PUBLIC,
    }
    return render(request, "library/review/entry.html", context, status=status)
