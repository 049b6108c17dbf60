"""Newsletter issues in the Wagtail admin (/beheer/nieuwsbrief/uitgaven/), for coordinators:
compose, preview in the browser and as the mail, send a test, schedule or send, follow the
progress.

Everything that sends or schedules goes through sending.py (start, schedule, unschedule,
send_test); these views only parse input and report. An issue's content is fixed once its
sending starts (sending.start writes the deliveries), so a sending or sent issue can no longer be
edited or deleted here: the edit view refuses, also when the issue started between showing the
form and saving it (the save locks the row and looks again).

No open or click tracking exists (sending.py): the progress shows the deliveries' figures only.
"""

import smtplib

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import CheckboxSelectMultiple
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ListMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from werkplaats.core.slugs import unique_slug
from werkplaats.network.permission_policies import CoordinatorsOnlyPolicy

from . import sending
from .admin_forms import IssueAdminForm, ScheduleForm
from .models import Delivery, DeliveryStatus, IssueStatus, NewsletterIssue

# sending.send_test's mail server being away or refusing.
MAIL_ERRORS = (OSError, smtplib.SMTPException)
# What the progress shows for each status of a delivery, in this order. Own labels, not the
# statuses' short ones: "waiting" alone is translated otherwise elsewhere in the project.
FIGURE_LABELS = (
    (DeliveryStatus.SENT, _("Sent")),
    (DeliveryStatus.PENDING, _("Waiting to be sent")),
    (DeliveryStatus.SENDING, _("Being sent right now")),
    (DeliveryStatus.BOUNCED, _("Refused by the receiving server")),
    (DeliveryStatus.FAILED, _("Failed after several attempts")),
    (DeliveryStatus.SKIPPED, _("Not sent: unsubscribed in the meantime")),
)
# How often the progress of an issue being sent refreshes itself, in seconds.
PROGRESS_REFRESH = 4


class IssuePolicy(CoordinatorsOnlyPolicy):
    """Coordinators only; a sending or sent issue is no longer changed or deleted by anyone."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and not instance.is_editable:
            return False
        return self.user_has_permission(user, action)


register_permission_policy(NewsletterIssue, IssuePolicy(NewsletterIssue))


def not_editable_message(issue):
    return gettext(
        "“%(subject)s” is %(status)s and can no longer be changed: its content was fixed when "
        "sending started."
    ) % {"subject": issue.subject, "status": issue.get_status_display()}


# --- the list --------------------------------------------------------------------------------


def _count(*statuses):
    deliveries = Delivery.objects.filter(issue=OuterRef("pk"))
    if statuses:
        deliveries = deliveries.filter(status__in=statuses)
    counted = deliveries.order_by().values("issue").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def when(issue):
    """The moment that matters for the issue's status."""
    if issue.status == IssueStatus.SCHEDULED and issue.send_at:
        moment, text = issue.send_at, gettext("planned for %(moment)s")
    elif issue.status == IssueStatus.SENDING and issue.started_at:
        moment, text = issue.started_at, gettext("sending since %(moment)s")
    elif issue.status == IssueStatus.SENT and issue.finished_at:
        moment, text = issue.finished_at, gettext("sent on %(moment)s")
    else:
        return "–"
    return text % {"moment": date_format(timezone.localtime(moment), "j F Y H:i")}


def figures_summary(issue):
    if issue.status not in (IssueStatus.SENDING, IssueStatus.SENT):
        return "–"
    text = gettext("%(sent)s of %(total)s sent") % {"sent": issue.sent, "total": issue.total}
    if issue.not_delivered:
        text += ", " + ngettext(
            "%(count)s refused or failed", "%(count)s refused or failed", issue.not_delivered
        ) % {"count": issue.not_delivered}
    return text


class IssueIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Correlated subqueries: counted for the rows on the page only.
        return NewsletterIssue.objects.defer("intro").annotate(
            sent=_count(DeliveryStatus.SENT),
            not_delivered=_count(DeliveryStatus.BOUNCED, DeliveryStatus.FAILED),
            total=_count(),
        )

    def get_edit_url(self, instance):
        if instance.is_editable:
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if instance.is_editable:
            return super().get_delete_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = []
        if edit_url := self.get_edit_url(instance):
            buttons.append(ListMenuItem(gettext("Edit"), url=edit_url, icon_name="edit"))
        buttons.append(
            ListMenuItem(
                gettext("Preview and send")
                if instance.is_editable
                else gettext("Progress and preview"),
                url=self.get_inspect_url(instance),
                icon_name="mail",
                priority=20,
            )
        )
        if delete_url := self.get_delete_url(instance):
            buttons.append(
                ListMenuItem(gettext("Delete"), url=delete_url, icon_name="bin", priority=30)
            )
        return buttons


# --- composing -------------------------------------------------------------------------------


class IssueCreateView(generic.CreateView):
    def save_instance(self):
        issue = self.form.save(commit=False)
        issue.slug = unique_slug(NewsletterIssue, issue.subject)
        issue.created_by = self.request.user
        issue.save()
        self.form.save_m2m()
        return issue

    def get_success_url(self):
        return reverse("newsletter_issues_admin:inspect", args=[self.object.pk])


