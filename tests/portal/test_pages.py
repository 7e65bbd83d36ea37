"""The portal's pages as a citizen's browser uses them (Django's client; the real browser is in
tests/e2e/test_portal.py): search without diacritics, the three steps of sending a letter,
following it, the miss limits, the open data, the public documents and the headers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.core.uploads import FileIn
from danchu.disclosure import services as disclosure
from danchu.disclosure.models import Publication
from danchu.letters.models import Letter, LetterFile
from danchu.onestop.models import Rating
from danchu.portal.figures import COLUMNS, SCHEMA
from danchu.portal.models import Filing
from tests.onestop.conftest import make_procedure
from tests.portal.conftest import PDF, PNG, Portal

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def _code(message: mail.EmailMessage) -> str:
    found = re.search(r"\b(\d{6})\b", str(message.subject))
    assert found is not None
    return found.group(1)


class TestCatalogue:
    def test_search_without_diacritics(self, portal: Portal, client: Client):
        make_procedure(portal.cast, code="2.000001")  # a second procedure, same name
        url = reverse("portal:catalogue", kwargs={"code": portal.unit.code})
        for query in ("xuat ban ban tin", "XUẤT BẢN", "giay phep  xuat"):
            body = client.get(url, {"q": query}).content.decode()
            assert "Cấp giấy phép xuất bản bản tin" in body, query
            assert "2 thủ tục" in body
        assert "Không có thủ tục" in client.get(url, {"q": "ho chieu"}).content.decode()

    def test_filters_and_a_fixed_number_of_queries(
        self, portal: Portal, client: Client, django_assert_num_queries
    ):
        for i in range(25):
            make_procedure(portal.cast, code=f"3.{i:06d}")
        url = reverse("portal:catalogue", kwargs={"code": portal.unit.code})
        with django_assert_num_queries(4):  # the unit, the fields, the count, the page
            response = client.get(url, {"field": "Xuất bản, In và Phát hành", "level": ""})
        assert response.status_code == 200
        body = response.content.decode()
        assert "26 thủ tục" in body and "Trang 1/2" in body
        assert "field=Xu%E1%BA%A5t" in body  # the pager keeps the filter
        assert "0 thủ tục" in client.get(url, {"level": "central"}).content.decode()

    def test_a_procedure_page(self, portal: Portal, client: Client):
        url = reverse(
            "portal:procedure", kwargs={"code": portal.unit.code, "pk": portal.desk.procedure.pk}
        )
        body = client.get(url).content.decode()
        assert "Đơn đề nghị cấp giấy phép" in body and "Luật Xuất bản 2012" in body
        assert "5 ngày làm việc" in body and "Miễn phí" in body
        other = make_procedure(portal.cast, code="9.9")
        other.is_published = False
        other.save()
        hidden = reverse("portal:procedure", kwargs={"code": portal.unit.code, "pk": other.pk})
        assert client.get(hidden).status_code == 404
        from danchu.onestop import services as onestop

        stored = onestop.procedure_form_add(
            actor=portal.cast.a.admin,
            procedure=portal.desk.procedure,
            file=FileIn("to-khai.docx", b"PK\x03\x04 word"),
        )
        body = client.get(url).content.decode()
        download = reverse(
            "portal:procedure_form",
            kwargs={"code": portal.unit.code, "pk": portal.desk.procedure.pk, "form": stored.pk},
        )
        assert download in body and "to-khai.docx" in body
        got = client.get(download)
        assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
        hidden_form = reverse(
            "portal:procedure_form",
            kwargs={"code": portal.unit.code, "pk": other.pk, "form": stored.pk},
        )
        assert client.get(hidden_form).status_code == 404
        with pytest.raises(DomainError):
            onestop.procedure_form_add(
                actor=portal.cast.a.admin,
                procedure=portal.desk.procedure,
                file=FileIn("to-khai.docx", b"MZ program"),
            )
        of_b = reverse("portal:procedure", kwargs={"code": "DEP-B", "pk": portal.desk.procedure.pk})
        assert client.get(of_b).status_code == 404


class TestSending:
    def _prove(self, client: Client, portal: Portal) -> None:
        code = portal.unit.code
        response = client.post(
            reverse("portal:send_email", kwargs={"code": code}), {"email": "hoa@example.vn"}
        )
        assert response.status_code == 302
        sent_code = _code(mail.outbox[-1])
        response = client.post(
            reverse("portal:send_code", kwargs={"code": code}), {"code": sent_code}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:send_letter", kwargs={"code": code})

    def _letter(self, **extra: object) -> dict[str, object]:
        return {
            "submission": "f" * 32,
            "kind": "petition",
            "matter": "Phản ánh <script>alert(1)</script> sóng yếu",
            "content": "Sóng điện thoại rất yếu ở thôn Đông, đề nghị kiểm tra.",
            "name": "Lê Thị Hoa",
            **extra,
        }

    def test_three_steps_then_follow(self, portal: Portal, client: Client):
        self._prove(client, portal)
        url = reverse("portal:send_letter", kwargs={"code": portal.unit.code})
        attachment = io.BytesIO(PNG)
        attachment.name = "anh.png"
        response = client.post(url, self._letter(attachments=[attachment]))
        assert response.status_code == 302, response.content.decode()[:2000]
        page = client.get(response["Location"]).content.decode()
        letter = Letter.objects.get()
        found = re.search(r'id="letter-key">([A-Z0-9-]+)<', page)
        assert found is not None
        key = found.group(1)
        assert letter.code in page and len(key) == 14
        assert LetterFile.objects.get(letter=letter).name == "anh.png"
        # The session holds neither the address nor, once shown, the key.
        stored = str(client.session.items())
        assert "hoa@example.vn" not in stored and key not in stored
        again = client.get(reverse("portal:sent", kwargs={"code": portal.unit.code}))
        assert again.status_code == 302 and key not in again.content.decode()
        follow = client.post(reverse("portal:follow"), {"code": letter.code, "key": key})
        assert follow.status_code == 200
        assert 'class="letter-state"><strong>Tiếp nhận</strong>' in follow.content.decode()
        # The staff page shows what was typed, escaped.
        staff = Client()
        staff.force_login(portal.rc.clerk)
        body = staff.get(reverse("letters:letter", kwargs={"pk": letter.pk})).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body

    def test_a_second_post_of_the_same_form_is_the_same_letter(
        self, portal: Portal, client: Client
    ):
        self._prove(client, portal)
        url = reverse("portal:send_letter", kwargs={"code": portal.unit.code})
        client.post(url, self._letter())
        client.post(url, self._letter())
        assert Letter.objects.count() == Filing.objects.count() == 1

    def test_a_renamed_executable_or_a_50_mb_file_is_refused(self, portal: Portal, client: Client):
        self._prove(client, portal)
        url = reverse("portal:send_letter", kwargs={"code": portal.unit.code})
        fake = io.BytesIO(b"MZ\x90\x00\x03 this is a program")
        fake.name = "don.pdf"
        response = client.post(url, self._letter(attachments=[fake]))
        assert response.status_code == 400
        assert (
            "don.pdf" in response.content.decode()
            and "không được nhận" in response.content.decode()
        )
        big = io.BytesIO(b"%PDF-1.7" + b"0" * (50 * 1024 * 1024))
        big.name = "lon.pdf"
        response = client.post(url, self._letter(attachments=[big]))
        assert response.status_code == 400
        assert "10 MB" in response.content.decode()
        assert not Letter.objects.exists() and not LetterFile.objects.exists()

    def test_a_request_larger_than_all_attachments_is_refused_unread(
        self, portal: Portal, client: Client
    ):
        self._prove(client, portal)
        url = reverse("portal:send_letter", kwargs={"code": portal.unit.code})
        response = client.post(url, self._letter(), CONTENT_LENGTH=str(60 * 1024 * 1024))
        assert response.status_code == 413
        assert "quá lớn" in response.content.decode()
        assert not Letter.objects.exists()
        response = client.post(url, self._letter(), CONTENT_LENGTH="nonsense")
        assert response.status_code == 400  # a malformed length: an empty form, not a crash

    def test_a_letter_needs_a_proven_contact(self, portal: Portal, client: Client):
        url = reverse("portal:send_letter", kwargs={"code": portal.unit.code})
        response = client.post(url, self._letter())
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "portal:send_email", kwargs={"code": portal.unit.code}
        )
        self._prove(client, portal)
        attachment = io.BytesIO(PDF)
        attachment.name = "don.pdf"
        response = client.post(url, self._letter(name="", attachments=[attachment]))
        body = response.content.decode()
        assert response.status_code == 400 and 'class="error"' in body
        # The summary on top names the field and says the file must be chosen again.
        assert 'href="#id_name">Họ và tên</a>' in body and "chọn lại tệp" in body
        assert not Letter.objects.exists()

    def test_a_wrong_code_is_refused_and_counted(self, portal: Portal, client: Client):
        code = portal.unit.code
        client.post(
            reverse("portal:send_email", kwargs={"code": code}), {"email": "hoa@example.vn"}
        )
        right = _code(mail.outbox[-1])
        wrong = "123456" if right != "123456" else "654321"
        response = client.post(reverse("portal:send_code", kwargs={"code": code}), {"code": wrong})
        assert response.status_code == 404 and "không phải mã" in response.content.decode()
        response = client.get(reverse("portal:send_letter", kwargs={"code": code}))
        assert response.status_code == 302  # not proven

    def test_too_many_codes_from_one_address(self, portal: Portal, client: Client):
        url = reverse("portal:send_email", kwargs={"code": portal.unit.code})
        for _ in range(5):
            assert client.post(url, {"email": "hoa@example.vn"}).status_code == 302
        response = client.post(url, {"email": "hoa@example.vn"})
        assert response.status_code == 429 and len(mail.outbox) == 5


class TestMissLimits:
    def test_the_address_behind_a_proxy(self, settings):
        from django.test import RequestFactory

        from danchu.core.throttle import client_address

        request = RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
        )
        assert client_address(request) == "10.0.0.1"  # no proxy declared: the header is ignored
        settings.DANCHU_PROXY_COUNT = 1
        assert client_address(request) == "203.0.113.5"  # the forged entry on the left is not
        settings.DANCHU_PROXY_COUNT = 3
        assert client_address(request) == "10.0.0.1"  # fewer entries than proxies: the socket

    def test_the_21st_wrong_lookup_waits_and_another_address_does_not(self, portal: Portal):
        dossier = portal.desk.receive()
        url = reverse("onestop:public_lookup")
        guesser = Client(REMOTE_ADDR="203.0.113.7")
        for i in range(20):
            response = guesser.get(url, {"code": dossier.code, "id_digits": f"{i:04d}"})
            assert response.status_code == 404, i
        refused = guesser.get(url, {"code": dossier.code, "id_digits": "2345"})
        assert refused.status_code == 429
        assert "15 phút" in refused.content.decode()
        api = guesser.get(f"/api/v1/public/onestop/dossiers/{dossier.code}", {"id_digits": "2345"})
        assert api.status_code == 429  # one count for the page and the API
        other = Client(REMOTE_ADDR="198.51.100.9")
        found = other.get(url, {"code": dossier.code, "id_digits": "2345"})
        assert found.status_code == 200 and dossier.code in found.content.decode()

    def test_a_malformed_code_is_explained_not_counted(self, portal: Portal):
        from danchu.core.models import ThrottleMiss

        client = Client(REMOTE_ADDR="203.0.113.8")
        response = client.get(reverse("onestop:public_lookup"), {"code": "abc", "id_digits": "12"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "không phải mã hồ sơ" in body and "đúng 4 chữ số" in body
        assert not ThrottleMiss.objects.exists()

    def test_wrong_keys_are_limited_too(self, portal: Portal):
        sent = portal.send()
        client = Client(REMOTE_ADDR="203.0.113.9")
        url = reverse("portal:follow")
        for _ in range(20):
            wrong = client.post(url, {"code": sent.letter.code, "key": "AAAABBBBCCCC"})
            assert wrong.status_code == 404
        assert client.post(url, {"code": sent.letter.code, "key": sent.key}).status_code == 429

    def test_a_rating_before_the_return_is_refused(self, portal: Portal, client: Client):
        dossier = portal.desk.receive()
        response = client.post(
            reverse("onestop:public_lookup"),
            {"code": dossier.code, "id_digits": "2345", "satisfaction": "satisfied"},
        )
        assert response.status_code == 409
        assert "trả kết quả" in response.content.decode()
        assert not Rating.objects.exists()


class TestOpenData:
    def test_json_has_the_documented_schema(self, portal: Portal, client: Client):
        portal.desk.receive()
        url = reverse("portal:figures_json", kwargs={"code": portal.unit.code})
        body = client.get(url, {"year": 2026, "quarter": 1}).json()
        assert body["schema"] == SCHEMA and body["start"] == "2026-01-01"
        assert body["end"] == "2026-03-02"  # the quarter up to today
        unit = body["units"][0]
        assert set(unit) == {"unit", "procedures", "dossiers", "ratings", "reception", "letters"}
        assert unit["dossiers"]["received"] == 1 and unit["unit"]["code"] == "DEP-A"

    def test_city_csv_has_a_row_per_department_and_the_total(self, portal: Portal, client: Client):
        portal.desk.receive()
        url = reverse("portal:city_figures_csv", kwargs={"code": portal.cast.city.code})
        response = client.get(url, {"start": "2026-01-01", "end": "2026-03-02"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == ["start", "end", *(c for c, _ in COLUMNS)]
        assert [r[2] for r in rows[1:]] == ["DEP-A", "DEP-B", "CITY"]
        received = rows[0].index("dossiers_received")
        assert [r[received] for r in rows[1:]] == ["1", "0", "1"]

    def test_a_bad_period_is_a_clear_400(self, portal: Portal, client: Client):
        url = reverse("portal:figures_json", kwargs={"code": portal.unit.code})
        response = client.get(url, {"start": "2026-03-01", "end": "2026-01-01"})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid" and error["fields"]["end"]
        assert error["message"] == "Ngày kết thúc trước ngày bắt đầu."
        for future in (
            {"year": 2999},
            {"year": 2026, "quarter": 4},
            {"start": "2027-01-01", "end": "2027-02-01"},
        ):
            assert client.get(url, future).status_code == 400, future
        assert client.get(url, {"year": 2026, "quarter": 1}).status_code == 200


class TestDocuments:
    def _publish(self, portal: Portal, channels: list[str], title: str) -> int:
        publication = disclosure.publication_create(
            actor=portal.cast.a.head,
            agency=portal.unit,
            category="policy",
            title=title,
            decision_number="9/QĐ",
            decision_date=dt.date(2026, 2, 27),
            signer="Giám đốc A",
            channels=channels,
            published_on=dt.date(2026, 3, 2),
            files=[FileIn("qd.pdf", PDF)],
        )
        return publication.files.get().pk

    def test_only_what_is_published_to_the_public(self, portal: Portal, client: Client):
        public = self._publish(portal, ["notice_board", "portal"], "Quyết định <b>công bố</b> TTHC")
        staff_only = self._publish(portal, ["notice_board"], "Kế hoạch nội bộ")
        body = client.get(reverse("portal:documents", kwargs={"code": "DEP-A"})).content.decode()
        assert (
            "Quyết định &lt;b&gt;công bố&lt;/b&gt; TTHC" in body and "Kế hoạch nội bộ" not in body
        )
        ok = client.get(reverse("portal:document_file", kwargs={"code": "DEP-A", "pk": public}))
        assert ok.status_code == 200
        assert ok.getvalue().startswith(b"%PDF")
        assert ok["Content-Disposition"].startswith("attachment")
        for code, pk in (("DEP-A", staff_only), ("DEP-B", public)):
            url = reverse("portal:document_file", kwargs={"code": code, "pk": pk})
            assert client.get(url).status_code == 404

    def test_the_portal_takes_only_documents_for_all_staff_and_drops_taken_down_ones(
        self, portal: Portal, client: Client
    ):
        with pytest.raises(DomainError) as caught:
            disclosure.publication_create(
                actor=portal.cast.a.head,
                agency=portal.unit,
                category="policy",
                title="Kế hoạch của phòng",
                decision_number="9/QĐ",
                decision_date=dt.date(2026, 2, 27),
                signer="Giám đốc A",
                channels=["portal"],
                published_on=dt.date(2026, 3, 2),
                audience_kind="unit",
                audience_unit=portal.cast.a.division,
            )
        assert "channels" in caught.value.fields
        pk = self._publish(portal, ["portal"], "Cam kết phục vụ")
        publication = disclosure.publication_take_down(
            actor=portal.cast.a.head,
            publication=Publication.objects.get(files__pk=pk),
            on=dt.date(2026, 3, 2),
        )
        assert publication.posted_until == dt.date(2026, 3, 2)
        with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
            body = client.get(reverse("portal:documents", kwargs={"code": "DEP-A"})).content
            assert "Cam kết phục vụ" not in body.decode()
            url = reverse("portal:document_file", kwargs={"code": "DEP-A", "pk": pk})
            assert client.get(url).status_code == 404

    def test_a_published_conclusion_without_the_denouncer(self, portal: Portal, client: Client):
        from danchu.letters import services as letters

        letter = portal.rc.denunciation()
        letter = portal.rc.accepted(portal.rc.classified(letter))
        letter = letters.letter_settle(
            actor=portal.rc.clerk,
            letter=letter,
            outcome="resolve",
            document_number="3/KL-S",
            document_date=dt.date(2026, 3, 2),
            summary="Tố cáo đúng một phần.",
        )
        letters.letter_publish(
            actor=portal.rc.clerk, letter=letter, published_on=dt.date(2026, 3, 2)
        )
        body = client.get(reverse("portal:documents", kwargs={"code": "DEP-A"})).content.decode()
        assert "3/KL-S" in body and "Tố cáo đúng một phần." in body
        assert "Bí Mật" not in body and "0912345678" not in body
        assert letter.matter not in body  # the citizen's own words are not the conclusion


class TestHeaders:
    def test_read_pages_are_cacheable_and_personal_ones_are_not(
        self, portal: Portal, client: Client
    ):
        catalogue = client.get(reverse("portal:catalogue", kwargs={"code": "DEP-A"}))
        assert (
            "public" in catalogue["Cache-Control"] and "max-age=300" in catalogue["Cache-Control"]
        )
        assert "Cookie" in catalogue["Vary"]
        assert "default-src 'self'" in catalogue["Content-Security-Policy"]
        assert b"csrfmiddlewaretoken" not in catalogue.content
        follow = client.get(reverse("portal:follow"))
        assert "no-store" in follow["Cache-Control"]
        lookup = client.get(reverse("onestop:public_lookup"))
        assert "no-store" in lookup["Cache-Control"] and "Content-Security-Policy" in lookup

    def test_pages_carry_no_script_and_stay_small(self, portal: Portal, client: Client):
        urls = [
            reverse("portal:home"),
            reverse("portal:unit", kwargs={"code": "DEP-A"}),
            reverse("portal:catalogue", kwargs={"code": "DEP-A"}),
            reverse("portal:figures", kwargs={"code": "DEP-A"}),
            reverse("portal:send_email", kwargs={"code": "DEP-A"}),
            reverse("portal:follow"),
            reverse("onestop:public_lookup"),
        ]
        for url in urls:
            body = client.get(url).content
            assert b"<script" not in body, url
            assert len(body) < 20_000, (url, len(body))

    def test_the_language_link(self, portal: Portal, client: Client):
        response = client.get(
            reverse("portal:language", kwargs={"lang": "en"}), {"next": "/cong-dan/"}
        )
        assert response.status_code == 302 and response["Location"] == "/cong-dan/"
        assert "Departments" in client.get("/cong-dan/").content.decode()
        away = client.get(
            reverse("portal:language", kwargs={"lang": "vi"}), {"next": "https://evil.example/"}
        )
        assert away["Location"] == reverse("portal:home")

    def test_the_demo_home_links_to_the_portals(self, portal: Portal, client: Client):
        body = client.get("/").content.decode()
        assert reverse("portal:home") in body
        assert reverse("portal:unit", kwargs={"code": "DEP-A"}) in body


def test_the_portal_home_lists_the_departments_by_city(portal: Portal, client: Client):
    body = client.get(reverse("portal:home")).content.decode()
    assert "Thành phố" in body
    assert reverse("portal:unit", kwargs={"code": "DEP-A"}) in body
    assert reverse("portal:city_figures", kwargs={"code": "CITY"}) in body
