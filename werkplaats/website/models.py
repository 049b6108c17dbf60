"""The public website: Wagtail page types and the site-wide settings editable in /beheer/."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from werkplaats.core.cache import remember
from werkplaats.core.fragments import render_one
from werkplaats.core.pagination import paginate

from . import cards, selectors
from .forms import ContactFormBuilder, contact_rate_limited


class BodyBlock(blocks.StreamBlock):
    """The blocks an editor composes a page body from."""

    heading = blocks.CharBlock(
        form_classname="title", label=_("Heading"), template="website/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    quote = blocks.StructBlock(
        [
            ("text", blocks.TextBlock(label=_("Quote"))),
            ("source", blocks.CharBlock(required=False, label=_("Source"))),
        ],
        label=_("Quote"),
        template="website/blocks/quote.html",
    )

    class Meta:
        template = "website/blocks/body.html"


class WerkplaatsPage(Page):
    """Fields every public page type shares: an introduction and a place in the footer."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown at the top and in lists and search results."),
    )
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("Link to this page from the footer of every page."),
    )

    # The introduction is a page's summary: it ranks a result, next to the title.
    search_fields = Page.search_fields + [index.SearchField("intro", boost=2)]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors, in one query instead of Wagtail's two.

        A restricted page's path is a prefix of the paths of the pages below it. An alias
        takes its source's restrictions: Wagtail's own lookup resolves those.
        """
        if self.alias_of_id:
            return super().get_view_restrictions()
        restrictions = selectors.restrictions_over(self.path)
        # The rows are kept until the next change to pages or restrictions (signals.py clears
        # the page cache on both), so serving a page costs no query for them. Handed out as
        # the queryset already evaluated: Wagtail's admin narrows it further (order_by), which
        # queries afresh.
        restrictions._result_cache = remember(
            f"view-restrictions:{self.path}", lambda: list(restrictions.all())
        )
        return restrictions


class HomePage(WerkplaatsPage):
    aim = models.CharField(
        _("aim"),
        max_length=255,
        blank=True,
        help_text=_("The aim of the Werkplaats in one line."),
    )
    body = RichTextField(_("who we are"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("aim"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = WerkplaatsPage.search_fields + [
        index.SearchField("aim"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find a page below the home page by its URL path in one lookup, not one per level.

        Anything the lookup does not find (a page served by a route of its own, or nothing at
        all) goes through Wagtail's walk down the tree, which also answers 404.
        """
        if path_components:
            # Kept until the next publish, move or delete (signals.py clears the page cache).
            # Hashed: an address may be any length and hold any character.
            address = hashlib.sha256("/".join(path_components).encode()).hexdigest()
            page = remember(
                f"page-at:{self.pk}:{address}", lambda: selectors.page_at(self, path_components)
            )
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both change only on a publish: kept in the cache until then, like the site chrome.
        # The themes as rendered HTML: unpickling their pages and working out each one's URL
        # was a fifth of the time the home page took to render.
        context["current_themes"] = render_one(
            "website/includes/current_themes.html",
            key="home",
            context=lambda: {"current_themes": remember("home-themes", selectors.current_themes)},
        )
        latest = remember("home-news", lambda: selectors.ids_of(selectors.news(), 3))
        context["news_cards"] = cards.news_cards(latest, heading_level=3)
        return context


