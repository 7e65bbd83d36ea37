"""The QCDC report: one part per registered section in report order, for the unit's
organisation, each with a sentence in Vietnamese that says what its figures make true — the
seed's wording for the one-stop desk and reception, "không có … nào" only when a count is 0."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from danchu.core import figures
from danchu.core.errors import DomainError
from danchu.core.figures import Section
from danchu.reports.qcdc import HEADINGS, qcdc_report, sentence_of
from tests.reports.conftest import FIXED, make_section

START, END = dt.date(2021, 1, 1), dt.date(2022, 9, 15)

ONESTOP_SEED = (
    "Đơn vị đã công khai 34 thủ tục hành chính và đưa ra giải quyết theo cơ chế “một cửa” 34 "
    "thủ tục hành chính; đã tiếp nhận và trả kết quả 8.472 hồ sơ giải quyết thủ tục hành chính "
    "(đạt 100%), không có hồ sơ nào giải quyết quá thời hạn."
)
RECEPTION_SEED = (
    "Đơn vị đã tiếp 26 lượt công dân; tiếp nhận 390 đơn thư, trong đó 386 đơn kiến nghị, phản "
    "ánh, 3 đơn khiếu nại, 1 đơn tố cáo; đã giải quyết xong 390 đơn (đạt 100%); không có đơn "
    "nào giải quyết quá hạn; người đứng đầu đã tổ chức 20 ngày tiếp công dân định kỳ, đủ ngày tiếp "
    "trong cả 20 tháng theo quy định."
)


class TestSentences:
    def test_the_one_stop_sentence_reads_like_the_seed(self):
        assert sentence_of(make_section("onestop")) == ONESTOP_SEED

    def test_the_reception_sentence_reads_like_the_seed(self):
        assert sentence_of(make_section("reception")) == RECEPTION_SEED

    def test_late_dossiers_are_counted_not_denied(self):
        text = sentence_of(
            make_section(
                "onestop",
                late=12,
                returned=8460,
                returned_of_received=8460,
                returned_rate=99.9,
                on_time_rate=99.9,
            )
        )
        assert "không có hồ sơ nào giải quyết quá thời hạn" not in text
        assert "có 12 hồ sơ giải quyết quá hạn (tỷ lệ giải quyết đúng hạn 99,9%)" in text
        assert "đã tiếp nhận 8.472 hồ sơ" in text
        assert "đã trả kết quả 8.460 hồ sơ trong số đó (đạt 99,9%)" in text
        assert "kỳ trước" not in text

    def test_results_of_earlier_dossiers_do_not_make_the_period_complete(self):
        """As many results returned as dossiers received, but 20 of them were earlier
        dossiers': the period's own dossiers are not all returned (the seed's wording would
        be false) and the earlier ones are told apart."""
        text = sentence_of(
            make_section(
                "onestop",
                received=100,
                returned=100,
                returned_of_received=80,
                returned_rate=80.0,
                late=0,
            )
        )
        assert "tiếp nhận và trả kết quả" not in text and "100%" not in text
        assert (
            "đã tiếp nhận 100 hồ sơ giải quyết thủ tục hành chính, đã trả kết quả 80 hồ sơ trong "
            "số đó (đạt 80%), không có hồ sơ nào giải quyết quá thời hạn; ngoài ra đã trả kết quả "
            "20 hồ sơ của kỳ trước chuyển sang" in text
        )

    def test_all_returned_and_earlier_ones_too(self):
        text = sentence_of(
            make_section("onestop", received=100, returned=150, returned_of_received=100)
        )
        assert "đã tiếp nhận và trả kết quả 100 hồ sơ giải quyết thủ tục hành chính (đạt 100%)" in (
            text
        )
        assert "ngoài ra đã trả kết quả 50 hồ sơ của kỳ trước chuyển sang" in text

    def test_none_of_the_periods_dossiers_returned(self):
        text = sentence_of(
            make_section(
                "onestop", received=10, returned=4, returned_of_received=0, returned_rate=0.0
            )
        )
        assert "đã tiếp nhận 10 hồ sơ" in text
        assert "chưa trả kết quả hồ sơ nào trong số đó" in text and "đạt" not in text
        assert "ngoài ra đã trả kết quả 4 hồ sơ của kỳ trước chuyển sang" in text

    def test_nothing_received_but_earlier_dossiers_returned(self):
        text = sentence_of(
            make_section(
                "onestop", received=0, returned=5, returned_of_received=0, returned_rate=None
            )
        )
        assert (
            "trong kỳ chưa tiếp nhận hồ sơ giải quyết thủ tục hành chính nào, không có hồ sơ nào "
            "giải quyết quá thời hạn; đã trả kết quả 5 hồ sơ của kỳ trước chuyển sang" in text
        )

    def test_without_returned_of_received_nothing_is_said_complete(self):
        """A section without the figure (another source) says the results returned, not that
        the period's dossiers were all returned."""
        section = Section("onestop", "onestop")
        for name in ("received", "returned"):
            section.add(name, name, 8472)
        text = sentence_of(section)
        assert "tiếp nhận và trả kết quả" not in text
        assert (
            "đã tiếp nhận 8.472 hồ sơ giải quyết thủ tục hành chính, trong kỳ đã trả kết quả "
            "8.472 hồ sơ" in text
        )

    def test_open_refused_and_rated_dossiers_are_told(self):
        text = sentence_of(
            make_section(
                "onestop",
                in_progress_within=7,
                in_progress_overdue=2,
                refused=3,
                ratings=1500,
                satisfied=1478,
                satisfied_rate=98.5,
            )
        )
        assert "đang giải quyết 9 hồ sơ, trong đó 2 hồ sơ đã quá hạn" in text
        assert "từ chối tiếp nhận 3 hồ sơ" in text
        assert "nhận 1.500 lượt đánh giá" in text
        assert "1.478 lượt hài lòng hoặc chấp nhận được (đạt 98,5%)" in text

    def test_ratings_none_satisfied(self):
        text = sentence_of(make_section("onestop", ratings=3, satisfied=0, satisfied_rate=0.0))
        assert (
            "nhận 3 lượt đánh giá của tổ chức, cá nhân, không có lượt nào hài lòng hoặc "
            "chấp nhận được" in text
        )
        assert "0 lượt" not in text

    def test_an_idle_desk_is_not_said_to_be_perfect(self):
        text = sentence_of(
            make_section(
                "onestop",
                procedures_published=0,
                procedures_at_desk=0,
                received=0,
                resolved=0,
                returned=0,
                returned_of_received=0,
                returned_rate=None,
                early=0,
                on_time=0,
                late=0,
                on_time_rate=None,
            )
        )
        assert "chưa công khai thủ tục hành chính nào" in text
        assert "chưa tiếp nhận hồ sơ giải quyết thủ tục hành chính nào" in text
        assert "đạt" not in text and "không có hồ sơ nào giải quyết quá thời hạn" not in text
        assert "—" not in text

    def test_reception_with_no_letters_and_missed_head_days(self):
        text = sentence_of(
            make_section(
                "reception",
                visits=0,
                letters=0,
                petitions=0,
                complaints=0,
                denunciations=0,
                settled=0,
                settled_rate=None,
                settled_on_time=0,
                head_days=18,
                head_days_missed=2,
            )
        )
        assert "không có lượt tiếp công dân nào" in text
        assert "không tiếp nhận đơn thư nào" in text
        assert "giải quyết xong" not in text
        assert (
            "người đứng đầu đã tổ chức 18 ngày tiếp công dân định kỳ, có 2 trong 20 tháng không có "
            "ngày tiếp công dân theo quy định" in text
        )

    def test_reception_names_only_the_kinds_received_and_what_is_open(self):
        text = sentence_of(
            make_section(
                "reception",
                letters=12,
                petitions=12,
                complaints=0,
                denunciations=0,
                settled=9,
                settled_rate=75.0,
                settled_late=1,
                in_progress_within=2,
                in_progress_overdue=1,
            )
        )
        assert "tiếp nhận 12 đơn thư, trong đó 12 đơn kiến nghị, phản ánh;" in text
        assert "khiếu nại" not in text and "tố cáo" not in text
        assert "đã giải quyết xong 9 đơn (đạt 75%)" in text
        assert "có 1 đơn giải quyết quá hạn" in text
        assert "đang giải quyết 3 đơn, trong đó 1 đơn quá hạn" in text

    @pytest.mark.parametrize("key", list(FIXED))
    def test_every_fixed_section_has_a_sentence_with_its_figures(self, key):
        text = sentence_of(make_section(key))
        assert text and text[0].isupper() and text.endswith(".")
        assert "Figure" not in text  # written, not the generic fallback

    @pytest.mark.parametrize("key", list(FIXED))
    def test_every_sentence_holds_when_everything_is_zero(self, key):
        zero = {
            name: (None if kind in ("percent", "date") else 0) for name, _, kind in FIXED[key][1]
        }
        text = sentence_of(make_section(key, **zero))
        assert "đạt" not in text and "—" not in text
        assert text.endswith(".")
        # Nothing is claimed as done: every count is written as none or left out.
        for number in ("1", "2", "3", "4", "5", "6", "7", "8", "9"):
            assert number not in text, text

    @pytest.mark.parametrize("key", list(FIXED))
    def test_every_sentence_holds_when_a_figure_is_missing(self, key):
        """A section that lacks some figures (an app not yet counting them) drops their
        clauses rather than writing "None"."""
        section = Section(key, key)
        for name, value, kind in FIXED[key][1][::2]:
            section.add(name, name, value, kind)
        text = sentence_of(section)
        assert "None" not in text and "—" not in text

    def test_the_figures_are_written_the_vietnamese_way(self):
        assert "1.250 nhiệm vụ" in sentence_of(make_section("tasks"))
        assert "1.188 nhiệm vụ hoàn thành đúng hạn (đạt 99%)" in sentence_of(make_section("tasks"))
        text = sentence_of(make_section("dissemination"))
        assert "đã xác nhận 1.182 lượt (đạt 98,5%)" in text
        assert "(gần nhất ngày 21/01/2022)" in sentence_of(make_section("conference"))

    @pytest.mark.parametrize(
        ("key", "figure", "none", "some"),
        [
            (
                "regulations",
                "review_overdue",
                "không có quy chế, quy định nào quá hạn rà soát",
                "có 2 quy chế, quy định đã quá hạn rà soát",
            ),
            (
                "publicity",
                "late",
                "không có nội dung nào công khai chậm",
                "có 2 nội dung công khai chậm",
            ),
            (
                "conference",
                "annual_missed",
                "không có hội nghị hằng năm nào chậm",
                "có 2 hội nghị hằng năm không tổ chức trong thời hạn",
            ),
            (
                "board",
                "answers_overdue",
                "không có kiến nghị nào quá hạn trả lời",
                "có 2 kiến nghị đã quá hạn nhưng chưa được trả lời",
            ),
            (
                "tasks",
                "done_late",
                "không có nhiệm vụ nào hoàn thành chậm",
                "2 nhiệm vụ hoàn thành chậm",
            ),
            (
                "tasks",
                "open_overdue",
                "không có nhiệm vụ nào quá hạn chưa hoàn thành",
                "còn 2 nhiệm vụ đã quá hạn",
            ),
        ],
    )
    def test_none_late_only_when_the_count_is_zero(self, key, figure, none, some):
        zero = sentence_of(make_section(key, **{figure: 0}))
        two = sentence_of(make_section(key, **{figure: 2}))
        assert none in zero and some not in zero
        assert some in two and none not in two

    @pytest.mark.parametrize(
        ("kept", "said"),
        [
            (4, "có đủ 4 quy chế cơ bản đang có hiệu lực"),
            (3, "có 3 trong 4 quy chế cơ bản đang có hiệu lực"),
            (0, "chưa có quy chế cơ bản nào đang có hiệu lực"),
        ],
    )
    def test_the_core_regulations_in_force(self, kept, said):
        assert said in sentence_of(make_section("regulations", core_kept=kept))

    def test_the_attendance_is_the_last_conferences_even_before_the_period(self):
        text = sentence_of(make_section("conference", held=0, decisions_adopted=0))
        assert text.startswith(
            "Đơn vị trong kỳ không tổ chức hội nghị cán bộ, công chức, viên chức; hội nghị gần "
            "nhất tổ chức ngày 21/01/2022; hội nghị gần nhất triệu tập 210 người, có mặt 198 "
            "người (đạt 94,3%);"
        )
        assert "biểu quyết" not in text

    @pytest.mark.parametrize(
        ("key", "figure"),
        [
            (key, name)
            for key, (_order, rows) in FIXED.items()
            for name, _value, kind in rows
            if kind == "count"
        ],
    )
    def test_a_zero_count_is_never_written_as_a_number(self, key, figure):
        """The module's rule: a count of 0 is "không có … nào" (or its clause is dropped),
        never "0 …" — whichever figure of a busy unit is zero."""
        text = sentence_of(make_section(key, **{figure: 0}))
        assert not re.search(r"(?<![\d.,/])0(?![\d.,/])", text), text

    def test_regulations_not_reviewed_are_not_said_unreviewed(self):
        """A review that changed nothing leaves no record: none counted is not "none done"."""
        text = sentence_of(make_section("regulations", reviewed=0))
        assert "chưa rà soát" not in text and "đã rà soát" not in text
        assert "không có quy chế, quy định nào quá hạn rà soát" in text

    @pytest.mark.parametrize(
        ("issued", "amended", "said"),
        [
            (3, 2, "trong kỳ đã ban hành mới 3 và sửa đổi, bổ sung 2 quy chế, quy định"),
            (0, 2, "trong kỳ đã sửa đổi, bổ sung 2 quy chế, quy định"),
            (3, 0, "trong kỳ đã ban hành mới 3 quy chế, quy định"),
            (0, 0, "trong kỳ không ban hành mới, sửa đổi, bổ sung quy chế, quy định nào"),
        ],
    )
    def test_regulations_issued_and_amended(self, issued, amended, said):
        text = sentence_of(make_section("regulations", issued=issued, amended=amended))
        assert said in text

    def test_recommendations_not_answered(self):
        text = sentence_of(
            make_section("board", answered=0, answered_on_time=0, answered_on_time_rate=None)
        )
        assert "đã gửi 6 kiến nghị đến người đứng đầu, chưa có kiến nghị nào được trả lời" in text
        answered_late = sentence_of(
            make_section("board", answered_on_time=0, answered_on_time_rate=0.0)
        )
        assert "đã được trả lời 6 kiến nghị, không có kiến nghị nào được trả lời đúng hạn" in (
            answered_late
        )

    def test_a_section_no_sentence_knows_lists_its_figures(self):
        section = Section("extra", "Chỉ số khác")
        section.add("score", "Điểm", 87.5, "percent")
        assert sentence_of(section) == "Chỉ số khác: điểm: 87,5%."


