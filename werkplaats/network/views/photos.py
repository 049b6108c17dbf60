from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..images import photo_content_type
from ..models import Visibility
from ..permissions import can_see_profile_part

# The URL carries the photo's version, so a replaced photo has a new address. What is left
# stale by a cache is a photo whose *visibility* was narrowed: a shared cache may keep a public
# photo this long after the member made it members-only.
PUBLIC_MAX_AGE = 300
PRIVATE_MAX_AGE = 3600


@require_http_methods(["GET", "HEAD"])
def person_photo(request, handle):
    """A person's photo, to whom their `photo_visibility` allows.

    A 404, never a 403, when the viewer may not see it: it does not tell that a photo exists.
    The type comes from the file's first bytes; anything else than JPEG, PNG or WebP is not
    served at all.
    """
    person = selectors.person_for_photo(handle)
    if person is None or not person.photo:
        raise Http404
    if not can_see_profile_part(request.user, person, person.photo_visibility):
        raise Http404
    try:
        stored = person.photo.storage.open(person.photo.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = photo_content_type(stored.read(16))
    if content_type is None:
        stored.close()
        raise Http404
    stored.seek(0)
    response = FileResponse(stored, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.GET.get("v") != person.photo_version:
        # An old address (the photo was replaced): show the current one, keep it nowhere.
        patch_cache_control(response, private=True, no_cache=True)
    elif person.photo_visibility == Visibility.PUBLIC:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=PRIVATE_MAX_AGE)
        # A browser shared by two people: signing out or in must not reuse the copy.
        patch_vary_headers(response, ["Cookie"])
    return response
