"""Explicit output serializers for the register API (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from school_improvement.schools.models import Establishment


class EstablishmentListSerializer(serializers.ModelSerializer):
    la_code = serializers.CharField(source="la.code")
    la_name = serializers.CharField(source="la.name")
    trust_code = serializers.CharField(
        source="trust.code", allow_null=True, default=None
    )
    trust_name = serializers.CharField(
        source="trust.name", allow_null=True, default=None
    )

    class Meta:
        model = Establishment
        fields = [
            "urn",
            "laestab",
            "name",
            "la_code",
            "la_name",
            "type_name",
            "type_group_name",
            "governance",
            "status_name",
            "phase_name",
            "statutory_low_age",
            "statutory_high_age",
            "number_of_pupils",
            "percentage_fsm",
            "trust_code",
            "trust_name",
            "postcode",
        ]
        read_only_fields = fields


class EstablishmentDetailSerializer(EstablishmentListSerializer):
    federation_name = serializers.CharField(
        source="federation.name", allow_null=True, default=None
    )
    diocese_name = serializers.CharField(
        source="diocese.name", allow_null=True, default=None
    )

    class Meta(EstablishmentListSerializer.Meta):
        fields = EstablishmentListSerializer.Meta.fields + [
            "establishment_number",
            "type_code",
            "type_group_code",
            "open_date",
            "open_reason",
            "close_date",
            "close_reason",
            "religious_character",
            "diocese_name",
            "federation_name",
            "trust_flag",
            "head_title",
            "head_first_name",
            "head_last_name",
            "head_job_title",
            "sen_provision",
            "street",
            "locality",
            "address3",
            "town",
            "county",
            "easting",
            "northing",
            "urban_rural_code",
            "urban_rural_name",
            "district_code",
            "district_name",
            "ward_code",
            "ward_name",
            "school_capacity",
            "number_of_boys",
            "number_of_girls",
            "fsm_count",
            "census_date",
            "website",
            "telephone",
            "last_changed_date",
            "source_file_date",
        ]
        read_only_fields = fields
