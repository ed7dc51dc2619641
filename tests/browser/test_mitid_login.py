"""A citizen logs in with MitID through an OpenID Connect broker: a real provider started by the test.

The provider is oidc-provider-mock, a small but complete OpenID Connect server (discovery, signed ID
tokens, JWKS, token and userinfo endpoints) run in a thread; allauth's `openid_connect` provider
talks to it over HTTP exactly as it would to a MitID broker.
"""

import copy
import re

import pytest
from playwright.sync_api import expect

from community.models import Role, User
from community.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KAREN = {
    "email": "karen.lund@example.dk",
    "email_verified": True,
    "given_name": "Karen",
    "family_name": "Lund",
    "name": "Karen Lund",
}


@pytest.fixture
def mitid(settings):
    """The MitID broker, with Karen as a person it knows, and the platform set up to use it."""
    import oidc_provider_mock

    karen = oidc_provider_mock.User(sub="mitid-karen", claims=KAREN)
    with oidc_provider_mock.run_server_in_thread(user_claims=[karen]) as server:
        url = f"http://localhost:{server.server_port}"
        app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"] | {
            "APPS": [
                {
                    "provider_id": "mitid",
                    "name": "MitID",
                    "client_id": "samskab-test",
                    "secret": "hemmelig-test",
                    "settings": {"server_url": url, "fetch_userinfo": True},
                }
            ]
        }
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": app}
        # As settings.py does for SAMSKAB_MITID_SERVER_URL: the log-in form may go on to the broker.
        csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        csp["DIRECTIVES"]["form-action"].append(url)
        settings.CONTENT_SECURITY_POLICY = csp
        yield url


def _log_in_with_mitid(page, live_server):
    # Tests have no network: whatever a page asks of another host (the test broker's own page
    # links a style sheet of its author's) is refused at once instead of waiting for a time-out.
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    page.goto(live_server.url)
    page.get_by_role("link", name="Log ind").first.click()
    page.get_by_role("button", name="Log ind med MitID").click()
    # The broker's page: the person proves who she is (here: picks herself) and is sent back.
    page.get_by_role("button", name="mitid-karen").click()


def test_a_citizen_logs_in_with_mitid_and_gets_a_citizen_account(page, live_server, mitid, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Eller log ind med MitID")).to_be_visible()
    axe(page)

    _log_in_with_mitid(page, live_server)

    expect(page.get_by_role("button", name="Log ud").first).to_be_visible()
    axe(page)
    karen = User.objects.get(email=KAREN["email"])
    assert (karen.first_name, karen.last_name) == ("Karen", "Lund")
    assert Role.objects.filter(user=karen, kind=Role.Kind.CITIZEN).exists()
    assert karen.emailaddress_set.get().verified

    # The next time, MitID logs her into the same account.
    page.get_by_role("button", name="Log ud").first.click()
    _log_in_with_mitid(page, live_server)
    expect(page.get_by_role("button", name="Log ud").first).to_be_visible()
    assert User.objects.filter(email=KAREN["email"]).count() == 1


def test_mitid_does_not_take_over_an_account_that_has_the_same_address(page, live_server, mitid):
    existing = UserFactory(email=KAREN["email"], first_name="Karen")

    _log_in_with_mitid(page, live_server)

    # Not logged in as the owner of the address. The page says what it says to anyone (a mail has
    # gone to the address), so it tells nobody whether the address has an account here.
    expect(page.get_by_role("heading", name="Bekræft din emailadresse")).to_be_visible()
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()
    assert not existing.socialaccount_set.exists()
    assert User.objects.filter(email=KAREN["email"]).count() == 1
