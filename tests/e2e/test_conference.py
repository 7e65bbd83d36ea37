"""The staff conference on the day, Sở KH&CN of the core demo, with delegates on their phones.

The head has convened an extraordinary conference for today. Delegates open the check-in link
of their invitation's QR code on their phones, log in and tap “check in”; the secretary, at
the desk, watches the live present/summoned figure reach the quorum, opens the conference,
sets up a secret poll through the page and opens it. The delegates vote on their phones and
each gets a receipt code; a second ballot is refused. While the poll is open everyone sees how
many have voted, never how; once the secretary closes it, the delegates' pages reload by
themselves with the decision, the counts and the published ballot box.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from danchu.conference import services
from danchu.conference.models import Ballot, Conference, ConferenceState, Poll, PollState
from danchu.core.demo import DEMO_PASSWORD, DemoResult
from danchu.core.models import Agency, User
from tests.e2e.conftest import TIMEOUT_MS

pytestmark = pytest.mark.e2e

UNIT_CODE = "000.00.12.H26"
HEAD, SECRETARY = "giamdoc.khcn", "canbo.khcn"
PHONES = ["truongphong.khcn", "congdoan.khcn", "bttnd.khcn"]  # yes, yes, no
PHONE_CHOICES = ["yes", "yes", "no"]
MORE_YES = 19  # ballots cast through the services by delegates without a phone in the test
POLL_TITLE = "Thông qua quy chế chi tiêu nội bộ sửa đổi"
# A phone as the delegates hold it: its size, touch and a mobile browser's user agent.
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
POLL_TIMEOUT_MS = 15_000  # the presence figure is polled every 5 s, the turnout every 4 s


class Phones:
    """One phone-sized browser context per delegate, not logged in until the QR link asks."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.pages: dict[str, Page] = {}
        self.errors: list[str] = []

    def __call__(self, username: str) -> Page:
        if username not in self.pages:
            context = self.browser.new_context(
                locale="vi-VN",
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                user_agent=PHONE_UA,
            )
            context.set_default_timeout(TIMEOUT_MS)
            self.pages[username] = self.watch(context.new_page())
        return self.pages[username]

    def watch(self, page: Page) -> Page:
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def phones(browser: Browser) -> Iterator[Phones]:
    crowd = Phones(browser)
    yield crowd
    crowd.close()
    assert not crowd.errors, f"JavaScript errors on the phones: {crowd.errors}"


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 1, f"{page.url} scrolls sideways by {width}px on a phone"


def _turnout(voted: int, present: int) -> re.Pattern[str]:
    """“V of P present have voted”, in whichever words and order the language puts them."""
    return re.compile(rf"\b{voted}\b.*\b{present}\b|\b{present}\b.*\b{voted}\b", re.S)


def _check_in_by_qr(phone: Page, url: str, conference: Conference, username: str) -> None:
    code = conference.roll.get(person__username=username).code
    phone.goto(f"{url}/conference/c/{conference.pk}/checkin/?code={code}")
    # Not logged in on this phone yet: the login page brings them back to the link.
    form = phone.locator("#main form")
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").tap()
    phone.wait_for_url(f"**/conference/c/{conference.pk}/checkin/?code={code}")
    form = phone.locator("#main form[method=post]")
    expect(form.locator("[name=code]")).to_have_value(code)
    _fits_the_screen(phone)
    form.locator("button").tap()
    phone.wait_for_url(f"{url}/conference/c/{conference.pk}/")
    expect(phone.locator("#main .messages .success")).to_be_visible()
    expect(phone.locator("#main form[action$='/checkin/']")).to_have_count(0)


