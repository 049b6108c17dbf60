"""The private workspace of a group: discussion stream and threads, files, meetings, actions.

Who gets in: current members and coordinators. Visitors are sent to sign in; everyone else who
is signed in gets a 404, so a private group's workspace does not reveal that it exists.
Every write also needs can_contribute: an archived group is read-only (403 with a message).
Views parse input with a form and call one service (workspace_services) or selector.
"""

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplaats.core.fragments import content_key, render_each
from werkplaats.core.pagination import PAGE_PARAMETER
from werkplaats.core.precompiled import Precompiled
from werkplaats.network.permissions import person_for

from .. import filetypes
from .. import workspace_selectors as selectors
from .. import workspace_services as services
from ..models import ActionItem, LearningGroup, Meeting, Membership, SharedFile
from ..permissions import can_contribute, can_manage_group, can_view_workspace
from ..templatetags.workspace_tags import post_state
from ..workspace_forms import ActionForm, MeetingForm, PostForm, UploadForm

THREADS_PER_PAGE = 20


# Every workspace page asks this; compiled once per process (core/precompiled.py).
_MEMBERSHIP = Precompiled(
    lambda *, slug, user: (
        Membership.objects.current()
        .filter(group__slug=slug, person__user=user)
        .select_related("group", "person")
        .order_by("pk")[:1]
    )
)


def _group_for(user, slug):
    """The group, and the user's current membership of it with their Person, in one query.

    The result primes the per-request caches of permissions.current_membership and
    network.permissions.person_for, so the checks on this page cost no further queries.
    """
    membership = next(iter(_MEMBERSHIP.all(slug=slug, user=user.pk)), None)
    if membership is None:
        return get_object_or_404(LearningGroup, slug=slug)
    group = membership.group
    user._werkplaats_person = membership.person
    user.__dict__.setdefault("_werkplaats_memberships", {})[group.pk] = membership
    return group


def workspace_view(view):
    """Resolve the group from the URL and let in only those who may see its workspace."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        group = _group_for(request.user, slug)
        if not can_view_workspace(request.user, group):
            raise Http404
        response = view(request, group, *args, **kwargs)
        # Private pages: never kept by a shared cache or the browser's back-forward cache.
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapper


def _context(request, group, tab, **extra):
    return {
        "group": group,
        "workspace_tab": tab,
        "can_contribute": can_contribute(request.user, group),
        "can_manage": can_manage_group(request.user, group),
        "viewer": person_for(request.user),
        **extra,
    }


def _read_only(request, group, tab, message=None):
    context = _context(request, group, tab, message=message)
    return render(request, "groups/workspace/read_only.html", context, status=403)


def _check_write(request, group, tab):
    """None when the user may write here; else the 403 response to return."""
    if not can_contribute(request.user, group) or person_for(request.user) is None:
        return _read_only(request, group, tab)
    return None


def _forbidden(request, group, tab, error):
    return _read_only(request, group, tab, message=" ".join(error.args) if error.args else None)


def _apply_errors(form, error):
    """Put a service's ValidationError on the form (field errors where it names fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- the stream and threads -----------------------------------------------------------------


def _thread_cards(request, context, threads):
    """The HTML of each discussion's card. A card is kept under the values it shows (the posts'
    workspace_tags.post_state, the reply count, what the viewer may do, language and time
    zone), so a new reply, an edit or a renamed author gives a card a new key: nothing needs
    clearing, and a page of 20 discussions is one cache read when none changed."""
    shared = {
        "request": request,
        "group": context["group"],
        "viewer": context["viewer"],
        "can_contribute": context["can_contribute"],
        "can_manage": context["can_manage"],
    }

    def key(thread):
        return content_key(
            timezone.get_current_timezone_name(),
            shared["group"].slug,
            shared["can_contribute"],
            shared["can_manage"] and shared["can_contribute"],
            thread.reply_count,
            post_state(shared, thread, show_actions=True),
            [post_state(shared, reply) for reply in thread.latest_replies],
        )

    return render_each(
        threads,
        "groups/workspace/_thread_card.html",
        key=key,
        context=lambda thread: {**shared, "thread": thread},
        published=False,
    )


