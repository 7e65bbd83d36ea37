import datetime as dt

import pytest

from danchu.core import selectors, services
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, Membership, Role
from danchu.core.scope import scope_for
from tests.factories import give_role, make_person, make_unit


def names(qs) -> set[str]:
    return {a.code for a in qs}


class TestReading:
    def test_staff_read_their_whole_department_and_nothing_else(self, cast):
        visible = names(selectors.agency_list(actor=cast.a.staff))
        assert visible == {"DEP-A", "DEP-A.P1"}

    def test_the_steering_committee_reads_every_unit_of_the_city(self, cast):
        visible = names(selectors.agency_list(actor=cast.steering))
        assert visible == set(Agency.objects.values_list("code", flat=True))

    def test_the_tree_has_no_fixed_depth(self, cast):
        deep = cast.a.division
        for level in range(6):
            deep = make_unit(parent=deep, code=f"DEEP{level}")
        assert deep.depth == 8
        assert deep.organisation_id == cast.a.unit.pk
        assert "DEEP5" in names(selectors.agency_list(actor=cast.a.staff))
        assert "DEEP5" not in names(selectors.agency_list(actor=cast.b.staff))

    def test_a_commune_is_an_organisation_of_its_own(self, cast):
        commune = make_unit(parent=cast.city, kind="commune", code="XA1")
        hamlet = make_unit(parent=commune, code="XA1.T1")
        assert hamlet.organisation_id == commune.pk

    def test_people_are_scoped_like_units(self, cast):
        visible = {p.username for p in selectors.person_list(actor=cast.a.staff)}
        assert "staff_A" in visible and "head_A" in visible
        assert "staff_B" not in visible
        with pytest.raises(NotFound):
            selectors.person_get(actor=cast.a.staff, pk=cast.b.staff.pk)

    def test_an_ended_membership_no_longer_grants_reading(self, cast):
        person = make_person(agency=cast.a.unit)
        give_role(
            person, cast.a.division, Role.STAFF, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)
        )
        assert not selectors.agency_list(actor=person).exists()

    def test_a_future_membership_does_not_grant_reading_yet(self, cast):
        person = make_person(agency=cast.a.unit)
        give_role(person, cast.a.division, Role.STAFF, start=dt.date(2099, 1, 1))
        assert not selectors.agency_list(actor=person).exists()

    def test_a_person_with_roles_in_two_departments_reads_both(self, cast):
        give_role(cast.a.staff, cast.b.division, Role.HANDLING_OFFICER)
        assert names(selectors.agency_list(actor=cast.a.staff)) == {
            "DEP-A",
            "DEP-A.P1",
            "DEP-B",
            "DEP-B.P1",
        }
        assert scope_for(cast.a.staff).roles_over(cast.b.division.path) == {Role.HANDLING_OFFICER}


# Role × permission: who may change what in department A's division.
MATRIX = {
    # perm: roles allowed (among head, staff, officer, board, admin, steering, outsider_admin)
    "core.view_agency": {"head", "staff", "officer", "board", "admin", "steering"},
    "core.change_agency": {"admin"},
    "core.add_membership": {"admin"},
    "core.change_calendar": {"admin", "head"},
    "core.add_clockrule": {"admin", "head"},
    "core.view_audit": {"admin", "board"},
}


@pytest.mark.parametrize("perm", sorted(MATRIX))
@pytest.mark.parametrize(
    "who", ["head", "staff", "officer", "board", "admin", "steering", "outsider_admin"]
)
def test_permission_matrix(cast, perm, who):
    person = (
        cast.steering
        if who == "steering"
        else (cast.b.admin if who == "outsider_admin" else getattr(cast.a, who))
    )
    assert person.has_perm(perm, cast.a.division) == (who in MATRIX[perm])


class TestChanging:
    def test_the_steering_committee_changes_nothing(self, cast):
        with pytest.raises(Forbidden):
            services.agency_update(actor=cast.steering, agency=cast.a.unit, name="X")
        with pytest.raises(Forbidden):
            services.membership_add(
                actor=cast.steering,
                person=cast.a.staff,
                agency=cast.a.unit,
                role=Role.HEAD,
                start=dt.date(2025, 1, 1),
            )

    def test_an_administrator_cannot_touch_another_department(self, cast):
        with pytest.raises(NotFound):
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=cast.b.unit,
                role=Role.STAFF,
                start=dt.date(2025, 1, 1),
            )

    def test_a_membership_that_ends_before_it_starts_is_refused(self, cast):
        count = Membership.objects.count()
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=cast.a.unit,
                role=Role.STAFF,
                start=dt.date(2025, 5, 1),
                end=dt.date(2025, 4, 30),
            )
        assert exc.value.code == "membership_end_before_start"
        assert "end" in exc.value.fields
        assert Membership.objects.count() == count

    def test_ending_a_membership_before_its_start_is_refused(self, cast):
        m = Membership.objects.get(person=cast.a.staff)
        with pytest.raises(DomainError):
            services.membership_end(actor=cast.a.admin, membership=m, end=dt.date(2019, 1, 1))

    def test_the_database_refuses_it_too(self, cast):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(
                person=cast.a.staff,
                agency=cast.a.unit,
                role=Role.STAFF,
                start=dt.date(2025, 5, 1),
                end=dt.date(2025, 4, 30),
            )

    def test_an_unknown_role_is_refused(self, cast):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=cast.a.unit,
                role="emperor",
                start=dt.date(2025, 1, 1),
            )
        assert "role" in exc.value.fields

    def test_a_duplicate_unit_code_is_refused(self, cast):
        with pytest.raises(DomainError) as exc:
            services.agency_create(
                actor=cast.a.admin,
                parent=cast.a.unit,
                code="DEP-A.P1",
                name="Trùng",
                kind="division",
            )
        assert "code" in exc.value.fields


