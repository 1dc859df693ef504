"""One API assembly: every endpoint is registered here, under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from school_improvement.schools.api import EstablishmentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("schools", EstablishmentViewSet, basename="api-schools")

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
]
