from django.contrib import admin
from django.urls import include, path

from common import views as common_views

from . import views
from .api import api

handler404 = "muster.views.not_found"

admin.site.site_header = "Muster administration"
admin.site.site_title = "Muster"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", common_views.login_view, name="login"),
    path("logout/", common_views.logout_view, name="logout"),
    path("healthz", common_views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit-log"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("org.urls")),
    path("", include("people.urls")),
    path("", include("reporting.urls")),
    path("", include("demand.urls")),
    path("", include("worktime.urls")),
    path("", include("rostering.urls")),
    path("", include("absence.urls")),
    path("", include("pay.urls")),
    path("", include("cover.urls")),
    path("", include("events.urls")),
]
