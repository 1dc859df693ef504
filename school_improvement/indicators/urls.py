from django.urls import path

from school_improvement.indicators import views

app_name = "area"
urlpatterns = [
    path("", views.area_overview, name="overview"),
    path("neighbours/", views.neighbours_edit, name="neighbours"),
]