class TestWhereRolesMayBeHeld:
    @pytest.mark.parametrize(
        ("role", "where"),
        [
            (Role.STEERING_MEMBER, "division"),
            (Role.HEAD, "division"),
            (Role.DEPUTY_HEAD, "division"),
            (Role.DIVISION_HEAD, "unit"),
            (Role.BOARD_MEMBER, "division"),
            (Role.SYSADMIN, "division"),
        ],
    )
    def test_a_role_in_the_wrong_kind_of_unit_is_refused(self, cast, role, where):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=getattr(cast.a, where),
                role=role,
                start=dt.date(2025, 1, 1),
            )
        assert exc.value.code == "role_misplaced"

    def test_an_administrator_cannot_make_a_steering_member(self, cast):
        with pytest.raises(NotFound):
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=cast.committee,
                role=Role.STEERING_MEMBER,
                start=dt.date(2025, 1, 1),
            )

    def test_the_head_of_a_subordinate_unit_heads_only_that_unit(self, cast):
        subunit = make_unit(parent=cast.a.unit, kind="subunit", code="DEP-A.CC")
        chief = make_person(agency=cast.a.unit)
        give_role(chief, subunit, Role.HEAD)
        assert chief.has_perm("core.change_calendar", subunit)
        assert not chief.has_perm("core.change_calendar", cast.a.division)

    def test_the_head_cannot_sit_on_the_inspection_board(self, cast):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.head,
                agency=cast.a.unit,
                role=Role.BOARD_MEMBER,
                start=dt.date(2025, 1, 1),
            )
        assert exc.value.code == "role_incompatible"

    def test_a_board_member_cannot_become_deputy_head_during_the_term(self, cast):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.board,
                agency=cast.a.unit,
                role=Role.DEPUTY_HEAD,
                start=dt.date(2025, 1, 1),
            )
        assert exc.value.code == "role_incompatible"

    def test_a_former_board_member_may_become_deputy_head(self, cast):
        person = make_person(agency=cast.a.unit)
        give_role(
            person,
            cast.a.unit,
            Role.BOARD_MEMBER,
            start=dt.date(2020, 1, 1),
            end=dt.date(2021, 12, 31),
        )
        assert services.membership_add(
            actor=cast.a.admin,
            person=person,
            agency=cast.a.unit,
            role=Role.DEPUTY_HEAD,
            start=dt.date(2022, 1, 1),
        )

    def test_the_same_role_twice_at_once_is_refused(self, cast):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=cast.a.admin,
                person=cast.a.staff,
                agency=cast.a.division,
                role=Role.STAFF,
                start=dt.date(2024, 1, 1),
            )
        assert exc.value.code == "duplicate_membership"


class TestEndingRoles:
    def test_a_term_can_be_ended_early(self, cast):
        m = services.membership_add(
            actor=cast.a.admin,
            person=cast.a.staff,
            agency=cast.a.unit,
            role=Role.UNION_EXECUTIVE,
            start=dt.date(2025, 1, 1),
            end=dt.date(2099, 1, 1),
        )
        assert services.membership_end(
            actor=cast.a.admin, membership=m, end=dt.date(2026, 1, 1)
        ).end == dt.date(2026, 1, 1)

    def test_an_ended_role_cannot_be_ended_again(self, cast):
        m = services.membership_add(
            actor=cast.a.admin,
            person=cast.a.staff,
            agency=cast.a.unit,
            role=Role.UNION_EXECUTIVE,
            start=dt.date(2020, 1, 1),
            end=dt.date(2021, 1, 1),
        )
        with pytest.raises(DomainError) as exc:
            services.membership_end(actor=cast.a.admin, membership=m, end=dt.date(2020, 6, 1))
        assert exc.value.code == "membership_already_ended"

    def test_a_role_cannot_be_extended_by_ending_it(self, cast):
        m = services.membership_add(
            actor=cast.a.admin,
            person=cast.a.staff,
            agency=cast.a.unit,
            role=Role.UNION_EXECUTIVE,
            start=dt.date(2025, 1, 1),
            end=dt.date(2099, 1, 1),
        )
        with pytest.raises(DomainError) as exc:
            services.membership_end(actor=cast.a.admin, membership=m, end=dt.date(2100, 1, 1))
        assert exc.value.code == "membership_extended"


class TestSearch:
    def test_people_are_found_without_accents(self, cast):
        person = make_person(agency=cast.a.unit, full_name="Đặng Thị Thu Hà")
        give_role(person, cast.a.division, Role.STAFF)
        found = selectors.person_list(actor=cast.a.staff, query="dang thu ha")
        assert list(found) == [person]
        assert list(selectors.person_list(actor=cast.a.staff, query="Đặng Hà")) == [person]

    def test_people_sort_by_given_name(self, cast):
        for name in ("Nguyễn Văn Bình", "Lê Thị An", "Trần Đức Đạt"):
            give_role(make_person(agency=cast.a.unit, full_name=name), cast.a.division, Role.STAFF)
        names = [
            p.full_name
            for p in selectors.person_list(actor=cast.a.staff)
            if p.full_name in ("Nguyễn Văn Bình", "Lê Thị An", "Trần Đức Đạt")
        ]
        assert names == ["Lê Thị An", "Nguyễn Văn Bình", "Trần Đức Đạt"]

    def test_units_are_found_without_accents(self, cast):
        make_unit(parent=cast.a.unit, name="Phòng Quản lý Khoa học", code="DEP-A.QLKH")
        found = selectors.agency_list(actor=cast.a.staff, query="quan ly khoa hoc")
        assert [a.code for a in found] == ["DEP-A.QLKH"]
