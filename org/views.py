"""Pages of org: thin function-based views calling actions and queries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def unit_tree(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
