from django.http import HttpRequest, HttpResponse


def figures_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
