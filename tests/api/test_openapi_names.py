"""django-ninja names each OpenAPI component after its class and silently keeps only one of two schemas with the same
name: /api/me once documented its roles as org's RoleOut (id, username...) and every client generated from the
schema was wrong. So no two API schemas may share a class name."""

from collections import defaultdict

from ninja import Schema

import muster.api  # noqa: F401 - imports every router, so every API schema class exists

OWN_PACKAGES = ("common", "org", "people", "worktime", "rostering", "absence", "demand", "pay", "cover", "events",
                "reporting", "training", "recruitment")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    # given every ninja Schema defined in Muster's apps
    by_name = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.split(".")[0] in OWN_PACKAGES:
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    # when looking for names used twice
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    # then there are none (rename one: the OpenAPI document would describe only one of them)
    assert clashes == {}
