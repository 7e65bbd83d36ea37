from io import StringIO

import pytest
from django.core.management import call_command

from danchu.core.demo import DEMO_PASSWORD, load_demo
from danchu.core.models import Agency, AuditEvent, Membership, Role, User
from danchu.core.selectors import agency_list, organisation_list

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_demo_builds_the_city_and_two_departments():
    load_demo()
    assert Agency.objects.get(code="H26").name == "Thành phố Hà Nội"
    hanoi = Agency.objects.filter(path__startswith=Agency.objects.get(code="H26").path)
    departments = set(hanoi.filter(kind="department").values_list("name", flat=True))
    assert departments == {
        "Sở Khoa học và Công nghệ Thành phố Hà Nội",
        "Sở Thông tin và Truyền thông Thành phố Hà Nội",
    }
    for code in ("000.00.12.H26", "000.00.13.H26"):
        staff = (
            User.objects.filter(
                memberships__agency__organisation__code=code, memberships__role=Role.STAFF
            )
            .distinct()
            .count()
        )
        assert 55 <= staff <= 65


def test_a_second_run_adds_nothing():
    load_demo()
    before = counts()
    result = load_demo()
    assert result.created == 0
    assert counts() == before


def test_every_printed_login_works_and_has_its_role(client):
    result = load_demo()
    assert len(result.logins) == 22
    for _role, _unit, username in result.logins:
        person = User.objects.get(username=username)
        assert person.check_password(DEMO_PASSWORD), username
        assert person.memberships.exists()
    roles = {
        m.role
        for m in Membership.objects.filter(person__username__in=[u for _r, _n, u in result.logins])
    }
    assert roles == set(Role.values)


def test_the_demo_departments_are_outsiders_to_each_other():
    load_demo()
    khcn = User.objects.get(username="canbo.khcn")
    visible = {a.code for a in organisation_list(actor=khcn)}
    assert visible == {"000.00.12.H26"}
    steering = User.objects.get(username="bcd.hanoi")
    hanoi = Agency.objects.filter(path__startswith=Agency.objects.get(code="H26").path)
    assert set(agency_list(actor=steering)) == set(hanoi)


def test_the_demo_command_prepares_and_prints_logins(settings, tmp_path):
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "giamdoc.khcn" in text and DEMO_PASSWORD in text
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "không thêm gì" in out.getvalue()


def test_units_lists_codes_parents_and_heads():
    load_demo()
    out = StringIO()
    call_command("units", stdout=out)
    text = out.getvalue()
    assert "000.00.12.H26" in text
    line = next(row for row in text.splitlines() if row.startswith("000.00.12.H26 "))
    assert "Thành phố Hà Nội" in line and "Nguyễn Hoàng Linh" in line
