"""The JSON API: django-ninja at /api/, OpenAPI at /api/docs. Session auth for the browser, tokens for machines."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from common.errors import DomainError
from common.models import ApiToken


def _user_for_token(key: str):
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class BrowserSessionAuth(SessionAuth):
    """The browser's session cookie, CSRF-checked. ninja checks CSRF before it even looks for the cookie, so with
    sessions tried first every token-authenticated POST from a machine (no cookie, no CSRF token) was refused 403
    "CSRF check Failed". CSRF protects cookies; without the session cookie, let the token schemes answer."""

    def __call__(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super().__call__(request)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mst_…` — a machine's token (see `muster createtoken`)."""

    def authenticate(self, request, token: str):
        user = _user_for_token(token)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        user = _user_for_token(key or "")
        if user is not None:
            request.user = user
        return user


ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object",
            "required": ["field", "message"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                           "row": {"type": "integer"}, "value": {"type": "string"}}}},
    },
}


class MusterAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """ninja documents only the success answers; every operation can also answer 4xx with the one error shape
        the handlers below produce, so say so (clients and schemathesis read it)."""
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"description": "Bad input (naming the field), not signed in, not allowed, not found or a conflict.",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("4XX", error)
        return schema


api = MusterAPI(
    title="Muster API",
    version="1",
    description="Duty management and rostering. Every write goes through the same actions, permissions and "
    "audit log as the web pages. Errors are JSON: {detail, errors: [{field, message, row?, value?}]}.",
    auth=[BrowserSessionAuth(), TokenAuth(), TokenHeaderAuth()],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Permission denied.", "errors": []}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found.", "errors": []}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Sign in or send a token: Authorization: Bearer <token>.",
                                         "errors": []}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja's own refusals (unparseable body, CSRF, throttling) in the same shape as every other error.
    return api.create_response(request, {"detail": str(exc.message), "errors": []}, status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc) or "body", "message": err.get("msg", "invalid")})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid input."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _add_routers() -> None:
    from absence.api import router as absence_router
    from common.api import router as common_router
    from cover.api import router as cover_router
    from demand.api import router as demand_router
    from events.api import router as events_router
    from org.api import router as org_router
    from pay.api import router as pay_router
    from people.api import router as people_router
    from reporting.api import router as reporting_router
    from rostering.api import router as rostering_router
    from rostering.views.leave import router as leave_router
    from worktime.api import router as worktime_router

    api.add_router("/", common_router)
    api.add_router("/org", org_router)
    api.add_router("/people", people_router)
    api.add_router("/rules", worktime_router)
    api.add_router("/reporting", reporting_router)
    api.add_router("/demand", demand_router)
    api.add_router("/rostering", rostering_router)
    api.add_router("/absence", absence_router)
    api.add_router("/leave", leave_router)
    api.add_router("/pay", pay_router)
    api.add_router("/cover", cover_router)
    api.add_router("/events", events_router)


_add_routers()
