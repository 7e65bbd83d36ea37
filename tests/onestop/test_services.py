import datetime as dt

import pytest

from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEvent
from danchu.onestop import services
from danchu.onestop.models import Dossier, Handover, Slip, State, Timeliness
from danchu.onestop.services import StepSpec
from tests.onestop.conftest import STEPS, at, make_procedure


class TestCatalogue:
    def test_steps_longer_than_the_deadline_are_refused(self, desk):
        with pytest.raises(DomainError) as exc:
            make_procedure(desk.cast, code="9.9", deadline=2)
        assert exc.value.code == "steps_exceed_deadline"

    def test_a_change_makes_a_new_version_and_old_dossiers_keep_theirs(self, desk):
        dossier = desk.receive()
        services.procedure_save(
            actor=desk.cast.a.admin,
            agency=desk.cast.a.unit,
            code="1.004443",
            name="Cấp giấy phép xuất bản bản tin (sửa đổi)",
            field="Xuất bản, In và Phát hành",
            deadline_days=5,
            steps=STEPS,
        )
        desk.procedure.refresh_from_db()
        assert desk.procedure.current.number == 2
        dossier.refresh_from_db()
        assert dossier.version.number == 1

    def test_saving_the_same_content_makes_no_version(self, desk):
        make_procedure(desk.cast)
        desk.procedure.refresh_from_db()
        assert desk.procedure.current.number == 1

    def test_staff_cannot_edit_the_catalogue(self, desk):
        with pytest.raises(Forbidden):
            make_procedure_as(desk.cast.a.staff, desk)


def make_procedure_as(actor, desk):
    return services.procedure_save(
        actor=actor,
        agency=desk.cast.a.unit,
        code="2.0",
        name="X",
        field="Y",
        deadline_days=5,
        steps=STEPS,
    )


class TestIntake:
    def test_friday_24_01_2025_plus_5_working_days_is_07_02(self, desk):
        dossier = desk.receive(at=at("2025-01-24"))
        assert dossier.due_on == dossier.appointment_on == dt.date(2025, 2, 7)
        assert dossier.code == f"{desk.cast.a.unit.code}-250124-0001"
        assert dossier.assignee == desk.handler
        assert dossier.step_order == 2
        assert Slip.objects.get(dossier=dossier).kind == "receipt"
        assert AuditEvent.objects.filter(verb="dossier.receive", object_id=str(dossier.pk))

    def test_the_daily_sequence_counts_per_day(self, desk):
        first = desk.receive(at=at("2025-01-24"))
        second = desk.receive(at=at("2025-01-24", 10))
        other_day = desk.receive(at=at("2025-01-27"))
        assert [first.code[-4:], second.code[-4:], other_day.code[-4:]] == ["0001", "0002", "0001"]

    def test_an_idempotency_key_returns_the_first_dossier(self, desk):
        first = desk.receive(idempotency_key="portal-123")
        again = desk.receive(idempotency_key="portal-123")
        assert again.pk == first.pk
        assert Dossier.objects.count() == 1

    def test_a_missing_document_is_refused_and_nothing_written(self, desk):
        with pytest.raises(DomainError) as exc:
            desk.receive(documents=[1])
        assert "documents" in exc.value.fields
        assert "Bản sao quyết định thành lập" in exc.value.message
        assert not Dossier.objects.exists()

    @pytest.mark.parametrize(
        ("kind", "number"),
        [("person", "12345"), ("person", "00108501234X"), ("organisation", "001085012345")],
    )
    def test_an_id_of_the_wrong_form_is_refused(self, desk, kind, number):
        with pytest.raises(DomainError) as exc:
            desk.receive(applicant_kind=kind, applicant_id=number)
        assert "applicant_id" in exc.value.fields

    def test_a_receipt_in_the_future_is_refused(self, desk):
        with pytest.raises(DomainError) as exc:
            desk.receive(at=at("2099-01-02"))
        assert "received_at" in exc.value.fields

    def test_only_the_desk_receives(self, desk):
        with pytest.raises(Forbidden):
            desk.receive(actor=desk.cast.a.staff)

    def test_the_other_departments_desk_cannot_receive_here(self, desk):
        from danchu.core.errors import NotFound

        with pytest.raises(NotFound):
            desk.receive(actor=desk.cast.b.officer)

    def test_a_refusal_is_registered_with_its_slip(self, desk):
        dossier = services.dossier_refuse_intake(
            actor=desk.officer,
            agency=desk.cast.a.unit,
            procedure=desk.procedure,
            applicant_kind="organisation",
            applicant_name="Công ty A",
            applicant_id="0101234567",
            reasons="Không thuộc thẩm quyền của Sở",
        )
        assert dossier.state == State.REFUSED_AT_INTAKE
        assert dossier.slips.get().kind == "refusal"


