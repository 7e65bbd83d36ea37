"""The portal's services: proving an address, sending a letter (a denunciation straight into
the vault), following it with its key, telling the sender of the answer, and the public figures
being the internal ones."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from danchu.core.errors import DomainError, NotFound
from danchu.core.models import AuditEvent
from danchu.core.uploads import FileIn
from danchu.letters import services as letters
from danchu.letters import vault
from danchu.letters.models import Letter, LetterFile, SealedIdentity, Signatory
from danchu.letters.stats import letters_report
from danchu.onestop.stats import onestop_report
from danchu.portal import figures, services
from danchu.portal.models import EmailChallenge, Filing
from tests.portal.conftest import PDF, PNG, Portal

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 02/03/2026, 09:00 in Hà Nội


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def _code_in(message: mail.EmailMessage) -> str:
    return next(w for w in message.subject.split() if w.isdigit() and len(w) == 6)


class TestEmailCode:
    def test_the_code_is_mailed_and_only_its_hash_kept(self, portal: Portal):
        challenge = services.email_code_send(email=" Hoa@Example.VN ")
        code = _code_in(mail.outbox[0])
        assert mail.outbox[0].to == ["hoa@example.vn"]
        assert code in mail.outbox[0].body
        assert challenge.email == "hoa@example.vn" and code not in challenge.code_hash
        assert services.proven_email(challenge.pk) == ""
        services.email_code_check(challenge=challenge.pk, code=code)
        assert EmailChallenge.objects.get().verified_at is not None
        assert services.proven_email(challenge.pk) == "hoa@example.vn"
        with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=1), tick=False):
            assert services.proven_email(challenge.pk) == ""  # a proof lasts an hour

    def test_a_wrong_code_counts_and_five_use_it_up(self, portal: Portal):
        challenge = services.email_code_send(email="hoa@example.vn").pk
        code = _code_in(mail.outbox[0])
        wrong = "000000" if code != "000000" else "111111"
        for tries in range(1, 6):
            with pytest.raises(NotFound):
                services.email_code_check(challenge=challenge, code=wrong)
            assert EmailChallenge.objects.get().attempts == tries  # kept despite the refusal
        with pytest.raises(DomainError) as caught:
            services.email_code_check(challenge=challenge, code=code)
        assert "code" in caught.value.fields

    def test_an_expired_code_is_refused(self, portal: Portal):
        challenge = services.email_code_send(email="hoa@example.vn").pk
        code = _code_in(mail.outbox[0])
        later = NOW + dt.timedelta(minutes=16)
        with time_machine.travel(later, tick=False), pytest.raises(DomainError) as caught:
            services.email_code_check(challenge=challenge, code=code)
        assert "new one" in caught.value.message or "mã mới" in caught.value.message

    def test_a_bad_address_is_refused(self, portal: Portal):
        with pytest.raises(DomainError) as caught:
            services.email_code_send(email="khong-phai-email")
        assert "email" in caught.value.fields
        assert not EmailChallenge.objects.exists() and not mail.outbox


class TestSend:
    def test_a_petition_is_a_letter_of_the_portal_channel(self, portal: Portal):
        sent = portal.send(files=[FileIn("anh.png", PNG), FileIn("don.pdf", PDF)])
        letter = sent.letter
        assert letter.channel == "portal" and letter.kind == "petition" and not letter.protected
        assert letter.received_on == dt.date(2026, 3, 2)
        assert letter.handling_due_on == dt.date(2026, 3, 16)  # 10 working days
        assert Signatory.objects.get(letter=letter).email == "hoa@example.vn"
        assert sorted(f.name for f in LetterFile.objects.filter(letter=letter)) == [
            "anh.png",
            "don.pdf",
        ]
        filing = Filing.objects.get(letter=letter)
        assert len(sent.key) == 12 and sent.key not in filing.key_hash
        assert AuditEvent.objects.filter(verb="letter.receive", object_id=str(letter.pk)).exists()

    def test_a_denunciation_goes_straight_into_the_vault(self, portal: Portal):
        sent = portal.send(
            kind="denunciation",
            matter="Tố cáo cán bộ Lê Thị Hoa bị ép nộp tiền",
            content="Tôi là Lê Thị Hoa, tố cáo cán bộ X đòi tiền khi nhận hồ sơ của tôi.",
            id_number="001190000123",
            files=[FileIn("bang-chung.pdf", PDF)],
        )
        letter = Letter.objects.get(pk=sent.letter.pk)
        assert letter.protected
        assert "Hoa" not in letter.matter and "Hoa" not in letter.content
        assert not Signatory.objects.filter(letter=letter).exists()
        assert not LetterFile.objects.filter(letter=letter).exists()
        identity = letters.identity_of(letter)
        assert identity is not None
        assert identity.people[0].name == "Lê Thị Hoa"
        assert identity.people[0].email == "hoa@example.vn"
        assert [s.name for s in identity.scans] == ["bang-chung.pdf"]
        assert SealedIdentity.objects.filter(letter=letter).exists()
        contact = Filing.objects.get(letter=letter).contact
        assert contact is not None
        assert b"hoa@example" not in bytes(contact)  # sealed, not merely stored
        assert vault.unseal(bytes(contact)).people[0].email == "hoa@example.vn"

    def test_a_sender_may_ask_for_secrecy(self, portal: Portal):
        letter = portal.send(protect=True).letter
        assert letter.protected and not Signatory.objects.filter(letter=letter).exists()

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"name": "  "}, "name"),
            ({"matter": ""}, "matter"),
            ({"content": "ngắn"}, "content"),
            ({"kind": "mixed"}, "kind"),
            ({"files": [FileIn("virus.pdf", b"MZ\x90\x00 executable")]}, "attachments"),
            ({"files": [FileIn("bang.exe", b"MZ\x90\x00")]}, "attachments"),
            ({"files": [FileIn("lon.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024))]}, "attachments"),
            ({"files": [FileIn(f"{i}.pdf", PDF) for i in range(6)]}, "attachments"),
            ({"email": "not-an-email"}, "email"),
        ],
    )
    def test_bad_input_writes_nothing(self, portal: Portal, change, field):
        with pytest.raises(DomainError) as caught:
            portal.send(**change)
        assert field in caught.value.fields, caught.value.fields
        assert not Letter.objects.exists() and not Filing.objects.exists()
        assert not LetterFile.objects.exists()

    def test_the_same_submission_is_one_letter(self, portal: Portal):
        first = portal.send(submission="abc")
        again = services.letter_send(
            agency=portal.unit,
            proof=None,  # a repeat needs no proof: the letter exists
            data=services.LetterIn(kind="petition", matter="x", content="y" * 30, name="Hoa"),
            submission="abc",
        )
        assert again.letter.pk == first.letter.pk and again.key == ""
        assert Letter.objects.count() == 1


class TestFollow:
    def test_code_and_key_show_the_state_and_then_the_answer(self, portal: Portal):
        sent = portal.send()
        shown = services.letter_follow(code=sent.letter.code, key=services.show_key(sent.key))
        assert shown.state and not shown.settled and shown.due_on == dt.date(2026, 3, 16)
        letter = portal.rc.classified(Letter.objects.get(pk=sent.letter.pk))
        letters.letter_settle(
            actor=portal.rc.clerk,
            letter=letter,
            outcome="answer",
            document_number="15/TL-STTTT",
            document_date=dt.date(2026, 3, 2),
            summary="Sở đã yêu cầu nhà mạng lắp thêm trạm phát sóng.",
        )
        shown = services.letter_follow(code=sent.letter.code.lower(), key=sent.key.lower())
        assert shown.settled and shown.outcome_number == "15/TL-STTTT"
        assert "trạm phát sóng" in shown.outcome

    def test_a_wrong_key_is_not_found(self, portal: Portal):
        sent = portal.send()
        with pytest.raises(NotFound):
            services.letter_follow(code=sent.letter.code, key="AAAA-BBBB-CCCC")
        with pytest.raises(NotFound):
            services.letter_follow(code="X-DT26-9999", key=sent.key)

    def test_a_letter_not_from_the_portal_cannot_be_followed(self, portal: Portal):
        letter = portal.rc.receive()
        with pytest.raises(NotFound):
            services.letter_follow(code=letter.code, key="AAAABBBBCCCC")


class TestNotify:
    def _settle(self, portal: Portal, letter: Letter) -> None:
        kind = letter.kind
        letter = portal.rc.classified(letter, kind=kind)
        if kind == "denunciation":
            letter = portal.rc.accepted(letter)
        letters.letter_settle(
            actor=portal.rc.clerk,
            letter=letter,
            outcome="answer" if kind == "petition" else "resolve",
            document_number="16/TL",
            document_date=dt.date(2026, 3, 2),
            summary="Đã trả lời.",
        )

    def test_the_sender_is_told_once(self, portal: Portal):
        sent = portal.send()
        assert services.notify_answered(follow_url="http://x/cong-dan/theo-doi-don/") == 0
        self._settle(portal, Letter.objects.get(pk=sent.letter.pk))
        mail.outbox = []
        assert services.notify_answered(follow_url="http://x/cong-dan/theo-doi-don/") == 1
        assert mail.outbox[0].to == ["hoa@example.vn"]
        assert sent.letter.code in mail.outbox[0].body
        assert services.notify_answered(follow_url="http://x/") == 0
        event = AuditEvent.objects.get(verb="portal.notify")
        assert "hoa@" not in str(event.changes)

    def test_a_protected_sender_is_told_from_the_vault(self, portal: Portal):
        sent = portal.send(kind="denunciation", matter="Tố cáo cán bộ X", id_number="001190000123")
        self._settle(portal, Letter.objects.get(pk=sent.letter.pk))
        mail.outbox = []
        assert services.notify_answered(follow_url="http://x/") == 1
        assert mail.outbox[0].to == ["hoa@example.vn"]


class TestFigures:
    def test_the_public_figures_are_the_internal_ones(self, portal: Portal):
        start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
        portal.desk.receive()
        portal.desk.receive()
        portal.send()
        portal.rc.receive()
        public = figures.unit_figures(portal.unit, start, end)
        desk = onestop_report(agency=portal.unit, start=start, end=end)
        book = letters_report(agency=portal.unit, start=start, end=end).figures
        assert public.dossiers_received == desk.total.received == 2
        assert public.dossiers_in_progress == 2
        assert public.procedures_published == desk.procedures_published == 1
        assert public.letters_received == book.letters == 2
        assert public.letters_settled == book.settled == 0
        data = public.as_dict()
        assert data["dossiers"]["received"] == 2 and data["letters"]["received"] == 2

    def test_resolved_late_rated_and_settled_match_inside_for_a_quarter(self, portal: Portal):
        from danchu.onestop import services as onestop
        from tests.onestop.conftest import at

        desk = portal.desk

        def resolve(received: str, decided: str) -> None:
            dossier = desk.receive(at=at(received))
            dossier = onestop.dossier_advance(actor=desk.handler, dossier=dossier, at=at(decided))
            dossier = onestop.dossier_advance(actor=desk.chief, dossier=dossier, at=at(decided))
            dossier = onestop.dossier_decide(
                actor=desk.head,
                dossier=dossier,
                approved=True,
                result_number="1/GP",
                at=at(decided),
            )
            dossier = onestop.dossier_return(
                actor=desk.officer, dossier=dossier, at=at(decided, 15)
            )
            onestop.dossier_rate(dossier=dossier, satisfaction="satisfied")

        resolve("2026-01-05", "2026-01-07")  # 5 working days: on time
        resolve("2026-01-05", "2026-02-27")  # late
        desk.receive(at=at("2026-02-02"))  # still open at the end of the quarter
        letter = portal.rc.classified(portal.rc.receive(received_on=dt.date(2026, 1, 5)))
        letters.letter_settle(
            actor=portal.rc.clerk,
            letter=letter,
            outcome="answer",
            document_number="1/TL",
            document_date=dt.date(2026, 1, 9),
            summary="Đã trả lời.",
        )
        start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
        public = figures.unit_figures(portal.unit, start, end)
        inside = onestop_report(agency=portal.unit, start=start, end=end).total
        book = letters_report(agency=portal.unit, start=start, end=end).figures
        assert (public.dossiers_received, public.dossiers_resolved) == (3, 2)
        assert (public.dossiers_on_time, public.dossiers_late) == (1, 1)
        assert public.dossiers_received == inside.received
        assert public.dossiers_on_time == inside.early + inside.on_time
        assert public.dossiers_late == inside.late
        assert public.dossiers_on_time_rate == inside.on_time_rate == 50.0
        assert public.dossiers_in_progress == inside.in_progress_within + inside.in_progress_overdue
        assert public.ratings["satisfied"] == inside.ratings["satisfied"] == 2
        assert (public.letters_received, public.letters_settled) == (book.letters, book.settled)
        assert public.letters_settled == 1
        assert public.letters_settled_on_time == book.settled_on_time

    def test_the_city_is_the_sum_of_its_departments(self, portal: Portal):
        start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
        portal.desk.receive()
        portal.send()
        city = figures.city_figures(portal.cast.city, start, end)
        names = [u.name for u in city.units]
        assert names == ["Sở A", "Sở B"]
        assert city.total.dossiers_received == sum(u.dossiers_received for u in city.units) == 1
        assert city.total.letters_received == 1
        assert city.total.dossiers_on_time_rate is None  # nothing resolved yet

    def test_rates(self):
        f = figures.UnitFigures(code="X", name="X", dossiers_resolved=3, dossiers_on_time=2)
        assert f.dossiers_on_time_rate == 66.7
        assert figures.UnitFigures(code="X", name="X").letters_settled_rate is None


def test_the_command_notifies_and_purges(portal: Portal):
    from io import StringIO

    from django.core.management import call_command

    from danchu.core.models import ThrottleMiss

    sent = portal.send()
    letter = portal.rc.classified(Letter.objects.get(pk=sent.letter.pk))
    letters.letter_settle(
        actor=portal.rc.clerk,
        letter=letter,
        outcome="answer",
        document_number="17/TL",
        document_date=dt.date(2026, 3, 2),
        summary="Đã trả lời.",
    )
    services.email_code_send(email="cu@example.vn")
    ThrottleMiss.objects.create(scope="x", address="y", at=NOW - dt.timedelta(days=2))
    ThrottleMiss.objects.create(scope="x", address="y", at=NOW + dt.timedelta(days=1))
    mail.outbox = []
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=1), tick=False):
        out = StringIO()
        call_command("portal_notify", stdout=out)
    assert "1 người gửi đơn" in out.getvalue()
    assert mail.outbox[0].to == ["hoa@example.vn"]
    assert "/cong-dan/theo-doi-don/" in mail.outbox[0].body
    assert not EmailChallenge.objects.exists()
    assert ThrottleMiss.objects.count() == 1


class TestProof:
    def _proof(self) -> int:
        challenge = services.email_code_send(email="hoa@example.vn")
        services.email_code_check(challenge=challenge.pk, code=_code_in(mail.outbox[-1]))
        return challenge.pk

    def _data(self) -> services.LetterIn:
        return services.LetterIn(
            kind="petition",
            matter="Phản ánh sóng yếu",
            content="Sóng điện thoại rất yếu ở thôn Đông, đề nghị kiểm tra.",
            name="Lê Thị Hoa",
        )

    def test_a_proof_serves_one_letter_and_is_then_forgotten(
        self, portal: Portal, django_capture_on_commit_callbacks
    ):
        proof = self._proof()
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.letter_send(agency=portal.unit, proof=proof, data=self._data())
        receipt = mail.outbox[-1]
        assert receipt.to == ["hoa@example.vn"] and sent.letter.code in receipt.subject
        assert services.show_key(sent.key) in receipt.body
        assert Signatory.objects.get(letter=sent.letter).email == "hoa@example.vn"
        assert not EmailChallenge.objects.exists()  # the address lives with the letter only
        with pytest.raises(DomainError) as caught:
            services.letter_send(agency=portal.unit, proof=proof, data=self._data())
        assert caught.value.code == "unproven"
        assert Letter.objects.count() == 1

    def test_no_letter_without_a_fresh_proof(self, portal: Portal):
        with pytest.raises(DomainError):
            services.letter_send(agency=portal.unit, proof=None, data=self._data())
        proof = self._proof()
        with (
            time_machine.travel(NOW + dt.timedelta(hours=2), tick=False),
            pytest.raises(DomainError),
        ):
            services.letter_send(agency=portal.unit, proof=proof, data=self._data())
        assert not Letter.objects.exists() and not Filing.objects.exists()


def test_a_portal_letter_leaves_no_request_id(portal: Portal):
    """A petition from the portal may become a denunciation later: none of them carries the
    request id a proxy's log could tie to the sender's address. A letter handed in does."""
    from danchu.core.audit import current_request_id

    token = current_request_id.set("req-123")
    try:
        petition = portal.send().letter
        secret = portal.send(kind="denunciation", matter="Tố cáo cán bộ X").letter
        handed_in = portal.rc.receive()
    finally:
        current_request_id.reset(token)
    events = AuditEvent.objects.filter(verb="letter.receive")
    assert events.get(object_id=str(petition.pk)).request_id == ""
    assert events.get(object_id=str(secret.pk)).request_id == ""
    assert events.get(object_id=str(handed_in.pk)).request_id == "req-123"


def test_rotating_the_vault_keys_covers_the_filings(portal: Portal, settings, tmp_path):
    from cryptography.fernet import Fernet

    old = Fernet.generate_key().decode()
    settings.VAULT_KEYS = [old]
    sent = portal.send()
    new = Fernet.generate_key().decode()
    settings.VAULT_KEYS = [new, old]
    assert vault.rotate() >= 1
    settings.VAULT_KEYS = [new]  # the old key is gone: the contact still opens
    contact = Filing.objects.get(letter=sent.letter).contact
    assert contact is not None
    assert vault.unseal(bytes(contact)).people[0].email == "hoa@example.vn"


def test_an_attempt_is_counted_before_its_lookup(portal: Portal):
    from django.test import RequestFactory

    from danchu.core import throttle
    from danchu.core.models import ThrottleMiss

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.1")
    limit = throttle.Limit("test", attempts=2)
    seen: list[int] = []

    def lookup() -> str:
        seen.append(ThrottleMiss.objects.filter(scope="test").count())
        raise NotFound()

    for _ in range(2):
        with pytest.raises(NotFound):
            throttle.attempt(request, limit, lookup)
    assert seen == [1, 2]  # a parallel request would have seen this one
    with pytest.raises(DomainError) as caught:
        throttle.attempt(request, limit, lookup)
    assert caught.value.status == 429 and seen == [1, 2]
    assert throttle.attempt(RequestFactory().get("/", REMOTE_ADDR="2001:db8::1"), limit, str) == ""
    assert ThrottleMiss.objects.filter(scope="test").count() == 2  # a success is not kept


def test_a_proof_removes_every_code_of_its_address(portal: Portal):
    first = services.email_code_send(email="hoa@example.vn")  # asked twice
    second = services.email_code_send(email="hoa@example.vn")
    services.email_code_check(challenge=second.pk, code=_code_in(mail.outbox[-1]))
    services.letter_send(
        agency=portal.unit,
        proof=second.pk,
        data=services.LetterIn(
            kind="denunciation", matter="Tố cáo", content="Nội dung tố cáo đủ dài để gửi.", name="H"
        ),
    )
    assert not EmailChallenge.objects.filter(pk__in=[first.pk, second.pk]).exists()


def test_a_failed_notice_is_given_back_for_the_next_run(portal: Portal, monkeypatch):
    sent = portal.send()
    letter = portal.rc.classified(Letter.objects.get(pk=sent.letter.pk))
    letters.letter_settle(
        actor=portal.rc.clerk,
        letter=letter,
        outcome="answer",
        document_number="18/TL",
        document_date=dt.date(2026, 3, 2),
        summary="Đã trả lời.",
    )

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert services.notify_answered(follow_url="http://x/") == 0
    assert Filing.objects.get(letter=letter).notified_at is None
    assert not AuditEvent.objects.filter(verb="portal.notify").exists()
    monkeypatch.undo()
    assert services.notify_answered(follow_url="http://x/") == 1


@pytest.mark.parametrize(
    ("meta", "same_as"),
    [
        ({"REMOTE_ADDR": "2001:db8:1:2::5"}, {"REMOTE_ADDR": "2001:db8:1:2::99"}),  # one /64
        ({"REMOTE_ADDR": "::ffff:1.2.3.4"}, {"REMOTE_ADDR": "1.2.3.4"}),  # IPv4-mapped
    ],
)
def test_addresses_are_grouped_as_clients(meta, same_as):
    from django.test import RequestFactory

    from danchu.core.throttle import address_of

    factory = RequestFactory()
    assert address_of(factory.get("/", **meta)) == address_of(factory.get("/", **same_as))
    other = factory.get("/", REMOTE_ADDR="::ffff:5.6.7.8")
    assert address_of(factory.get("/", **meta)) != address_of(other)


def test_a_proxy_port_is_not_a_new_client(settings):
    from django.test import RequestFactory

    from danchu.core.throttle import client_address

    settings.DANCHU_PROXY_COUNT = 1
    factory = RequestFactory()
    assert client_address(factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4:1111")) == "1.2.3.4"
    v6 = factory.get("/", HTTP_X_FORWARDED_FOR="[2001:db8::1]:443")
    assert client_address(v6) == "2001:db8::1"
