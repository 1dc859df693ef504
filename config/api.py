"""One API assembly: every endpoint is registered here, under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from school_improvement.indicators.api import (
    AreaValueViewSet,
    IndicatorValueViewSet,
    IndicatorViewSet,
)
from school_improvement.inspections.api import InspectionViewSet
from school_improvement.people.api import AdviserViewSet
from school_improvement.schools.api import EstablishmentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("schools", EstablishmentViewSet, basename="api-schools")
router.register("inspections", InspectionViewSet, basename="api-inspections")
router.register("indicators", IndicatorViewSet, basename="api-indicators")
router.register(
    "indicator-values", IndicatorValueViewSet, basename="api-indicator-values"
)
router.register("area-values", AreaValueViewSet, basename="api-area-values")
router.register("advisers", AdviserViewSet, basename="api-advisers")

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
]
