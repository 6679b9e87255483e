"""REST shape of a sheet upload."""

from __future__ import annotations

from rest_framework import serializers


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    commit = serializers.BooleanField(required=False, default=False)
