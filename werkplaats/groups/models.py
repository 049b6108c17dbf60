"""Learning groups (leerkring, themaleerkring, werkgroep, werkteam), their members, their work
programmes, and the private workspace where a group works between meetings.

Everything in the workspace (posts, files, meetings, actions) belongs to one group and is seen
only by its members and the coordinators: see permissions.py.
"""

import uuid

from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch import index

# Kept importable here: migration 0001 names the storage by this path.
from werkplaats.core.files import private_storage


class WorkProgramme(models.Model):
    """The shared programme the partners sign up to for a period, with its themes."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        "website.ThemePage", verbose_name=_("themes"), blank=True, related_name="programmes"
    )

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="groups_programme_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class GroupKind(models.TextChoices):
    LEARNING_CIRCLE = "leerkring", _("learning circle")
    THEME_CIRCLE = "themaleerkring", _("theme learning circle")
    WORKING_GROUP = "werkgroep", _("working group")
    WORK_TEAM = "werkteam", _("work team")


class LearningGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def of_person(self, person):
        """Groups the person is a current member of."""
        return self.filter(
            memberships__person=person, memberships__ended_on__isnull=True
        ).distinct()


class LearningGroup(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    programme = models.ForeignKey(
        WorkProgramme,
        verbose_name=_("work programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
    )
    themes = models.ManyToManyField(
        "website.ThemePage", verbose_name=_("themes"), blank=True, related_name="groups"
    )
    municipalities = models.ManyToManyField(
        "network.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="groups",
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence for lists and search results.")
    )
    description = models.TextField(_("public description"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    is_open = models.BooleanField(
        _("open to join requests"),
        default=False,
        help_text=_("Members of the Werkplaats can ask to join; a group lead decides."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = LearningGroupQuerySet.as_manager()

    # The site search (library/search.py): what the public group page shows.
    search_fields = [
        index.SearchField("name", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.RelatedFields("questions", [index.SearchField("question")]),
    ]

    class Meta:
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="groups_group_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    def get_workspace_url(self):
        return reverse("groups:workspace", kwargs={"slug": self.slug})

    @property
    def is_archived(self):
        return self.archived_at is not None


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "bezig", _("in progress")
    ANSWERED = "beantwoord", _("answered")


class LearningQuestion(models.Model):
    """A learning question (leervraag) a group works on; answered later by products."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    question = models.CharField(_("question"), max_length=500)
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer_summary = models.TextField(_("what answered it"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question


class MemberRole(models.TextChoices):
    LEAD = "trekker", _("group lead")
    MEMBER = "lid", _("member")
    RESIDENT = "bewoner", _("resident")
    TEACHER_RESEARCHER = "docentonderzoeker", _("teacher-researcher")
    STUDENT = "student", _("student")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Membership(models.Model):
    """A person's membership of a group, with its role and dates.

    Leaving sets `ended_on`; the history stays (who was in the werkgroep of 2016–2017). At most
    one current membership per person and group.
    """

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=32, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    started_on = models.DateField(_("member since"), default=timezone.localdate)
    ended_on = models.DateField(_("member until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(ended_on__isnull=True),
                name="groups_one_current_membership",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="groups_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_on"], name="groups_member_person")]

    def __str__(self):
        return f"{self.person} – {self.group}"

    @property
    def is_lead(self):
        return self.role == MemberRole.LEAD


class JoinRequestStatus(models.TextChoices):
    PENDING = "open", _("waiting for a decision")
    APPROVED = "goedgekeurd", _("approved")
    DECLINED = "afgewezen", _("declined")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class JoinRequest(models.Model):
    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, related_name="join_requests"
    )
    motivation = models.TextField(_("why do you want to join?"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status="open"),
                name="groups_one_pending_join_request",
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.group}"


# --- The private workspace ---------------------------------------------------------------


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(removed_at__isnull=True)

    def threads(self):
        """Opening posts of the stream (replies hang under them)."""
        return self.filter(parent__isnull=True)


class Post(models.Model):
    """A message in a group's discussion stream, or a reply in its thread.

    `thread` is the opening post of the discussion (itself for an opening post: null), so a whole
    thread is read in one query however deep the replies go.
    """

    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="thread_posts"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("message"), max_length=10000, validators=[MinLengthValidator(1)])
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Set on opening posts when a reply comes in, so the stream shows active threads first.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    mentions = models.ManyToManyField(
        "network.Person", blank=True, related_name="mentioned_in_posts"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["group", "-last_activity_at"],
                condition=Q(parent__isnull=True),
                name="groups_post_stream",
            ),
            models.Index(fields=["thread", "created_at"], name="groups_post_thread"),
            # Counting a stream's discussions, open and removed, reads this index alone
            # (workspace_selectors.stream_page).
            models.Index(
                fields=["group", "removed_at"],
                condition=Q(parent__isnull=True),
                name="groups_post_discussions",
            ),
        ]

    def __str__(self):
        return self.body[:60]


def private_file_path(instance, filename):
    # A random name: the original name is kept in the row, never trusted as a path.
    return f"groups/{instance.group_id}/{uuid.uuid4().hex}"


class SharedFile(models.Model):
    """A file shared in a group's workspace: stored outside the public media, served only to
    members through a view that checks permission, always as a download."""

    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(
        _("file"), upload_to=private_file_path, storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("shared file")
        verbose_name_plural = _("shared files")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_name


class Meeting(models.Model):
    """Notes of one meeting of the group, with its reflection: what did we learn, what do we do
    differently next time."""

    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=50000)
    learned = models.TextField(_("what did we learn?"), blank=True, max_length=10000)
    do_differently = models.TextField(_("what do we do differently?"), blank=True, max_length=10000)
    written_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d-%m-%Y} {self.title}"


class ActionKind(models.TextChoices):
    TODO = "actie", _("to do")
    DECISION = "besluit", _("decision")


class ActionItem(models.Model):
    """A to-do or a decision on the group's list, optionally from a meeting."""

    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(
        _("kind"), max_length=16, choices=ActionKind.choices, default=ActionKind.TODO
    )
    text = models.CharField(_("description"), max_length=500)
    assignee = models.ForeignKey(
        "network.Person",
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("action or decision")
        verbose_name_plural = _("actions and decisions")
        ordering = ["done_at", "due_on", "created_at"]

    def __str__(self):
        return self.text
