"""The library: practice knowledge and transferable products, with their versions.

Both kinds of entry share one publishing flow (see `Publishable`): they start private to the
group they came from, are shared with the members of the Werkplaats, and become public only
after a coordinator's review. Every change of content is kept as a `Version`.
"""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch import index

from werkplaats.core.files import private_storage
from werkplaats.network.models import Role


class Visibility(models.TextChoices):
    GROUP = "groep", _("only the group")
    MEMBERS = "leden", _("members of the Werkplaats")
    PUBLIC = "iedereen", _("everyone, also visitors")


# Wider audiences rank higher: moving up needs the privacy guard, up to public a review.
VISIBILITY_RANK = {Visibility.GROUP: 0, Visibility.MEMBERS: 1, Visibility.PUBLIC: 2}


class ReviewStatus(models.TextChoices):
    NONE = "", _("not asked")
    PENDING = "ter_beoordeling", _("waiting for review")
    REJECTED = "afgewezen", _("not approved")


class PublishableQuerySet(models.QuerySet):
    """`visible_to(user)`: one filter for lists, detail pages, search and the API."""

    # How a membership row points at an entry whose group may see it while it is private.
    membership_lookup = "group"
    membership_target = "group"

    def public(self):
        """What visitors see: `visible_to` a visitor is exactly this."""
        return self.filter(visibility=Visibility.PUBLIC)

    def not_public(self):
        return self.exclude(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Public entries; for members also the shared ones and their own groups' entries."""
        from werkplaats.groups.models import Membership
        from werkplaats.network.permissions import is_coordinator, person_for

        if is_coordinator(user):
            return self
        person = person_for(user)
        if person is None:
            return self.public()
        own_group = Membership.objects.current().filter(
            person=person, **{self.membership_lookup: OuterRef(self.membership_target)}
        )
        return self.filter(
            Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
            | (Q(visibility=Visibility.GROUP) & Exists(own_group))
        )

    def pending_review(self):
        return self.filter(review_status=ReviewStatus.PENDING)


class Publishable(models.Model):
    """What practice knowledge and products share: audience, review, themes, versions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two sentences for lists and search.")
    )
    themes = models.ManyToManyField(
        "website.ThemePage", verbose_name=_("themes"), blank=True, related_name="+"
    )
    municipalities = models.ManyToManyField(
        "network.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    visibility = models.CharField(
        _("who sees it"), max_length=16, choices=Visibility.choices, default=Visibility.GROUP
    )
    review_status = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, blank=True, default=""
    )
    review_note = models.TextField(_("note from the reviewer"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("public since"), null=True, blank=True)
    # Findings of the privacy guard a reviewer marked as not personal:
    # [{"kind": "phone", "text": "088 123 4567", "by": person pk, "at": iso time}]
    not_personal = models.JSONField(_("marked as not personal"), default=list, blank=True)
    created_by = models.ForeignKey(
        "network.Person",
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    versions = GenericRelation("library.Version")

    # What a version keeps and a restore puts back: plain fields and many-to-many relations.
    versioned_fields: tuple[str, ...] = ("title", "summary")
    versioned_relations: tuple[str, ...] = ("themes", "municipalities")
    # The fields the privacy guard reads before anything leaves the group.
    guarded_fields: tuple[str, ...] = ("title", "summary")

    # What the site search finds an entry by (library/search_index.py): the title, the
    # summary (a boost makes it rank the result), and the rest.
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def guarded_text(self):
        return "\n".join(str(getattr(self, name) or "") for name in self.guarded_fields)


class PracticeKind(models.TextChoices):
    DILEMMA = "dilemma", _("dilemma")
    CASE = "casus", _("case")
    EXAMPLE = "praktijkvoorbeeld", _("practice example")
    QUESTION = "kennisvraag", _("knowledge question")
    TIP = "tip", _("(golden) tip")


class PracticeItemQuerySet(PublishableQuerySet):
    pass


class PracticeItem(Publishable):
    """A dilemma, case, practice example, knowledge question or (golden) tip from practice."""

    kind = models.CharField(_("kind"), max_length=32, choices=PracticeKind.choices)
    body = models.TextField(_("text"), max_length=20000)
    group = models.ForeignKey(
        "groups.LearningGroup",
        verbose_name=_("group it came from"),
        on_delete=models.PROTECT,
        related_name="practice_items",
    )
    roles = models.JSONField(
        _("roles it concerns"),
        default=list,
        blank=True,
        help_text=_("The roles this is about, e.g. social professional, resident."),
    )
    answers_to = models.ManyToManyField(
        "self",
        verbose_name=_("answers"),
        symmetrical=False,
        blank=True,
        related_name="answered_by",
        help_text=_("The dilemmas, cases or questions this example or tip answers."),
    )
    learning_questions = models.ManyToManyField(
        "groups.LearningQuestion",
        verbose_name=_("answers learning questions"),
        blank=True,
        related_name="practice_items",
    )

    objects = PracticeItemQuerySet.as_manager()

    versioned_fields = ("kind", "title", "summary", "body", "roles")
    versioned_relations = ("themes", "municipalities", "answers_to", "learning_questions")
    guarded_fields = ("title", "summary", "body")

    search_fields = Publishable.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("group", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("practice knowledge")
        verbose_name_plural = _("practice knowledge")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The library's list, newest first: with the products', read from the indexes
            # (selectors.LibraryRows), not by sorting every row. The first for one visibility
            # (a visitor's), the second for a member's, who sees more than one.
            models.Index(
                fields=["visibility", "-updated_at", "-id"], name="library_practice_recent"
            ),
            models.Index(fields=["-updated_at", "-id"], name="library_practice_newest"),
            # Who may see what, for the search: read from the index alone.
            models.Index(fields=["visibility", "id", "group"], name="library_practice_visible"),
        ]

    def get_absolute_url(self):
        return reverse("library:practice", kwargs={"slug": self.slug})

    def group_ids(self):
        return [self.group_id]

    def role_labels(self):
        labels = dict(Role.choices)
        return [labels[role] for role in self.roles if role in labels]


class ProductKind(models.TextChoices):
    PUBLICATION = "publicatie", _("publication / collection")
    BLOG = "blog", _("blog")
    VISUAL = "visual", _("visual")
    LITERATURE = "literatuurverkenning", _("literature review")
    WORKSHOP = "workshopmateriaal", _("workshop material")
    PRESENTATION = "presentatie", _("presentation")
    GUEST_LECTURE = "gastles", _("guest lecture")
    OTHER = "overig", _("other")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC0 = "CC0-1.0", _("Public domain (CC0 1.0)")
    ALL_RIGHTS = "alle-rechten", _("All rights reserved: ask the authors before reuse")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.nl",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
}


class ProductQuerySet(PublishableQuerySet):
    # A private product is seen by the members of any of its groups.
    membership_lookup = "group__products"
    membership_target = "pk"


class Product(Publishable):
    """A transferable result: a bundel, blog, visual, literature review, workshop material…

    The structured "transferable" description (aim … contact) is what another municipality or
    team needs to take it up; it is printed and offered as a PDF on its own.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=ProductKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    authors = models.ManyToManyField(
        "network.Person", verbose_name=_("authors"), blank=True, related_name="products"
    )
    groups = models.ManyToManyField(
        "groups.LearningGroup", verbose_name=_("groups"), blank=True, related_name="products"
    )
    author_names = models.CharField(
        _("other authors"),
        max_length=300,
        blank=True,
        help_text=_("Authors without a profile here, e.g. 'Lectoraat Integraal Werken'."),
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(_("link to the product elsewhere"), blank=True)
    learning_questions = models.ManyToManyField(
        "groups.LearningQuestion",
        verbose_name=_("answers learning questions"),
        blank=True,
        related_name="products",
    )
    practice_items = models.ManyToManyField(
        PracticeItem,
        verbose_name=_("related practice knowledge"),
        blank=True,
        related_name="products",
    )
    # The transferable description.
    aim = models.TextField(_("aim"), blank=True, max_length=4000)
    target_group = models.TextField(_("target group"), blank=True, max_length=4000)
    approach = models.TextField(_("approach"), blank=True, max_length=8000)
    working_elements = models.TextField(
        _("working elements"), blank=True, max_length=8000, help_text=_("Werkzame elementen.")
    )
    results = models.TextField(_("results and evidence"), blank=True, max_length=8000)
    conditions = models.TextField(_("conditions"), blank=True, max_length=4000)
    requirements = models.TextField(_("what you need"), blank=True, max_length=4000)
    contact = models.TextField(_("contact"), blank=True, max_length=1000)

    objects = ProductQuerySet.as_manager()

    TRANSFER_FIELDS = (
        "aim",
        "target_group",
        "approach",
        "working_elements",
        "results",
        "conditions",
        "requirements",
        "contact",
    )
    versioned_fields = (
        "kind",
        "title",
        "summary",
        "description",
        "author_names",
        "year",
        "licence",
        "external_url",
        "cover",
        *TRANSFER_FIELDS,
    )
    versioned_relations = (
        "themes",
        "municipalities",
        "authors",
        "groups",
        "learning_questions",
        "practice_items",
    )
    guarded_fields = ("title", "summary", "description", *TRANSFER_FIELDS)

    search_fields = Publishable.search_fields + [
        index.SearchField("description"),
        index.SearchField("author_names"),
        *[index.SearchField(name) for name in TRANSFER_FIELDS],
        index.RelatedFields("files", [index.SearchField("extracted_text")]),
    ]

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-year", "title", "pk"]
        indexes = [
            models.Index(fields=["visibility", "-year"], name="library_product_list"),
            models.Index(
                fields=["visibility", "-updated_at", "-id"], name="library_product_recent"
            ),
            # The same for a member, who sees more than one visibility: read in order from
            # the newest, skipping what they may not see, until the page is full.
            models.Index(fields=["-updated_at", "-id"], name="library_product_newest"),
            # Who may see what, for the search: read from the index alone.
            models.Index(fields=["visibility", "id"], name="library_product_visible"),
        ]

    def get_absolute_url(self):
        return reverse("library:product", kwargs={"slug": self.slug})

    def group_ids(self):
        return [group.pk for group in self.groups.all()]

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def transfer_sections(self):
        """[(label, text)] of the filled-in parts of the transferable description."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.TRANSFER_FIELDS
            if getattr(self, name).strip()
        ]


def product_file_path(instance, filename):
    return f"library/products/{instance.product_id}/{filename}"


class ExtractionStatus(models.TextChoices):
    PENDING = "wacht", _("waiting")
    DONE = "klaar", _("done")
    FAILED = "mislukt", _("failed")
    NONE = "geen", _("no text in this kind of file")


class ProductFile(models.Model):
    """A file of a product (PDF, Word, PowerPoint, image), served through a permission check."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), upload_to=product_file_path, storage=private_storage, max_length=300
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    extracted_text = models.TextField(_("text in the file"), blank=True)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=16,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("product file")
        verbose_name_plural = _("product files")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or self.original_name

    def get_absolute_url(self):
        return reverse("library:file", kwargs={"slug": self.product.slug, "pk": self.pk})


class Version(models.Model):
    """One saved state of a practice item or product: who changed what, and when.

    `data` holds the versioned fields and the primary keys of the versioned relations, so an
    old version can be shown and restored (a restore is itself a new version).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(default=dict)
    changed = models.JSONField(_("changed fields"), default=list)
    note = models.CharField(_("note"), max_length=300, blank=True)
    author = models.ForeignKey(
        "network.Person",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="library_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.entry} v{self.number}"


class GuardedName(models.Model):
    """A name the privacy guard looks for in a group's texts (clients, relatives, streets…)."""

    group = models.ForeignKey(
        "groups.LearningGroup", on_delete=models.CASCADE, related_name="guarded_names"
    )
    name = models.CharField(_("name"), max_length=100)
    added_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("name to guard")
        verbose_name_plural = _("names to guard")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="library_guarded_name_unique")
        ]

    def __str__(self):
        return self.name


