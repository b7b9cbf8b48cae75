"""How a consultation's fields read in the open data API (ConsultationPage.api_fields,
Meeting.api_fields): plain Django REST framework fields, no models imported."""

import recurrence
from rest_framework import serializers


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DistrictSerializer(TopicSerializer):
    is_whole_city = serializers.BooleanField()


class DepartmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class RecurrenceRuleField(serializers.Field):
    """A meeting's rule as iCalendar lines (RRULE, RDATE, EXDATE; dates in UTC), or null for a
    one-off meeting. Meetings read with_shared_rules() carry the stored text."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, meeting):
        if meeting.recurrence_text is not None:
            return meeting.recurrence_text or None
        return recurrence.serialize(meeting.recurrence) if meeting.is_recurring else None

    def to_representation(self, value):
        return value
