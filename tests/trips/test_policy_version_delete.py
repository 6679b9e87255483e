"""Issue 10.19: a policy version in force (policy_in_force), or once in force, or pricing a trip
is never deleted, in the admin or by the service; a future version nobody uses may go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import TripFactory
from helpers import today

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.core.models import AuditEvent
from fieldsales.trips import rules, services
from fieldsales.trips.models import PolicyVersion
from fieldsales.trips.policy_versions import policy_in_force

pytestmark = pytest.mark.django_db


def future_version(days: int = 60, name: str = "2099 版") -> PolicyVersion:
    return PolicyVersion.objects.create(name=name, effective_from=today() + timedelta(days=days))


def test_the_version_in_force_cannot_be_deleted_in_the_admin(cast, client):
    in_force = PolicyVersion.objects.get()
    assert policy_in_force(today()).name == in_force.name
    client.force_login(cast["admin"])

    page = client.get(f"/admin/trips/policyversion/{in_force.pk}/change/")
    assert b"/delete/" not in page.content
    assert client.get(f"/admin/trips/policyversion/{in_force.pk}/delete/").status_code == 403
    refused = client.post(f"/admin/trips/policyversion/{in_force.pk}/delete/", {"post": "yes"})

    assert refused.status_code == 403
    assert PolicyVersion.objects.filter(pk=in_force.pk).exists()


def test_a_superseded_version_is_kept_for_its_trips(cast):
    old = PolicyVersion.objects.get()
    PolicyVersion.objects.create(name="新版", effective_from=today() - timedelta(days=1))

    verdict = rules.can_delete_policy_version(cast["admin"], old)

    assert (bool(verdict), verdict.status) == (False, 409)
    with pytest.raises(InvalidTransition):
        services.policy_version_delete(version=old, actor=cast["admin"])
    assert PolicyVersion.objects.filter(pk=old.pk).exists()


def test_a_future_version_that_prices_a_trip_is_kept(cast, client):
    version = future_version(days=40)
    TripFactory(
        traveller=cast["sales1"],
        depart=today() + timedelta(days=45),
        return_date=today() + timedelta(days=46),
    )
    client.force_login(cast["admin"])

    refused = client.post(f"/admin/trips/policyversion/{version.pk}/delete/", {"post": "yes"})

    assert refused.status_code == 403
    with pytest.raises(InvalidTransition) as error:
        services.policy_version_delete(version=version, actor=cast["admin"])
    assert "已有出差按此制度版本核算" in error.value.message


def test_a_trip_of_the_next_version_does_not_hold_this_one(cast):
    version = future_version(days=40)
    future_version(days=50, name="2100 版")
    TripFactory(
        traveller=cast["sales1"],
        depart=today() + timedelta(days=55),
        return_date=today() + timedelta(days=56),
    )

    assert rules.can_delete_policy_version(cast["admin"], version)


def test_a_future_version_nobody_uses_is_deleted_one_by_one_and_audited(cast, client):
    version = future_version()
    client.force_login(cast["admin"])

    done = client.post(f"/admin/trips/policyversion/{version.pk}/delete/", {"post": "yes"})

    assert done.status_code == 302
    assert not PolicyVersion.objects.filter(pk=version.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_id=version.pk)
    assert (event.actor, event.data["name"]) == (cast["admin"], "2099 版")


def test_only_who_may_delete_versions_deletes_one(cast):
    version = future_version()

    with pytest.raises(Forbidden):
        services.policy_version_delete(version=version, actor=cast["finance"])

    services.policy_version_delete(version=version, actor=cast["admin"])
    assert not PolicyVersion.objects.filter(pk=version.pk).exists()
