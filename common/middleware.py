from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user; the API answers 401 itself (it also takes machine tokens)."""

    exempt_prefixes = ("/api/", "/static/", "/healthz")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.exempt_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class RejectNulCharactersMiddleware:
    """The API refuses text holding NUL characters (U+0000) with a 422 naming where: PostgreSQL cannot store them
    and would fail the write with a server error; no planner ever means one. Pages need no check: Django's form
    fields already refuse them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            where = self._where(request)
            if where:
                from django.http import JsonResponse

                message = "Text may not contain NUL characters (U+0000)."
                return JsonResponse({"detail": f"{where}: {message}", "errors": [{"field": where, "message": message}]},
                                    status=422)
        return self.get_response(request)

    @staticmethod
    def _where(request) -> str:
        import json

        if "\x00" in request.path:
            return "path"
        if any(_has_nul(k) or any(_has_nul(v) for v in values) for k, values in request.GET.lists()):
            return "query"
        if request.content_type == "application/json" and request.body:
            try:
                document = json.loads(request.body)
            except ValueError:
                return ""  # the API's own parser reports malformed JSON
            if _has_nul(document):
                return "body"
        return ""
