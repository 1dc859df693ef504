from django.urls import path

from school_improvement.terms import views

app_name = "terms"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("term/", views.edit, name="edit"),
    path("closures/add/", views.closure_add_view, name="closure-add"),
    path(
        "closures/<int:pk>/remove/",
        views.closure_remove_view,
        name="closure-remove",
    ),
    path("upload/", views.upload, name="upload"),
]
