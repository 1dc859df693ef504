"""The site's URLs. Every page and endpoint here is listed in the permission matrix
test (tests/accounts/test_permission_matrix.py), which fails on one it does not know."""

from django.contrib import admin
from django.urls import include, path

from config.api import api_urlpatterns
from school_improvement.accounts.permissions import Action, can
from school_improvement.visits import views as visit_views

# The Django admin asks our permission module, like every other page.
admin.site.has_permission = lambda request: can(request.user, Action.USE_ADMIN)  # type: ignore[method-assign]
admin.site.site_header = "School improvement administration"
admin.site.site_title = "School improvement"

urlpatterns = [
    path("", include("school_improvement.core.urls")),
    path("accounts/", include("school_improvement.accounts.urls")),
    path("schools/", include("school_improvement.schools.urls")),
    path("data/", include("school_improvement.data.urls")),
    path("area/", include("school_improvement.indicators.urls")),
    path("categories/", include("school_improvement.categorisation.urls")),
    path("allocation/", include("school_improvement.allocations.urls")),
    path("visits/", include("school_improvement.visits.urls")),
    path("calendar/<str:token>.ics", visit_views.feed, name="calendar-feed"),
    path("people/", include("school_improvement.people.urls")),
    path("terms/", include("school_improvement.terms.urls")),
    path("api/", include(api_urlpatterns)),
    path("admin/", admin.site.urls),
]