def walk_to_decision(desk, dossier, when="2025-01-27"):
    dossier = services.dossier_advance(actor=desk.handler, dossier=dossier, at=at(when))
    return services.dossier_advance(actor=desk.chief, dossier=dossier, at=at(when, 14))


class TestProcessing:
    def test_a_dossier_goes_through_every_step_and_is_returned(self, desk):
        dossier = desk.receive(at=at("2025-01-24"))
        dossier = walk_to_decision(desk, dossier)
        assert dossier.assignee == desk.head and dossier.step_order == 4
        dossier = services.dossier_decide(
            actor=desk.head,
            dossier=dossier,
            approved=True,
            result_number="12/GP-STTTT",
            at=at("2025-02-03"),
        )
        assert dossier.state == State.APPROVED
        assert dossier.timeliness == Timeliness.EARLY
        assert dossier.assignee == desk.officer
        dossier = services.dossier_return(actor=desk.officer, dossier=dossier, at=at("2025-02-04"))
        assert dossier.state == State.RETURNED and dossier.returned_at
        handovers = list(Handover.objects.filter(dossier=dossier).order_by("id"))
        assert [h.step_order for h in handovers] == [1, 2, 3, 4, 5]
        assert all(h.finished_at for h in handovers)
        assert dossier.processing_days == 1  # 24/01 to 03/02 spans Tết: one working day

    def test_a_supplement_of_3_working_days_moves_the_due_date_by_3(self, desk):
        dossier = desk.receive(at=at("2025-01-24"))
        dossier = services.dossier_request_supplement(
            actor=desk.handler,
            dossier=dossier,
            missing="Bản sao có chứng thực",
            at=at("2025-02-03"),
        )
        assert dossier.state == State.SUPPLEMENT and dossier.due_on is None
        dossier = services.dossier_receive_supplement(
            actor=desk.officer, dossier=dossier, at=at("2025-02-06")
        )
        assert dossier.state == State.IN_PROGRESS
        assert dossier.due_on == dt.date(2025, 2, 12)  # 07/02 + 3 working days
        assert dossier.appointment_on == dt.date(2025, 2, 12)
        assert dossier.slips.filter(kind="supplement").count() == 1

    def test_a_late_decision_is_counted_late(self, desk):
        dossier = walk_to_decision(desk, desk.receive(at=at("2025-01-24")))
        dossier = services.dossier_decide(
            actor=desk.head,
            dossier=dossier,
            approved=False,
            reasons="Không đủ điều kiện",
            at=at("2025-02-10"),
        )
        assert dossier.state == State.REJECTED and dossier.timeliness == Timeliness.LATE

    def test_an_apology_moves_the_appointment_not_the_due_date(self, desk):
        dossier = desk.receive(at=at("2025-01-24"))
        dossier = services.dossier_apologise(
            actor=desk.chief,
            dossier=dossier,
            new_date=dt.date(2025, 2, 14),
            reason="Cần xác minh thêm",
            at=at("2025-02-05"),
        )
        assert dossier.appointment_on == dt.date(2025, 2, 14)
        assert dossier.due_on == dt.date(2025, 2, 7)
        slip = dossier.slips.get(kind="apology")
        assert slip.content["new_date"] == "2025-02-14"

    def test_sending_back_returns_to_the_previous_handler(self, desk):
        dossier = walk_to_decision(desk, desk.receive(at=at("2025-01-24")))
        back = services.dossier_send_back(actor=desk.head, dossier=dossier, reason="Bổ sung ý kiến")
        assert back.step_order == 3 and back.assignee == desk.chief

    @pytest.mark.parametrize("action", ["return", "supplement_received", "rate"])
    def test_illegal_transitions_are_refused(self, desk, action):
        dossier = desk.receive()
        calls = {
            "return": lambda: services.dossier_return(actor=desk.officer, dossier=dossier),
            "supplement_received": lambda: services.dossier_receive_supplement(
                actor=desk.officer, dossier=dossier
            ),
            "rate": lambda: services.dossier_rate(dossier=dossier, satisfaction="satisfied"),
        }
        with pytest.raises(DomainError) as exc:
            calls[action]()
        assert exc.value.status == 409

    def test_the_wrong_person_cannot_move_it(self, desk):
        dossier = desk.receive()
        with pytest.raises(Forbidden):
            services.dossier_advance(actor=desk.cast.a.staff, dossier=dossier)

    def test_a_stale_revision_is_refused(self, desk):
        dossier = desk.receive()
        services.dossier_advance(actor=desk.handler, dossier=dossier, revision=dossier.revision)
        with pytest.raises(DomainError) as exc:
            services.dossier_advance(actor=desk.chief, dossier=dossier, revision=dossier.revision)
        assert exc.value.code == "stale"

    def test_a_rating_only_once(self, desk):
        dossier = walk_to_decision(desk, desk.receive(at=at("2025-01-24")))
        dossier = services.dossier_decide(
            actor=desk.head, dossier=dossier, approved=True, result_number="1/GP"
        )
        dossier = services.dossier_return(actor=desk.officer, dossier=dossier)
        services.dossier_rate(dossier=dossier, satisfaction="satisfied", comment="Nhanh")
        with pytest.raises(DomainError) as exc:
            services.dossier_rate(dossier=dossier, satisfaction="unsatisfied")
        assert exc.value.code == "already_rated"

    def test_withdrawal_closes_the_clock(self, desk):
        dossier = services.dossier_request_supplement(
            actor=desk.handler, dossier=desk.receive(), missing="Giấy tờ"
        )
        dossier = services.dossier_withdraw(
            actor=desk.officer, dossier=dossier, reason="Người nộp rút hồ sơ"
        )
        assert dossier.state == State.WITHDRAWN
        assert not dossier.pauses.filter(resumed_on__isnull=True).exists()

    def test_overdue_dossiers_are_marked_once(self, desk):
        desk.receive(at=at("2025-01-24"))
        assert services.dossier_mark_overdue(today=dt.date(2025, 2, 10)) == 1
        assert services.dossier_mark_overdue(today=dt.date(2025, 2, 11)) == 0


def test_every_transition_has_an_audit_event(desk):
    dossier = walk_to_decision(desk, desk.receive(at=at("2025-01-24")))
    verbs = list(
        AuditEvent.objects.filter(object_type="onestop.dossier", object_id=str(dossier.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["dossier.receive", "dossier.advance", "dossier.advance"]


def test_steps_without_a_holder_are_refused(desk):
    steps = [*STEPS[:1], StepSpec("Tiếp dân", "petitions_officer", 1), *STEPS[2:]]
    proc = services.procedure_save(
        actor=desk.cast.a.admin,
        agency=desk.cast.a.unit,
        code="3.0",
        name="Z",
        field="F",
        deadline_days=5,
        steps=steps,
        documents=[],
    )
    with pytest.raises(DomainError) as exc:
        desk.receive(procedure=proc, documents=[])
    assert exc.value.code == "no_assignee"