@pytest.mark.django_db
class TestReport:
    def test_it_has_every_registered_section_in_order_for_the_organisation(
        self, cast, fake_sections
    ):
        report = qcdc_report(agency=cast.a.division, start=START, end=END, on=END)
        assert report.unit == cast.a.division
        assert report.organisation == cast.a.unit
        assert [p.key for p in report.sections] == list(FIXED)
        assert [p.heading for p in report.sections] == [HEADINGS[k] for k in FIXED]
        assert report.section("onestop").sentence == ONESTOP_SEED
        assert report.period.label == "từ ngày 01/01/2021 đến ngày 15/09/2022"
        assert report.made_on == END
        # Each builder is asked once, for the organisation and the period.
        assert all(
            calls == [([cast.a.unit.pk], START, END)] for calls in fake_sections.calls.values()
        )

    def test_a_one_day_period_is_a_period(self, cast, fake_sections):
        report = qcdc_report(agency=cast.a.unit, start=END, end=END)
        assert report.start == report.end == END

    def test_a_period_that_ends_before_it_starts_is_refused(self, cast, fake_sections):
        with pytest.raises(DomainError) as caught:
            qcdc_report(agency=cast.a.unit, start=END, end=START)
        assert caught.value.fields["end"]
        assert caught.value.status == 400
        assert not any(fake_sections.calls.values())

    def test_it_runs_with_whatever_the_apps_registered(self, cast):
        """The real registry, on an empty unit: one part per registered section, each with a
        heading and a sentence."""
        report = qcdc_report(agency=cast.a.unit, start=START, end=END)
        assert [p.key for p in report.sections] == [r.key for r in figures.registered()]
        for part in report.sections:
            assert part.heading and "None" not in part.sentence


