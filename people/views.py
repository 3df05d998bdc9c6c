"""Pages of people: thin function-based views calling actions and queries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "base.html")


def import_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
