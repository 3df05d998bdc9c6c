"""Sign in and out, and the health check."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .throttle import client_address, is_locked_out


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")
        if is_locked_out(username, client_address(request)):
            form = AuthenticationForm(request)
            messages.error(request, _("Too many failed sign-ins. Wait 15 minutes and try again."))
            status = 429
        elif form.is_valid():
            login(request, form.get_user())
            target = request.GET.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else "home")
        else:
            status = 401
    return render(request, "registration/login.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