class SearchEntry(models.Model):
    """One row per object the site search (/zoeken/) finds: pages, news, products, practice
    knowledge, groups and activities, in one table, so one statement matches, ranks and counts
    the facets of every kind at once (library/search_index.py keeps it up to date).

    Besides these columns the table holds its full-text index, which differs per database and
    is written by search_index.py only: on PostgreSQL the tsvector columns `document` (every
    word, with a GIN index) and `head` (title and summary, for ranking) and the facets
    `themes` and `municipalities` as integer arrays; on SQLite the FTS5 table
    library_searchentry_fts, and the facets as JSON lists. Who may see an entry: `public`
    for what visitors see, else the search filters by the same `visible_to` querysets the
    lists use.
    """

    source = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    # The search terms of the title (search_index.terms), with a space at both ends: a title
    # that holds every term of the query is found with LIKE '% term %' on both databases.
    title_stems = models.TextField()
    # Facets: the type's key in the URL (e.g. "product-blog") and the year. The pks of its
    # theme pages and municipalities are in the columns `themes` and `municipalities`, which
    # differ per database too (see above).
    type = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField(null=True)
    # Visitors see it: the object is in its model's `public()` (every group is), written with
    # the entry in the same transaction as the object's change. A visitor's search reads this
    # instead of the object tables; members' searches read it for the public part. Pages
    # leave it False: their view restrictions (set on an ancestor, too) are checked when
    # searching.
    public = models.BooleanField(default=False)
    # What its result shows besides the title and snippet, and the texts the snippet is cut
    # from, as JSON (search_index.py). Empty in an entry written before cards were kept: the
    # search then loads the object (`manage.py rebuild_search_index` fills them all).
    card = models.TextField(default="", blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id"], name="library_search_entry_unique"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.object_id}: {self.title}"
