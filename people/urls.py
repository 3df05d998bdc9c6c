from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("import/", views.import_page, name="import"),
]
