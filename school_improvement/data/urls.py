from django.urls import path

from school_improvement.data import views

app_name = "data"
urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("upload/", views.upload, name="upload"),
]
