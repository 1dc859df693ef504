from django.urls import path

from school_improvement.people import views

app_name = "people"
urlpatterns = [
    path("", views.adviser_list, name="list"),
    path("new/", views.adviser_new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/conflicts/new/", views.mine_conflict_add, name="mine-conflict-add"),
    path("<int:pk>/", views.adviser_detail, name="detail"),
    path("<int:pk>/edit/", views.adviser_edit, name="edit"),
    path(
        "<int:pk>/accreditations/new/",
        views.accreditation_add_view,
        name="accreditation-add",
    ),
    path(
        "<int:pk>/accreditations/<int:item>/end/",
        views.accreditation_end_view,
        name="accreditation-end",
    ),
    path("<int:pk>/conflicts/new/", views.conflict_add_view, name="conflict-add"),
    path(
        "<int:pk>/conflicts/<int:item>/end/",
        views.conflict_end_view,
        name="conflict-end",
    ),
    path(
        "<int:pk>/unavailability/new/",
        views.unavailability_add_view,
        name="unavailability-add",
    ),
    path(
        "<int:pk>/unavailability/<int:item>/remove/",
        views.unavailability_remove_view,
        name="unavailability-remove",
    ),
    path(
        "<int:pk>/terms/<int:term>/days/",
        views.term_capacity_view,
        name="term-capacity",
    ),
]
