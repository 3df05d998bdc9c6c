"""Domain exceptions with messages a planner understands. The API maps them to 4xx JSON naming the field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    row: int | None = None
    value: str | None = None

    def as_dict(self) -> dict:
        data = {"field": self.field, "message": self.message}
        if self.row is not None:
            data["row"] = self.row
        if self.value is not None:
            data["value"] = self.value
        return data


class DomainError(Exception):
    """Bad input or a broken business rule; nothing was changed."""

    status_code = 400

    def __init__(self, message: str, *, field: str = "", errors: list[FieldError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or ([FieldError(field, message)] if field else [])

    def as_dict(self) -> dict:
        return {"detail": self.message, "errors": [e.as_dict() for e in self.errors]}


class ConflictError(DomainError):
    """Someone else changed the record since it was read (optimistic locking)."""

    status_code = 409
