from django.urls import path

from school_improvement.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("<str:urn>/", views.establishment_detail, name="detail"),
    path("<str:urn>/history/", views.establishment_history, name="history"),
    path("<str:urn>/contacts/add/", views.contact_add, name="contact-add"),
]
