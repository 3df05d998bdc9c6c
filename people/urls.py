from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("import/", views.import_page, name="import"),
    path("export/", views.export_download, name="export-any"),
    path("export/<str:kind>/", views.export_download, name="export"),
    path("people/<int:pk>/movements/new/", views.movement_new, name="movement-new"),
]
