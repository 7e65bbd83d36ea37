"""The vault's keys: sealing round-trips, a new key first still opens old rows, rotation moves
every row to the newest key, and without the right key nothing opens."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from danchu.letters import vault
from danchu.letters.models import SealedIdentity
from tests.letters.conftest import Reception

pytestmark = pytest.mark.django_db


def test_rotation_keeps_identities_readable(rc: Reception, settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.VAULT_KEYS = [old]
    letter = rc.denunciation(name="Tạ Thị Khóa")
    token = bytes(SealedIdentity.objects.get(letter=letter).token)
    assert vault.unseal(token).people[0].name == "Tạ Thị Khóa"
    settings.VAULT_KEYS = [new, old]
    assert vault.unseal(token).people[0].name == "Tạ Thị Khóa"  # old rows still open
    call_command("vault", "rotate")
    assert "1 bản ghi" in capsys.readouterr().out
    rotated = bytes(SealedIdentity.objects.get(letter=letter).token)
    settings.VAULT_KEYS = [new]
    assert vault.unseal(rotated).people[0].name == "Tạ Thị Khóa"
    settings.VAULT_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        vault.unseal(rotated)


def test_a_new_key_goes_first_in_the_key_file(settings, tmp_path, capsys):
    settings.VAULT_KEYS = []
    settings.VAR_DIR = tmp_path
    call_command("vault", "newkey")
    assert len(capsys.readouterr().out.strip()) == 44
    first = vault.keys()
    call_command("vault", "newkey", "--into-file")
    assert vault.keys()[1:] == first and len(vault.keys()) == 2
    assert (tmp_path / "vault.key").stat().st_mode & 0o777 == 0o600


def test_production_refuses_a_vault_without_keys(settings, tmp_path):
    settings.VAULT_KEYS = []
    settings.VAR_DIR = tmp_path
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        vault.keys()


def test_the_redacted_copy_cuts_names_with_or_without_accents_and_contact_data():
    people = [
        vault.Person(name="Nguyễn Thị Bình", address="Số 5 Láng Hạ", id_number="001190001234")
    ]
    text = (
        "Tôi, Nguyễn Thị Bình (nguyen thi binh), ở Số 5 Láng Hạ, CCCD 001190001234, "
        "email binh@example.vn, ĐT 0912 345 678. Chị Bình tố cáo ông X."
    )
    copy = vault.redact(text, people)
    for leaked in ("Nguyễn", "nguyen thi binh", "Láng Hạ", "001190001234", "binh@", "0912", "Bình"):
        assert leaked not in copy, copy
    assert "tố cáo ông X" in copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("Tôi là Nguyễn Văn Hà, ở Hà Nội.", "Tôi là […], ở Hà Nội."),
        ("Gửi từ HÀ NỘI, anh Hà ký.", "Gửi từ HÀ NỘI, anh […] ký."),
        ("Hà Nguyễn gửi đơn này.", "[…] Nguyễn gửi đơn này."),
        ("Chị Văn Hà gửi đơn, đề nghị giữ bí mật.", "Chị […] gửi đơn, đề nghị giữ bí mật."),
        ("Ông Hà Trưởng thôn 3 nhận tiền.", "Ông […] Trưởng thôn 3 nhận tiền."),
        ("Đề nghị giữ bí mật. Tôi là hà.", "Đề nghị giữ bí mật. Tôi là […]."),
        ("toi ten ha, o ha noi, de nghi giu bi mat", "toi ten […], o ha noi, de nghi giu […]"),
        ("Chị Văn Hà và Mật gửi kèm.", "Chị […] và […] gửi kèm."),
        ("HÀ, Mật: hai người.", "[…], […]: hai người."),
    ],
)
def test_a_given_name_is_cut_wherever_it_may_name_the_person(text, copy):
    people = [vault.Person(name="Nguyễn Văn Hà"), vault.Person(name="Trần Thị Bí Mật")]
    assert vault.redact(text, people) == copy