class StandardPage(WerkplaatsPage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = WerkplaatsPage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class ThemeIndexPage(WerkplaatsPage):
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["website.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("themes index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = selectors.themes_under(self)
        return context


class ThemePage(WerkplaatsPage):
    """A theme of the work programme, e.g. 'Samenwerking formeel en informeel'."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    is_current = models.BooleanField(
        _("current theme"),
        default=True,
        help_text=_("Current themes are shown on the home page."),
    )
    started = models.DateField(_("since"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("is_current"), FieldPanel("started")]),
    ]
    search_fields = WerkplaatsPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["website.ThemeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("theme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = remember(
            f"theme-news:{self.pk}", lambda: selectors.ids_of(selectors.news_for_theme(self), 10)
        )
        context["news_cards"] = cards.news_cards(news, heading_level=3)
        return context


class NewsIndexPage(WerkplaatsPage):
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["website.NewsPage"]
    max_count = 1
    per_page = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        theme_slug = request.GET.get("thema", "")
        year = request.GET.get("jaar", "")
        # The filter choices change only on a publish: kept in the cache until then.
        themes = remember("news-themes", selectors.all_themes)
        years = remember(f"news-years:{self.pk}", lambda: selectors.news_years(self))
        news, active_theme, active_year = selectors.news_in(self, themes, theme_slug, year)
        # The matching items' pks, kept until the next publish: the count and any page of
        # them cost no query (the cards are kept too, see cards.py).
        filters = f"{active_theme.pk if active_theme else ''}:{active_year or ''}"
        ids = remember(f"news-ids:{self.pk}:{filters}", lambda: selectors.ids_of(news))
        page_obj = paginate(request, ids, self.per_page)
        context.update(
            news_page=page_obj,
            news_cards=cards.news_cards(page_obj.object_list, heading_level=2),
            paginator=page_obj.paginator,
            themes=themes,
            years=years,
            active_theme=active_theme,
            active_year=active_year,
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "website.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(WerkplaatsPage):
    """A dated news item or blog post."""

    date = models.DateField(_("date"))
    author = models.CharField(_("author"), max_length=255, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ParentalManyToManyField(
        "website.ThemePage", blank=True, related_name="news", verbose_name=_("themes")
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("themes"), FieldPanel("tags")],
            heading=_("About this item"),
        ),
        FieldPanel("lead_image"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = WerkplaatsPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        ordering = ["-date"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept until the next publish: the same for every reader of the item.
        context["page_themes"], context["page_tags"], context["index_url"] = remember(
            f"news-article:{self.pk}",
            lambda: (
                selectors.themes_of(self),
                list(self.tags.all()),
                self.get_parent().get_url(request),
            ),
        )
        return context


class ContactFormField(AbstractFormField):
    page = ParentalKey("website.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactSubmission(AbstractFormSubmission):
    """A stored contact message; `mailed_at` makes the notification mail idempotent."""

    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)


class ContactPage(WerkplaatsPage, AbstractEmailForm):
    """Contact details, route description and a form built in the admin.

    Submissions are stored, then mailed by a background task. A hidden honeypot field and a
    per-client rate limit keep spam out without third-party services (see forms.py).
    """

    body = RichTextField(_("text above the form"), blank=True)
    route_description = RichTextField(_("route description"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("route_description"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    search_fields = WerkplaatsPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("route_description"),
    ]
    max_count = 1
    subpage_types = []
    form_builder = ContactFormBuilder

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and contact_rate_limited(request):
            form = self.get_form(request.POST, page=self, user=request.user)
            form.add_error(
                None,
                _(
                    "You have sent several messages in a short time. Please wait an hour "
                    "and try again, or call or e-mail us."
                ),
            )
            context = self.get_context(request)
            context["form"] = form
            return self._render_form(request, context, status=429)
        return super().serve(request, *args, **kwargs)

    def _render_form(self, request, context, status=200):
        from django.template.response import TemplateResponse

        return TemplateResponse(request, self.get_template(request), context, status=status)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        from django.shortcuts import redirect

        # Post/redirect/get: a reload does not send the message twice.
        return redirect(f"{self.url}?verzonden=1")

    def get_submission_class(self):
        return ContactSubmission

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sent"] = request.GET.get("verzonden") == "1"
        return context

    def process_form_submission(self, form):
        from .services import submit_contact_form

        return submit_contact_form(self, form)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    """Contact details, social links and footer, edited in /beheer/.

    The partner logos of the footer come from the network app's partner organisations.
    """

    organisation_name = models.CharField(
        _("organisation name"), max_length=255, default=settings.WAGTAIL_SITE_NAME
    )
    street_address = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    contact_form_recipient = models.EmailField(
        _("contact form recipient"),
        blank=True,
        help_text=_("Messages from the contact form go here. Empty: the e-mail address above."),
    )
    twitter_url = models.URLField(_("Twitter/X"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    privacy_statement_version = models.CharField(
        _("privacy statement version"), max_length=32, blank=True, default="1"
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("room"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("contact_form_recipient"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [FieldPanel("twitter_url"), FieldPanel("linkedin_url"), FieldPanel("mastodon_url")],
            heading=_("Social media"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("privacy_statement_version"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def phone_href(self):
        # "+31 (0)10 …": the (0) is only dialled from within the country.
        digits = "".join(ch for ch in self.phone.replace("(0)", "") if ch.isdigit() or ch == "+")
        if digits.startswith("0"):
            digits = "+31" + digits[1:]
        return f"tel:{digits}"
