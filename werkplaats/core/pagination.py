from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_PARAMETER = "pagina"


def paginate(request, object_list, per_page):
    """The requested page of `object_list`; a missing, malformed or too-high page number gives
    the first or last page instead of an error."""
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(request.GET.get(PAGE_PARAMETER, 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
