"""Applications: their statuses, the allowed transitions and their human numbers."""

from kiosk.applications.status import Status, can_revise, can_transition, check_transition

__all__ = ["Status", "can_revise", "can_transition", "check_transition"]
