"""Rendering of workspace posts: escaped text, paragraphs, safe links and @mentions."""

import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from werkplaats.network.permissions import can_see_profile_part

from ..workspace_services import human_size as _human_size

register = template.Library()

# A URL (http/https or www.) or an @mention; anything else is text and is escaped.
TOKEN = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"']+)"
    r"|(?<![\w@])@(?P<handle>[A-Za-z0-9][A-Za-z0-9_-]{0,59})",
    re.IGNORECASE,
)
TRAILING = ".,;:!?'\""


def _split_trailing(url):
    """Punctuation after a URL ends the sentence, not the URL; a ")" only when unbalanced."""
    trail = ""
    while url:
        last = url[-1]
        if last in TRAILING or (last == ")" and url.count("(") < url.count(")")):
            trail = last + trail
            url = url[:-1]
        else:
            break
    return url, trail


def _person_url(handle):
    try:
        return reverse("network:person", kwargs={"handle": handle})
    except NoReverseMatch:
        return f"/mensen/{handle}/"


def render_body(text, mentioned_handles=()):
    """HTML for a post's text: every character escaped, blank lines make paragraphs, line
    breaks are kept, http(s) links become links that pass no rank and no window access
    (rel="nofollow noopener"), and @handles of the people recorded as mentioned link to their
    profile."""
    mentioned = {handle.lower(): handle for handle in mentioned_handles}
    out = []
    position = 0
    for match in TOKEN.finditer(text):
        out.append(escape(text[position : match.start()]))
        position = match.end()
        if match.group("url"):
            url, trail = _split_trailing(match.group("url"))
            href = url if url.lower().startswith("http") else f"https://{url}"
            out.append(
                f'<a href="{escape(href)}" rel="nofollow noopener noreferrer">{escape(url)}</a>'
                f"{escape(trail)}"
            )
        else:
            handle = match.group("handle")
            known = mentioned.get(handle.lower())
            if known:
                out.append(
                    f'<a class="mention" href="{escape(_person_url(known))}">@{escape(handle)}</a>'
                )
            else:
                out.append(escape(match.group(0)))
    out.append(escape(text[position:]))
    html = "".join(out).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n+", html)]
    return mark_safe(  # noqa: S308 - every piece above is escaped
        "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part.strip())
    )


@register.filter
def post_body(post):
    """{{ post|post_body }}: the post's text as safe HTML. Reads the annotated
    `mention_handles` when the selector added it, else the (prefetched) mentions."""
    return render_body(post.body, _handles(post))


def _handles(post):
    annotated = getattr(post, "mention_handles", False)
    if annotated is not False:
        return annotated.split(",") if annotated else []
    return [person.handle for person in post.mentions.all()]


@register.filter
def human_size(size):
    return _human_size(size or 0)


@register.simple_tag(takes_context=True)
def shows_photo(context, person):
    """Whether the viewer may see `person`'s photo (and it has one)."""
    if person is None or not person.photo:
        return False
    request = context.get("request")
    return can_see_profile_part(request.user if request else None, person, person.photo_visibility)


def _when(value):
    local = timezone.localtime(value)
    return local.isoformat(), formats.date_format(local, "j F Y, H:i")


def _avatar(context, person, removed):
    if person is None or removed:
        return mark_safe('<span class="avatar" aria-hidden="true">?</span>')
    if shows_photo(context, person):
        return format_html(
            '<span class="avatar" aria-hidden="true"><img src="{}" alt="" width="40" height="40" '
            'loading="lazy"></span>',
            person.photo_url,
        )
    return format_html('<span class="avatar" aria-hidden="true">{}</span>', person.initials)


def post_state(context, post, show_actions=False):
    """Every value post_article (without answer_to) reads of `post` and `context`, for the
    key of a kept piece that shows the post: posts with equal states render alike. Whatever
    post_article comes to read must be added here."""
    author = post.author
    viewer = context.get("viewer")
    photo = author.photo_url if author is not None and shows_photo(context, author) else None
    own = viewer is not None and post.author_id == viewer.pk
    return (
        post.pk,
        post.body,
        tuple(_handles(post)),
        post.created_at,
        post.edited_at,
        post.removed_at,
        post.author_id,
        author.full_name if author is not None else None,
        photo,
        show_actions and own,
    )


@register.simple_tag(takes_context=True)
def post_article(context, post, show_actions=False, answer_to=None):
    """{% post_article post show_actions=True answer_to=node.reply_to %}: one post as an
    <article> with author, time, text and (for its author, leads, coordinators) edit/remove
    links.

    Written in Python, not as an included template: the stream shows up to 80 posts a page and
    an include costs about ten times as much per post (see test_workspace_queries).
    """
    removed = post.removed_at is not None
    iso, shown = _when(post.created_at)
    if removed:
        who = _("Removed message")
    elif post.author is not None:
        who = post.author.full_name
    else:
        who = _("Former member")
    meta = [
        format_html('<span class="post__author">{}</span>', who),
        format_html(
            '<span class="post__date"><time datetime="{}">{}</time>{}</span>',
            iso,
            shown,
            " · " + _("edited") if post.edited_at and not removed else "",
        ),
    ]
    if answer_to:
        name = answer_to.author.full_name if answer_to.author else _("a removed message")
        meta.append(
            format_html(
                '<span class="post__reply-to">{}</span>',
                _("in reply to %(name)s") % {"name": name},
            )
        )
    if removed:
        body = format_html("<p><em>{}</em></p>", _("This message has been removed."))
    else:
        body = post_body(post)
    actions = ""
    viewer = context.get("viewer")
    if show_actions and not removed and context.get("can_contribute") and viewer:
        own = post.author_id == viewer.pk
        if own or context.get("can_manage"):
            slug = context["group"].slug
            links = []
            if own:
                links.append(
                    format_html(
                        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                        reverse("groups:post_edit", args=[slug, post.pk]),
                        _("Edit"),
                        _("your message of %(date)s") % {"date": shown},
                    )
                )
            links.append(
                format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                    reverse("groups:post_remove", args=[slug, post.pk]),
                    _("Remove"),
                    _("the message of %(date)s") % {"date": shown},
                )
            )
            actions = format_html(
                '<p class="post__actions">{}</p>',
                mark_safe("\n".join(links)),  # noqa: S308
            )
    return format_html(
        '<article class="post{}" id="bericht-{}" aria-labelledby="bericht-{}-kop">'
        '<header class="post__header">{}<p class="post__meta" id="bericht-{}-kop">{}</p></header>'
        '<div class="post__body">{}</div>{}</article>',
        " post--removed" if removed else "",
        post.pk,
        post.pk,
        _avatar(context, post.author, removed),
        post.pk,
        mark_safe("\n".join(meta)),  # noqa: S308 - every part built with format_html
        body,
        actions,
    )
