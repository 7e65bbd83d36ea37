"""Every page and API route of the one-stop desk, in one table checked by ``tests.routes``."""

from __future__ import annotations

import io

import pytest

from danchu.core.uploads import FileIn
from danchu.onestop import services
from danchu.onestop.models import Dossier
from tests.onestop.conftest import Desk
from tests.routes import Route, install


@pytest.fixture
def ctx(desk: Desk) -> Desk:
    return desk


def _dossier(d: Desk) -> Dossier:
    return d.receive()


def _upload(name: str, data: bytes) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def _form_file(d: Desk) -> dict[str, int]:
    stored = services.procedure_form_add(
        actor=None, procedure=d.procedure, file=FileIn("to-khai.pdf", b"%PDF-1.7 to khai")
    )
    return {"pk": stored.pk}


def _returned(d: Desk) -> Dossier:
    dossier = services.dossier_advance(actor=d.handler, dossier=d.receive())
    dossier = services.dossier_advance(actor=d.chief, dossier=dossier)
    dossier = services.dossier_decide(
        actor=d.head, dossier=dossier, approved=True, result_number="1/GP"
    )
    return services.dossier_return(actor=d.officer, dossier=dossier)


def _xlsx(d: Desk) -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danchu.onestop.excel import catalogue_export

    data = catalogue_export(agency=d.cast.a.unit)
    return {"file": SimpleUploadedFile("thu-tuc.xlsx", data)}


def unit(d: Desk) -> dict[str, int]:
    return {"unit": d.cast.a.unit.pk}


STEPS_JSON = [
    {"name": "Tiếp nhận", "role": "onestop_officer", "allotted": 4, "unit": "hours"},
    {"name": "Thẩm định", "role": "handling_officer", "allotted": 2},
    {"name": "Ký duyệt", "role": "head", "allotted": 1},
    {"name": "Trả kết quả", "role": "onestop_officer", "allotted": 0, "unit": "hours"},
]
INTAKE = {
    "applicant_kind": "person",
    "applicant_name": "Nguyễn Văn Dân",
    "applicant_id": "001085012345",
    "channel": "in_person",
}