@pytest.mark.django_db
class TestPages:
    PERIOD = {"start": "2021-01-01", "end": "2022-09-15"}

    def _url(self, cast, name="reports:qcdc"):
        from django.urls import reverse

        return reverse(name, kwargs={"unit": cast.a.unit.pk})

    def test_the_page_shows_every_section_its_sentence_and_figures(
        self, cast, fake_sections, client, django_assert_num_queries
    ):
        client.force_login(cast.a.head)
        client.get(self._url(cast), self.PERIOD)  # warm the session and the caches
        # session, user, scope (memberships), the unit, its organisation, the head's membership
        # for the permission: the same whatever the number of sections or figures.
        with django_assert_num_queries(QUERIES):
            page = client.get(self._url(cast), self.PERIOD)
        assert page.status_code == 200
        body = page.content.decode()
        for key in FIXED:
            assert f'id="section-{key}"' in body
            assert f'data-sentence="{key}"' in body
            assert HEADINGS[key] in body
        assert 'data-figure="onestop.received">8.472<' in body
        assert 'data-figure="onestop.returned_rate">100%<' in body
        assert 'data-figure="conference.last_held_on">21/01/2022<' in body
        assert "không có hồ sơ nào giải quyết quá thời hạn" in body
        assert "start=2021-01-01" in body and "/qcdc/docx?" in body and "/qcdc/xlsx?" in body

    def test_the_query_count_does_not_grow_with_the_sections(
        self, cast, fake_sections, client, django_assert_num_queries
    ):
        client.force_login(cast.a.head)
        client.get(self._url(cast), self.PERIOD)
        # Removed from the fake registry only: ``fake_sections`` restores the real one after
        # (a monkeypatch could put a fake back into it when torn down after it).
        del figures._BUILDERS["onestop"]
        del figures._BUILDERS["reception"]
        with django_assert_num_queries(QUERIES):
            assert client.get(self._url(cast), self.PERIOD).status_code == 200

    def test_this_year_by_default(self, cast, fake_sections, client):
        from django.utils import timezone

        client.force_login(cast.a.head)
        assert client.get(self._url(cast)).status_code == 200
        today = timezone.localdate()
        assert fake_sections.calls["onestop"][-1][1:] == (dt.date(today.year, 1, 1), today)

    def test_the_steering_committee_reads_it_too(self, cast, fake_sections, client):
        client.force_login(cast.steering)
        assert client.get(self._url(cast), self.PERIOD).status_code == 200

    def test_a_period_ending_before_it_starts_is_a_field_error(self, cast, fake_sections, client):
        client.force_login(cast.a.head)
        for name in ("reports:qcdc", "reports:qcdc_docx", "reports:qcdc_xlsx"):
            page = client.get(self._url(cast, name), {"start": "2022-09-15", "end": "2021-01-01"})
            assert page.status_code == 400
            assert 'id="id_end_error"' in page.content.decode()
        assert not any(fake_sections.calls.values())

    def test_the_files_download_with_their_names(self, cast, fake_sections, client):
        client.force_login(cast.a.head)
        word = client.get(self._url(cast, "reports:qcdc_docx"), self.PERIOD)
        assert word["Content-Type"].endswith("wordprocessingml.document")
        assert 'filename="bao-cao-qcdc-DEP-A-20210101-20220915.docx"' in word["Content-Disposition"]
        excel = client.get(self._url(cast, "reports:qcdc_xlsx"), self.PERIOD)
        assert excel["Content-Type"].endswith("spreadsheetml.sheet")

    def test_a_bad_agency_template_is_shown_on_the_page(
        self, cast, fake_sections, client, settings, tmp_path
    ):
        import docx

        settings.VAR_DIR = tmp_path
        path = tmp_path / "templates" / "reports" / "qcdc_report.docx"
        path.parent.mkdir(parents=True)
        docx.Document().save(str(path))
        client.force_login(cast.a.head)
        page = client.get(self._url(cast, "reports:qcdc_docx"), self.PERIOD)
        assert page.status_code == 400
        assert "sections" in page.content.decode()