def _stream_page(request, group, form, status=200):
    page_obj = selectors.stream_page(group, request.GET.get(PAGE_PARAMETER), THREADS_PER_PAGE)
    threads = selectors.attach_latest_replies(page_obj.object_list)
    context = _context(request, group, "workspace", form=form, page_obj=page_obj, threads=threads)
    context["thread_cards"] = _thread_cards(request, context, threads)
    return render(request, "groups/workspace/stream.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def workspace(request, group):
    """The discussion stream: a form for a new post, then the threads, latest activity first."""
    if request.method != "POST":
        return _stream_page(request, group, PostForm())
    if (denied := _check_write(request, group, "workspace")) is not None:
        return denied
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.create_post(person_for(request.user), group, form.cleaned_data["body"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, group, "workspace", error)
        else:
            messages.success(request, _("Your message has been posted."))
            return redirect(f"{reverse('groups:workspace', args=[group.slug])}#bericht-{post.pk}")
    return _stream_page(request, group, form, status=400)


def _thread_page(request, group, tree, reply_form=None, reply_to=None, status=200):
    context = _context(
        request,
        group,
        "workspace",
        tree=tree,
        thread_post=tree.post,
        reply_form=reply_form,
        reply_to=reply_to,
    )
    return render(request, "groups/workspace/thread.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def thread(request, group, pk):
    """A whole discussion, replies nested; POST `parent` and `body` to reply to any post."""
    tree = selectors.thread(group, pk)
    if tree is None:
        post = selectors.post_in_group(group, pk)
        if post is None or post.thread_id is None:
            raise Http404
        # A reply's address leads to its place in the thread.
        return redirect(services.post_url(post))
    if tree.post.removed_at is not None and not tree.children:
        raise Http404
    if request.method != "POST":
        return _thread_page(request, group, tree)
    if (denied := _check_write(request, group, "workspace")) is not None:
        return denied
    try:
        parent_pk = int(request.POST.get("parent", ""))
    except ValueError:
        parent_pk = None
    parent = selectors.post_in_group(group, parent_pk) if parent_pk else None
    if parent is None or (parent.pk != tree.post.pk and parent.thread_id != tree.post.pk):
        return _thread_page(request, group, tree, status=400)
    form = PostForm(request.POST, parent=parent, auto_id=f"id_reply_{parent.pk}_%s")
    if form.is_valid():
        try:
            reply = services.create_post(
                person_for(request.user), group, form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, group, "workspace", error)
        else:
            messages.success(request, _("Your reply has been posted."))
            return redirect(services.post_url(reply))
    return _thread_page(request, group, tree, reply_form=form, reply_to=parent, status=400)


def _own_post(request, group, pk):
    post = selectors.post_in_group(group, pk)
    if post is None or post.removed_at is not None:
        raise Http404
    return post


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request, group, pk):
    """Edit one's own post."""
    post = _own_post(request, group, pk)
    if (denied := _check_write(request, group, "workspace")) is not None:
        return denied
    viewer = person_for(request.user)
    if post.author_id != viewer.pk:
        return _read_only(request, group, "workspace", _("You can only edit your own messages."))
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                services.edit_post(viewer, post, form.cleaned_data["body"])
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied as error:
                return _forbidden(request, group, "workspace", error)
            else:
                messages.success(request, _("Your message has been changed."))
                return redirect(services.post_url(post))
        status = 400
    else:
        form = PostForm(initial={"body": post.body})
    context = _context(request, group, "workspace", form=form, post=post)
    return render(request, "groups/workspace/post_edit.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def post_remove(request, group, pk):
    """Remove one's own post (leads and coordinators may remove any): asks first on GET."""
    post = _own_post(request, group, pk)
    if (denied := _check_write(request, group, "workspace")) is not None:
        return denied
    viewer = person_for(request.user)
    if post.author_id != viewer.pk and not can_manage_group(request.user, group):
        return _read_only(request, group, "workspace", _("You can only remove your own messages."))
    if request.method == "POST":
        try:
            services.remove_post(viewer, post)
        except (PermissionDenied, ValidationError) as error:
            return _forbidden(request, group, "workspace", error)
        messages.success(request, _("The message has been removed."))
        if post.thread_id:
            return redirect(
                reverse("groups:thread", kwargs={"slug": group.slug, "pk": post.thread_id})
            )
        return redirect("groups:workspace", slug=group.slug)
    context = _context(request, group, "workspace", post=post)
    return render(request, "groups/workspace/post_remove.html", context)


# --- files ----------------------------------------------------------------------------------


def _files_page(request, group, form, status=200):
    shared_files = list(selectors.files(group))
    viewer = person_for(request.user)
    manage = can_manage_group(request.user, group)
    for shared in shared_files:
        shared.can_remove = bool(viewer) and (shared.uploaded_by_id == viewer.pk or manage)
    context = _context(request, group, "files", form=form, shared_files=shared_files)
    return render(request, "groups/workspace/files.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def files(request, group):
    """The group's shared files, newest first, and a form to upload one."""
    if request.method != "POST":
        return _files_page(request, group, UploadForm())
    if (denied := _check_write(request, group, "files")) is not None:
        return denied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            shared = services.share_file(
                person_for(request.user),
                group,
                form.cleaned_data["file"],
                form.cleaned_data["description"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, group, "files", error)
        else:
            messages.success(
                request, _("“%(name)s” has been shared.") % {"name": shared.original_name}
            )
            return redirect("groups:files", slug=group.slug)
    return _files_page(request, group, form, status=400)


@workspace_view
@require_http_methods(["GET", "HEAD"])
def file_download(request, group, pk):
    """The file itself: always a download (never shown in the browser), with the type decided
    at upload, no sniffing, and a sandbox in case a browser shows it anyway."""
    shared = get_object_or_404(SharedFile, group=group, pk=pk)
    kind = filetypes.kind_for_content_type(shared.content_type)
    content_type = shared.content_type if kind else "application/octet-stream"
    try:
        handle = shared.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    name = shared.original_name
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{ascii_name or "bestand"}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
    response["Content-Length"] = shared.file.size
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def file_remove(request, group, pk):
    """Remove a shared file (the uploader, a lead, a coordinator): asks first on GET."""
    shared = get_object_or_404(SharedFile.objects.select_related("uploaded_by"), group=group, pk=pk)
    if (denied := _check_write(request, group, "files")) is not None:
        return denied
    viewer = person_for(request.user)
    if shared.uploaded_by_id != viewer.pk and not can_manage_group(request.user, group):
        return _read_only(
            request,
            group,
            "files",
            _("Only the person who shared a file, or a group lead, can remove it."),
        )
    if request.method == "POST":
        try:
            services.remove_file(viewer, shared)
        except PermissionDenied as error:
            return _forbidden(request, group, "files", error)
        removed = _("“%(name)s” has been removed.") % {"name": shared.original_name}
        messages.success(request, removed)
        return redirect("groups:files", slug=group.slug)
    context = _context(request, group, "files", shared=shared)
    return render(request, "groups/workspace/file_remove.html", context)


# --- meetings -------------------------------------------------------------------------------


def _meetings_page(request, group, form, status=200):
    context = _context(
        request,
        group,
        "meetings",
        form=form,
        meetings=list(selectors.meetings(group)),
        reflections=list(selectors.reflection_log(group)),
    )
    return render(request, "groups/workspace/meetings.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def meetings(request, group):
    """The group's meetings (newest first), the reflection log, and a form to add a meeting."""
    if request.method != "POST":
        return _meetings_page(request, group, MeetingForm())
    if (denied := _check_write(request, group, "meetings")) is not None:
        return denied
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.create_meeting(person_for(request.user), group, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, group, "meetings", error)
        else:
            messages.success(request, _("The meeting has been added."))
            return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)
    return _meetings_page(request, group, form, status=400)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def meeting(request, group, pk):
    """One meeting: its notes and reflection (editable by every member) and its actions."""
    meeting = get_object_or_404(Meeting.objects.select_related("written_by"), group=group, pk=pk)
    status = 200
    if request.method == "POST":
        if (denied := _check_write(request, group, "meetings")) is not None:
            return denied
        form = MeetingForm(request.POST, instance=Meeting.objects.get(pk=meeting.pk))
        if form.is_valid():
            try:
                services.update_meeting(person_for(request.user), meeting, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied as error:
                return _forbidden(request, group, "meetings", error)
            else:
                messages.success(request, _("The meeting has been saved."))
                return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)
        status = 400
    else:
        form = MeetingForm(instance=meeting)
    context = _context(
        request,
        group,
        "meetings",
        meeting=meeting,
        form=form,
        meeting_actions=list(selectors.meeting_actions(meeting)),
        action_form=ActionForm(group=group, initial={"meeting": meeting.pk}),
    )
    return render(request, "groups/workspace/meeting.html", context, status=status)


# --- actions and decisions ------------------------------------------------------------------


def _actions_page(request, group, form, status=200):
    status_filter = request.GET.get("status", "open")
    if status_filter not in selectors.ACTION_FILTERS:
        status_filter = "open"
    todos, decisions = selectors.todo_and_decisions(selectors.actions(group, status_filter))
    context = _context(
        request,
        group,
        "actions",
        form=form,
        todos=todos,
        decisions=decisions,
        status_filter=status_filter,
        filters=[
            ("open", _("Open")),
            ("klaar", _("Done")),
            ("alle", _("All")),
        ],
    )
    return render(request, "groups/workspace/actions.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def actions(request, group):
    """The group's to-dos and decisions; POST adds one, or (with `done`/`reopen`) marks one."""
    if request.method != "POST":
        return _actions_page(request, group, ActionForm(group=group))
    if (denied := _check_write(request, group, "actions")) is not None:
        return denied
    actor = person_for(request.user)
    toggle = request.POST.get("done") or request.POST.get("reopen")
    if toggle:
        try:
            action_pk = int(toggle)
        except ValueError:
            raise Http404 from None
        action = get_object_or_404(ActionItem, group=group, pk=action_pk)
        done = "done" in request.POST
        try:
            services.set_action_done(actor, action, done)
        except PermissionDenied as error:
            return _forbidden(request, group, "actions", error)
        messages.success(
            request,
            (_("“%(text)s” is done.") if done else _("“%(text)s” is open again."))
            % {"text": action.text},
        )
        return redirect(_safe_next(request, group))
    form = ActionForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.create_action(actor, group, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            return _forbidden(request, group, "actions", error)
        else:
            messages.success(request, _("It has been added to the list."))
            return redirect(_safe_next(request, group))
    return _actions_page(request, group, form, status=400)


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request, group, pk):
    """Change a to-do or decision (a deadline in the past is allowed here)."""
    action = get_object_or_404(ActionItem, group=group, pk=pk)
    if (denied := _check_write(request, group, "actions")) is not None:
        return denied
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, group=group, editing=True)
        if form.is_valid():
            try:
                services.update_action(person_for(request.user), action, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied as error:
                return _forbidden(request, group, "actions", error)
            else:
                messages.success(request, _("The change has been saved."))
                return redirect(_safe_next(request, group))
        status = 400
    else:
        form = ActionForm(
            group=group,
            editing=True,
            initial={
                "kind": action.kind,
                "text": action.text,
                "assignee": action.assignee_id,
                "due_on": action.due_on,
                "meeting": action.meeting_id,
            },
        )
    context = _context(request, group, "actions", form=form, action=action)
    return render(request, "groups/workspace/action_edit.html", context, status=status)


def _safe_next(request, group):
    """Back to the page the form was on: a meeting of this group or the action list."""
    actions_url = reverse("groups:actions", kwargs={"slug": group.slug})
    meeting_pk = request.POST.get("from_meeting", "")
    if meeting_pk.isdigit() and Meeting.objects.filter(group=group, pk=meeting_pk).exists():
        return reverse("groups:meeting", kwargs={"slug": group.slug, "pk": meeting_pk})
    status_filter = request.POST.get("status", "")
    if status_filter in selectors.ACTION_FILTERS:
        return f"{actions_url}?status={status_filter}"
    return actions_url
