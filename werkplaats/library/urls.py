"""URLs of the library: public pages under /bibliotheek/, writing and review under /mijn/.

`<kind>` in the member URLs is "praktijkkennis" (PracticeItem) or "producten" (Product).
"""

from django.urls import path, register_converter

from .views import files, public, workspace


class EntryKindConverter:
    regex = "praktijkkennis|producten"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(EntryKindConverter, "entrykind")

app_name = "library"

urlpatterns = [
    # Public (what the visitor may see; members see more).
    path("bibliotheek/", public.index, name="index"),
    path("bibliotheek/producten/<slug:slug>/", public.product, name="product"),
    path("bibliotheek/producten/<slug:slug>/afdrukken/", public.product_print, name="print"),
    path("bibliotheek/praktijkkennis/<slug:slug>/", public.practice, name="practice"),
    path("bibliotheek/organisaties/<slug:slug>/", public.organisation, name="organisation"),
    # Files, the PDF of the transferable description, sending to a colleague.
    path("bibliotheek/producten/<slug:slug>/bestanden/<int:pk>/", files.download, name="file"),
    path("bibliotheek/producten/<slug:slug>/overdracht.pdf", files.transfer_pdf, name="pdf"),
    path("bibliotheek/producten/<slug:slug>/doorsturen/", files.send, name="send"),
    path("mijn/bibliotheek/producten/<slug:slug>/bestanden/", files.manage, name="files"),
    # Writing in a group's workspace, sharing, history, review.
    path("mijn/groepen/<slug:slug>/kennis/", workspace.group_items, name="group_items"),
    path("mijn/groepen/<slug:slug>/kennis/nieuw/", workspace.item_new, name="item_new"),
    path("mijn/groepen/<slug:slug>/producten/nieuw/", workspace.product_new, name="product_new"),
    path("mijn/groepen/<slug:slug>/privacy/", workspace.guarded_names, name="guarded_names"),
    path("mijn/bibliotheek/<entrykind:kind>/<slug:slug>/bewerken/", workspace.edit, name="edit"),
    path("mijn/bibliotheek/<entrykind:kind>/<slug:slug>/delen/", workspace.share, name="share"),
    path(
        "mijn/bibliotheek/<entrykind:kind>/<slug:slug>/versies/",
        workspace.versions,
        name="versions",
    ),
    path(
        "mijn/bibliotheek/<entrykind:kind>/<slug:slug>/versies/<int:number>/",
        workspace.version,
        name="version",
    ),
    path("mijn/bibliotheek/beoordelen/", workspace.review_queue, name="review"),
    path(
        "mijn/bibliotheek/beoordelen/<entrykind:kind>/<slug:slug>/",
        workspace.review_entry,
        name="review_entry",
    ),
]
