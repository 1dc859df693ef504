from django.urls import path

from school_improvement.allocations import views

app_name = "allocations"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path(
        "proposals/<int:pk>/schools/<str:urn>/",
        views.proposal_change_view,
        name="proposal-change",
    ),
    path(
        "proposals/<int:pk>/confirm/",
        views.proposal_confirm_view,
        name="proposal-confirm",
    ),
    path("plan/", views.plan_view, name="plan"),
    path("schools/<str:urn>/continuity/", views.continuity_view, name="continuity"),
    path("settings/", views.settings_view, name="settings"),
]
