"""A group never loses its last lead, also when its leads act at the same moment.

Real threads with their own database connections against PostgreSQL, where the services' row
lock on the group is what keeps the rule (SQLite serialises writers anyway, so this runs only
on PostgreSQL: DATABASE_URL=postgres://…).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from werkplaats.core.testing import run_together
from werkplaats.groups import services
from werkplaats.groups.models import MemberRole, Membership

from .factories import LeadFactory, LearningGroupFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

ROUNDS = 10


def _current_leads(group):
    return Membership.objects.current().filter(group=group, role=MemberRole.LEAD).count()


def _attempt(outcomes, action):
    def job():
        try:
            action()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.code)

    return job


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_leads_leaving_at_once_leave_one_lead(round_):
    group = LearningGroupFactory(name=f"Werkteam vertrek {round_}")
    leads = [LeadFactory(group=group), LeadFactory(group=group)]
    outcomes = []
    errors = run_together(
        [_attempt(outcomes, lambda m=m: services.leave_group(m.person.user, group)) for m in leads]
    )
    assert errors == []
    assert sorted(outcomes) == ["done", "last_lead"]
    assert _current_leads(group) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_leads_removing_each_other_at_once_leave_one_lead(round_):
    group = LearningGroupFactory(name=f"Werkteam conflict {round_}")
    first, second = LeadFactory(group=group), LeadFactory(group=group)
    outcomes = []
    errors = run_together(
        [
            _attempt(outcomes, lambda: services.end_membership(first.person.user, second)),
            _attempt(outcomes, lambda: services.end_membership(second.person.user, first)),
        ]
    )
    # The one who loses the race is no lead (nor member) any more when its turn comes: it is
    # refused for that, or, had it still been a lead, for being the last one.
    assert len(errors) + len(outcomes) == 2
    assert outcomes.count("done") == 1
    assert _current_leads(group) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_demoting_each_other_at_once_leaves_one_lead(round_):
    group = LearningGroupFactory(name=f"Werkteam rollen {round_}")
    first, second = LeadFactory(group=group), LeadFactory(group=group)
    outcomes = []
    errors = run_together(
        [
            _attempt(
                outcomes,
                lambda: services.change_role(first.person.user, second, MemberRole.MEMBER),
            ),
            _attempt(
                outcomes,
                lambda: services.change_role(second.person.user, first, MemberRole.MEMBER),
            ),
        ]
    )
    assert len(errors) + len(outcomes) == 2
    assert outcomes.count("done") == 1
    assert _current_leads(group) == 1
