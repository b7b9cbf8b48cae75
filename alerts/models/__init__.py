from .page import AlertsPage
from .subscriptions import Delivery, Event, EventKind, Mailing, Subscriber

__all__ = ["AlertsPage", "Delivery", "Event", "EventKind", "Mailing", "Subscriber"]
