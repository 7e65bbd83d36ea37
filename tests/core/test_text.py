import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from danchu.core.text import vn_date, vn_number, vn_percent


def test_thousands_take_a_dot():
    assert vn_number(8472) == "8.472"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(-1234) == "-1.234"
    assert vn_number(0) == "0"


def test_decimals_take_a_comma():
    assert vn_number(98.456, 1) == "98,5"
    assert vn_number(1234.5, 2) == "1.234,50"


def test_percent():
    assert vn_percent(8472, 8472) == "100%"
    assert vn_percent(197, 200) == "98,5%"
    assert vn_percent(1, 0) == "—"


def test_dates():
    assert vn_date(dt.date(2022, 9, 15)) == "15/09/2022"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_removing_the_dots_gives_the_number_back(n):
    assert int(vn_number(n).replace(".", "")) == n
