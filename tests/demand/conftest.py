"""Demand fixtures: a queue at Northtown (pat plans it, mo manages it) with three weeks of synthetic 111 calls,
and one at Southport (olly's)."""

from decimal import Decimal

import pytest

from demand.models import Queue

from .helpers import add_history


@pytest.fixture
def queue(org) -> Queue:
    return Queue.objects.create(unit=org.northtown, name="Health advisors", service_level=Decimal("0.8"),
                                answer_within_seconds=20, aht_seconds=540, max_occupancy=Decimal("0.85"),
                                shrinkage_planned=Decimal("0.2"), shrinkage_unplanned=Decimal("0.1"))


@pytest.fixture
def southport_queue(org) -> Queue:
    return Queue.objects.create(unit=org.southport, name="Southport advisors")


@pytest.fixture
def queue_with_history(queue) -> Queue:
    add_history(queue)
    return queue
