"""The API's pagination: ninja's limit/offset, bounded.

ninja leaves both unbounded, and SQLite refuses a LIMIT or OFFSET past 64 bits ("datatype mismatch": a 500 on every
list). A page of 10,000 holds a whole force's people; past that, page."""

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

from .schema_types import MAX_ID

MAX_PAGE = 10_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_ID)