class IssueEditView(generic.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get(self, request, *args, **kwargs):
        if not self.object.is_editable:
            messages.info(request, not_editable_message(self.object))
            return redirect("newsletter_issues_admin:inspect", self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.object.is_editable:
            return self._refuse()
        return super().post(request, *args, **kwargs)

    def _refuse(self):
        messages.error(self.request, not_editable_message(self.object))
        return redirect("newsletter_issues_admin:inspect", self.object.pk)

    def form_valid(self, form):
        self.form = form
        with transaction.atomic():
            # The scheduler or another coordinator may have started it since the check above.
            locked = NewsletterIssue.objects.select_for_update().get(pk=self.object.pk)
            if not locked.is_editable:
                self.object = locked
                return self._refuse()
            issue = form.save(commit=False)
            issue.status, issue.send_at = locked.status, locked.send_at
            issue.slug = unique_slug(NewsletterIssue, issue.subject, exclude_pk=issue.pk)
            issue.save()
            form.save_m2m()
            self.object = issue
        return self.save_action()

    def get_success_url(self):
        return reverse("newsletter_issues_admin:inspect", args=[self.object.pk])

    @property
    def header_more_buttons(self):
        return [
            Button(
                gettext("Preview and send"),
                url=reverse("newsletter_issues_admin:inspect", args=[self.object.pk]),
                icon_name="mail",
                priority=5,
            ),
            *super().header_more_buttons,
        ]


class IssueDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not self.object.is_editable:
            messages.error(request, not_editable_message(self.object))
            return redirect("newsletter_issues_admin:inspect", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


# --- one issue: preview, test, schedule, send, progress ----------------------------------------


def mail_preview(issue):
    """(subject, text, html) of the mail as a subscriber gets it, with a stand-in's links."""
    rendered = sending.render_issue(issue)
    text, html = rendered.personal(sending.stand_in("voorbeeld@example.org"))
    return rendered.subject, text, html


def progress_context(issue):
    figures = sending.figures(issue)
    done = sum(
        figures[status]
        for status in (
            DeliveryStatus.SENT,
            DeliveryStatus.BOUNCED,
            DeliveryStatus.FAILED,
            DeliveryStatus.SKIPPED,
        )
    )
    rows = [(label, figures[status]) for status, label in FIGURE_LABELS]
    return {
        "issue": issue,
        "figures": figures,
        "figure_rows": rows,
        "done": done,
        "percentage": round(100 * done / figures["total"]) if figures["total"] else 100,
        "refresh_seconds": PROGRESS_REFRESH,
        "progress_url": reverse("newsletter_issues_admin:progress", args=[issue.pk]),
    }


class IssueView(generic.InspectView):
    """The page of one issue: its status, the previews, and what can be done with it now."""

    template_name = "newsletter/admin/issue.html"
    http_method_names = ["get", "head", "post"]

    def get_page_title(self):
        return gettext("Preview and send") if self.object.is_editable else gettext("Progress")

    def get_edit_url(self):
        if self.object.is_editable:
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if self.object.is_editable:
            return super().get_delete_url()
        return None

    def get_context_data(self, schedule_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        context.update(
            issue=issue,
            coordinator_email=self.request.user.email,
            schedule_form=schedule_form
            or ScheduleForm(
                initial={"send_at": issue.send_at and timezone.localtime(issue.send_at)}
            ),
            send_url=reverse("newsletter_issues_admin:send", args=[issue.pk]),
            preview_web_url=reverse("newsletter_issues_admin:preview_web", args=[issue.pk]),
            preview_mail_url=reverse("newsletter_issues_admin:preview_mail", args=[issue.pk]),
        )
        if issue.status in (IssueStatus.SENDING, IssueStatus.SENT):
            context.update(progress_context(issue))
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            return HttpResponse(status=403)
        action = request.POST.get("action")
        if action == "test":
            return self.send_test()
        if action == "schedule":
            return self.schedule()
        if action == "unschedule":
            sending.unschedule(self.object)
            messages.success(
                request, gettext("The newsletter is no longer planned; it is a draft again.")
            )
            return self.back()
        messages.error(request, gettext("Unknown action; nothing was done."))
        return self.back()

    def back(self):
        return redirect("newsletter_issues_admin:inspect", self.object.pk)

    def send_test(self):
        email = self.request.user.email
        if not email:
            messages.error(
                self.request,
                gettext(
                    "Your account has no e-mail address, so there is nowhere to send the test. "
                    "Add one to your account first (Account settings in the menu)."
                ),
            )
            return self.render_page(status=400)
        try:
            sending.send_test(self.object, email)
        except MAIL_ERRORS:
            messages.error(
                self.request,
                gettext(
                    "The test could not be sent: the mail server did not accept it. Try again "
                    "in a few minutes."
                ),
            )
            return self.render_page(status=503)
        messages.success(
            self.request,
            gettext("A test was sent to %(email)s, with “[TEST]” before the subject.")
            % {"email": email},
        )
        return self.back()

    def schedule(self):
        form = ScheduleForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, gettext("The newsletter was not planned. See below."))
            return self.render_page(status=400, schedule_form=form)
        send_at = form.cleaned_data["send_at"]
        try:
            sending.schedule(self.object, send_at)
        except sending.NotSendable:
            messages.error(self.request, not_editable_message(self.object))
            return self.back()
        messages.success(
            self.request,
            gettext("Planned: the newsletter is sent on %(moment)s.")
            % {"moment": date_format(timezone.localtime(send_at), "l j F Y, H:i")},
        )
        return self.back()

    def render_page(self, status=200, **kwargs):
        self.object.refresh_from_db()
        return TemplateResponse(
            self.request, self.template_name, self.get_context_data(**kwargs), status=status
        )


class IssueSubpage(generic.InspectView):
    """A page under an issue's own page: its breadcrumbs lead back there; no edit or delete."""

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("newsletter_issues_admin:index"), "label": gettext("Issues")},
            {
                "url": reverse("newsletter_issues_admin:inspect", args=[self.object.pk]),
                "label": self.object.subject,
            },
            {"url": "", "label": self.get_page_title()},
        ]


class SendNowView(IssueSubpage):
    """ "Send now", after a confirmation that says how many subscribers get it."""

    template_name = "newsletter/admin/send_now.html"
    http_method_names = ["get", "head", "post"]
    page_title = _("Send now")

    def dispatch(self, request, *args, **kwargs):
        if not self.object.is_editable:
            messages.error(
                request,
                gettext("“%(subject)s” is already being sent or has been sent.")
                % {"subject": self.object.subject},
            )
            return redirect("newsletter_issues_admin:inspect", self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            issue=self.object,
            recipient_count=sending.recipients(self.object).count(),
            cancel_url=reverse("newsletter_issues_admin:inspect", args=[self.object.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            return HttpResponse(status=403)
        try:
            count = sending.start(self.object)
        except sending.NotSendable:
            messages.error(
                request,
                gettext("“%(subject)s” is already being sent or has been sent.")
                % {"subject": self.object.subject},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Sending has started: %(count)s subscriber gets this newsletter.",
                    "Sending has started: %(count)s subscribers get this newsletter.",
                    count,
                )
                % {"count": count},
            )
        return redirect("newsletter_issues_admin:inspect", self.object.pk)


class ProgressView(generic.InspectView):
    """The figures alone, for the page to refresh itself while the issue is being sent."""

    def get(self, request, *args, **kwargs):
        return render(request, "newsletter/admin/progress.html", progress_context(self.object))


class WebPreviewView(generic.InspectView):
    """The issue as the web archive shows it, in the site's own layout (not yet public)."""

    def get(self, request, *args, **kwargs):
        context = sending.issue_context(self.object)
        context["back_url"] = reverse("newsletter_issues_admin:inspect", args=[self.object.pk])
        response = render(request, "newsletter/admin/preview_web.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response


class MailPreviewView(IssueSubpage):
    """The mail: its HTML in a sandboxed frame, and its plain text."""

    template_name = "newsletter/admin/preview_mail.html"

    def get_page_title(self):
        return gettext("Preview of the mail")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject, text, _html = mail_preview(self.object)
        context.update(
            issue=self.object,
            subject=subject,
            text=text,
            html_url=reverse("newsletter_issues_admin:preview_mail_html", args=[self.object.pk]),
        )
        return context


class MailHtmlView(generic.InspectView):
    """The HTML of the mail alone, for the preview's frame. No script may run in it, nothing
    is loaded but images and its own inline styles, and only our own pages may frame it."""

    @classmethod
    def as_view(cls, **kwargs):
        return xframe_options_sameorigin(super().as_view(**kwargs))

    def get(self, request, *args, **kwargs):
        _subject, _text, html = mail_preview(self.object)
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        )
        response["X-Robots-Tag"] = "noindex"
        return response


class IssueViewSet(ModelViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = _("Issues")
    url_namespace = "newsletter_issues_admin"
    url_prefix = "nieuwsbrief/uitgaven"
    index_view_class = IssueIndexView
    add_view_class = IssueCreateView
    edit_view_class = IssueEditView
    delete_view_class = IssueDeleteView
    inspect_view_enabled = True
    inspect_view_class = IssueView
    inspect_template_name = "newsletter/admin/issue.html"
    copy_view_enabled = False
    search_fields = ["subject"]
    search_backend_name = None
    list_filter = ["status"]
    list_display = [
        "subject",
        "status",
        "created_at",
        Column("when", label=_("Planned / sent"), accessor=when),
        Column("figures", label=_("Sent"), accessor=figures_summary),
    ]
    panels = [
        FieldPanel("subject"),
        FieldPanel("intro"),
        FieldPanel("news_items", widget=CheckboxSelectMultiple),
        FieldPanel("activities", widget=CheckboxSelectMultiple),
        FieldPanel("products", widget=CheckboxSelectMultiple),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=IssueAdminForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<int:pk>/", self.construct_view(SendNowView), name="send"),
            path(
                "progress/<int:pk>/",
                self.construct_view(ProgressView),
                name="progress",
            ),
            path(
                "preview/<int:pk>/web/",
                self.construct_view(WebPreviewView),
                name="preview_web",
            ),
            path(
                "preview/<int:pk>/mail/",
                self.construct_view(MailPreviewView),
                name="preview_mail",
            ),
            path(
                "preview/<int:pk>/mail.html",
                self.construct_view(MailHtmlView),
                name="preview_mail_html",
            ),
        ]