# session, user, the scope's memberships, the unit, the permission's grants.
QUERIES = 5


@pytest.mark.django_db
class TestApi:
    def test_it_returns_every_section_with_its_figures(self, cast, fake_sections, client):
        from django.urls import reverse

        client.force_login(cast.a.head)
        url = reverse("api:reports_qcdc_api", kwargs={"unit_id": cast.a.division.pk})
        data = client.get(url, {"start": "2021-01-01", "end": "2022-09-15"}).json()
        assert data["unit"] == {"id": cast.a.unit.pk, "code": "DEP-A", "name": "Sở A"}
        assert (data["start"], data["end"]) == ("2021-01-01", "2022-09-15")
        assert [s["key"] for s in data["sections"]] == list(FIXED)
        onestop = next(s for s in data["sections"] if s["key"] == "onestop")
        assert onestop["title"] == "Section onestop"
        assert onestop["sentence"] == ONESTOP_SEED
        assert onestop["figures"][2] == {
            "key": "received",
            "label": "Figure received",
            "value": 8472,
            "kind": "count",
            "shown": "8.472",
        }
        conference = next(s for s in data["sections"] if s["key"] == "conference")
        assert conference["figures"][1]["value"] == "2022-01-21"
        assert conference["figures"][1]["shown"] == "21/01/2022"

    def test_a_backwards_period_is_a_400_with_the_field(self, cast, fake_sections, client):
        from django.urls import reverse

        client.force_login(cast.a.head)
        url = reverse("api:reports_qcdc_api", kwargs={"unit_id": cast.a.unit.pk})
        response = client.get(url, {"start": "2022-09-15", "end": "2021-01-01"})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid_period" and error["fields"]["end"]