def test_delegates_check_in_on_phones_and_vote_by_secret_ballot(
    page: Page, live_server: Any, demo: DemoResult, login: Any, phones: Phones
) -> None:
    url = live_server.url
    unit = Agency.objects.get(code=UNIT_CODE)
    head = User.objects.get(username=HEAD)
    secretary = User.objects.get(username=SECRETARY)
    today = services.today()
    conference = services.conference_convene(
        actor=head,
        agency=unit,
        kind="extraordinary",
        requested_by="head",
        year=today.year,
        title="Hội nghị CBCCVC bất thường",
        held_on=today,
        starts_at=dt.time(8, 0),
        place="Hội trường tầng 3",
        chair=head,
        secretary=secretary,
    )
    summoned = conference.roll.count()
    quorum = services.quorum(conference)
    assert quorum.needed * 3 >= summoned * 2 and not quorum.reached
    # Everyone but the phone delegates is checked in at the door, one short of the quorum.
    at_the_door = list(
        conference.roll.exclude(person__username__in=PHONES)
        .select_related("person")
        .order_by("person__username")[: quorum.needed - len(PHONES)]
    )
    for delegate in at_the_door:
        services.check_in(actor=secretary, conference=conference, delegate=delegate)

    # The secretary watches the live figure at the desk.
    login(SECRETARY)
    page.goto(f"{url}/conference/c/{conference.pk}/")
    presence = page.locator("#presence")
    expect(presence.locator("[data-present]")).to_have_text(str(len(at_the_door)))
    expect(presence.locator("[data-summoned]")).to_have_text(str(summoned))
    expect(presence.locator(".u-overdue")).to_be_visible()  # no quorum yet

    for username in PHONES:
        _check_in_by_qr(phones(username), url, conference, username)
    expect(phones(PHONES[-1]).locator("#presence [data-present]")).to_have_text(str(quorum.needed))

    # Without a reload, the desk's figure reaches the quorum.
    expect(presence.locator("[data-present]")).to_have_text(
        str(quorum.needed), timeout=POLL_TIMEOUT_MS
    )
    expect(presence.locator(".u-on_track")).to_be_visible()

    page.locator(f"form[action='/conference/c/{conference.pk}/open/'] button").click()
    expect(page.locator("#main .messages .success")).to_be_visible()
    conference.refresh_from_db()
    assert conference.state == ConferenceState.OPEN
    assert conference.present_at_open == quorum.needed

    # The secretary sets up the secret poll through the page and opens it.
    setup = page.locator(f"details:has(form[action='/conference/c/{conference.pk}/polls/new/'])")
    setup.locator("summary").click()
    form = setup.locator("form")
    form.locator("[name=kind]").select_option("motion")
    form.locator("[name=method]").select_option("secret")
    form.locator("[name=title]").fill(POLL_TITLE)
    form.locator("button").click()
    poll = Poll.objects.get(conference=conference, title=POLL_TITLE)
    page.wait_for_url(f"{url}/conference/poll/{poll.pk}/")
    page.locator("#open-poll").click()
    expect(page.locator("#turnout")).to_have_text(_turnout(0, quorum.needed))
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN and poll.present == quorum.needed

    # The first delegate keeps a second tab on the ballot, to try voting twice.
    first = phones(PHONES[0])
    second_tab = phones.watch(first.context.new_page())
    second_tab.goto(f"{url}/conference/poll/{poll.pk}/")
    expect(second_tab.locator("#ballot")).to_be_visible()

    receipts: dict[str, str] = {}
    for username, choice in zip(PHONES, PHONE_CHOICES, strict=True):
        phone = phones(username)
        phone.goto(f"{url}/conference/c/{conference.pk}/")
        phone.locator("#polls").get_by_role("link", name=POLL_TITLE).tap()
        phone.wait_for_url(f"{url}/conference/poll/{poll.pk}/")
        expect(phone.locator("#decision")).to_have_count(0)
        ballot = phone.locator("#ballot")
        ballot.locator(f"label:has(input[value={choice}])").tap()
        expect(ballot.locator(f"input[value={choice}]")).to_be_checked()
        _fits_the_screen(phone)
        ballot.locator("button").tap()
        receipt = phone.locator("#receipt-code")
        expect(receipt).to_have_text(re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){2}$"))
        receipts[username] = receipt.inner_text()
        expect(phone.locator("#voted")).to_be_visible()
        expect(phone.locator("#ballot")).to_have_count(0)

    # The second ballot from the other tab is refused: the box keeps one per delegate.
    second_tab.locator("#ballot label:has(input[value=no])").tap()
    second_tab.locator("#ballot button").tap()
    expect(second_tab.locator("#vote-errors")).to_be_visible()  # “already voted”, in words
    expect(second_tab.locator("#voted")).to_be_visible()
    expect(second_tab.locator("#ballot")).to_have_count(0)
    expect(second_tab.locator("#receipt-code")).to_have_count(0)
    second_tab.close()
    assert Ballot.objects.filter(poll=poll).count() == len(PHONES)

    # Others vote from their own devices (through the services here, to keep the test short).
    present = [d.person for d in at_the_door if d.person_id != secretary.pk]
    for person in present[:MORE_YES]:
        services.vote(actor=person, poll=poll, choice="yes")
    services.vote(actor=present[MORE_YES], poll=poll, choice="abstain")
    cast = len(PHONES) + MORE_YES + 1
    yes = PHONE_CHOICES.count("yes") + MORE_YES

    # While open: how many voted, for everyone to see, never how.
    for watcher in (page, first):
        expect(watcher.locator("#turnout")).to_have_text(
            _turnout(cast, quorum.needed), timeout=POLL_TIMEOUT_MS
        )
        expect(watcher.locator("#decision")).to_have_count(0)
        expect(watcher.locator("#result")).to_have_count(0)
        expect(watcher.locator("#ballots")).to_have_count(0)

    page.locator("#close-poll").click()
    expect(page.locator("#decision")).to_be_visible()
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED and poll.adopted  # 21 of 40 present: more than half
    assert (poll.cast, poll.yes, poll.no, poll.abstain) == (cast, yes, 1, 1)

    # The delegates' pages reload by themselves when the poll closes and show the result.
    for username in PHONES:
        phone = phones(username)
        expect(phone.locator("#decision")).to_be_visible(timeout=POLL_TIMEOUT_MS)
        expect(phone.locator("#result [data-yes]")).to_have_text(str(yes))
        expect(phone.locator("#voted")).to_have_count(0)
        expect(phone.locator("#ballots li")).to_have_count(cast)
        _fits_the_screen(phone)

    # The first delegate opens the published box and finds their receipt counted.
    first.locator("details:has(#ballots) > summary").tap()
    expect(first.locator("#ballots")).to_be_visible()
    expect(first.locator("#recount")).to_contain_text(f": {yes}")
    check = first.locator(f"form[action='/conference/poll/{poll.pk}/receipt/']")
    check.locator("[name=code]").fill(receipts[PHONES[0]])
    check.locator("button").tap()
    expect(first.locator("#main .messages .success")).to_be_visible()