PAGES = [
    Route("onestop:start", scoped=False, ok=302, insider="officer"),
    Route("onestop:queue", kwargs=unit, insider="officer", forbidden="cast.a.staff"),
    Route("onestop:procedure_list", kwargs=unit, insider="officer"),
    Route(
        "onestop:procedure_detail",
        insider="officer",
        kwargs=lambda d: {"unit": d.cast.a.unit.pk, "pk": d.procedure.pk},
    ),
    Route(
        "onestop:procedure_form_add",
        method="POST",
        kwargs=lambda d: {"unit": d.cast.a.unit.pk, "pk": d.procedure.pk},
        multipart=True,
        ok=302,
        data=lambda d: {"file": _upload("to-khai.pdf", b"%PDF-1.7 to khai")},
        bad=lambda d: {"file": _upload("to-khai.pdf", b"MZ\x90 program")},
        forbidden="cast.a.staff",
    ),
    Route("onestop:procedure_form", kwargs=_form_file, insider="officer"),
    Route(
        "onestop:procedure_form_remove",
        method="POST",
        kwargs=_form_file,
        ok=302,
        forbidden="cast.a.staff",
    ),
    Route("onestop:catalogue_export", kwargs=unit, insider="officer"),
    Route(
        "onestop:catalogue_import",
        method="POST",
        kwargs=unit,
        multipart=True,
        data=_xlsx,
        bad=lambda d: {},
        forbidden="cast.a.staff",
    ),
    Route("onestop:dossier_list", kwargs=unit, insider="officer", forbidden="cast.a.staff"),
    Route("onestop:intake", kwargs=unit, insider="officer", forbidden="cast.a.staff"),
    Route(
        "onestop:intake",
        method="POST",
        kwargs=unit,
        insider="officer",
        ok=302,
        forbidden="cast.a.staff",
        data=lambda d: {**INTAKE, "procedure": d.procedure.pk, "documents": [1, 2], "receive": "1"},
        bad=lambda d: {**INTAKE, "procedure": d.procedure.pk, "documents": [1], "receive": "1"},
    ),
    Route(
        "onestop:register",
        kwargs=unit,
        insider="officer",
        forbidden="cast.a.staff",
        data=lambda d: {"start": "2025-01-01", "end": "2025-12-31"},
        bad=lambda d: {"start": "2025-12-31", "end": "2025-01-01"},
    ),
    Route("onestop:register_docx", kwargs=unit, insider="officer", forbidden="cast.a.staff"),
    Route(
        "onestop:stats",
        kwargs=unit,
        insider="officer",
        data=lambda d: {"start": "2025-01-01", "end": "2025-12-31", "group_by": "field"},
        bad=lambda d: {"start": "2025-12-31", "end": "2025-01-01"},
    ),
    Route(
        "onestop:dossier",
        kwargs=lambda d: {"pk": _dossier(d).pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:process_control",
        kwargs=lambda d: {"pk": _dossier(d).pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:process_control_docx",
        kwargs=lambda d: {"pk": _dossier(d).pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:action",
        method="POST",
        insider="handler",
        ok=302,
        kwargs=lambda d: {"pk": _dossier(d).pk, "action": "request_supplement"},
        data=lambda d: {"text": "Bản sao giấy phép"},
        bad=lambda d: {"text": ""},
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:slip",
        kwargs=lambda d: {"pk": _dossier(d).slips.get().pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:slip_docx",
        kwargs=lambda d: {"pk": _dossier(d).slips.get().pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "onestop:public_lookup",
        scoped=False,
        public=True,
        data=lambda d: {"code": _dossier(d).code, "id_digits": "2345"},
    ),
    Route(
        "onestop:public_lookup",
        method="POST",
        scoped=False,
        public=True,
        ok=302,
        data=lambda d: {
            "code": _returned(d).code,
            "id_digits": "2345",
            "satisfaction": "satisfied",
        },
    ),
]

API = [
    Route("api:procedure_list", kwargs=lambda d: {"unit_id": d.cast.a.unit.pk}, insider="officer"),
    Route(
        "api:procedure_get",
        insider="officer",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk, "procedure_id": d.procedure.pk},
    ),
    Route(
        "api:procedure_save",
        method="POST",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        forbidden="cast.a.staff",
        data=lambda d: {
            "code": "9.000001",
            "name": "Thủ tục mới",
            "field": "Báo chí",
            "deadline_days": 5,
            "steps": STEPS_JSON,
        },
        bad=lambda d: {
            "code": "9.000001",
            "name": "Thủ tục mới",
            "field": "Báo chí",
            "deadline_days": 1,
            "steps": STEPS_JSON,
        },
    ),
    Route(
        "api:dossier_slips",
        kwargs=lambda d: {"dossier_id": _dossier(d).pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:dossier_receive",
        method="POST",
        ok=201,
        insider="officer",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        forbidden="cast.a.staff",
        data=lambda d: {**INTAKE, "procedure_id": d.procedure.pk, "documents": [1, 2]},
        bad=lambda d: {**INTAKE, "procedure_id": d.procedure.pk, "documents": [2]},
    ),
    Route(
        "api:dossier_refuse",
        method="POST",
        ok=201,
        insider="officer",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        forbidden="cast.a.staff",
        data=lambda d: {
            **INTAKE,
            "procedure_id": d.procedure.pk,
            "documents": [],
            "reasons": "Không thuộc thẩm quyền",
        },
        bad=lambda d: {**INTAKE, "procedure_id": d.procedure.pk, "documents": [], "reasons": " "},
    ),
    Route(
        "api:dossier_list",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:dossier_get",
        kwargs=lambda d: {"dossier_id": _dossier(d).pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:dossier_action",
        method="POST",
        insider="handler",
        forbidden="cast.a.staff",
        kwargs=lambda d: {"dossier_id": _dossier(d).pk, "action": "request_supplement"},
        data=lambda d: {"missing": "Bản sao giấy phép"},
        bad=lambda d: {"missing": ""},
    ),
    Route(
        "api:queue",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        insider="officer",
        forbidden="cast.a.staff",
    ),
    Route(
        "api:stats",
        kwargs=lambda d: {"unit_id": d.cast.a.unit.pk},
        insider="officer",
        data=lambda d: {"start": "2025-01-01", "end": "2025-12-31"},
        bad=lambda d: {"start": "2025-12-31", "end": "2025-01-01"},
    ),
    Route(
        "api:public_lookup",
        kwargs=lambda d: {"code": _dossier(d).code},
        scoped=False,
        public=True,
        data=lambda d: {"id_digits": "2345"},
        bad=lambda d: {"id_digits": ""},
    ),
    Route(
        "api:public_rate",
        method="POST",
        ok=201,
        scoped=False,
        public=True,
        kwargs=lambda d: {"code": _returned(d).code},
        data=lambda d: {"id_digits": "2345", "satisfaction": "satisfied"},
        bad=lambda d: {"id_digits": "2345", "satisfaction": "tuyệt vời"},
    ),
]

install(globals(), PAGES, API)
