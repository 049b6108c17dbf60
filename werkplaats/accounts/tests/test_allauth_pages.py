"""django-allauth's pages in the site's layout, in Dutch; the coordinators' group and roles."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.network.permissions import is_coordinator

from .factories import StaffCoordinatorFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "<h1>Inloggen</h1>"),
        ("account_reset_password", "Nieuw wachtwoord"),
        ("account_reset_password_done", "Nieuw wachtwoord"),
        ("account_signup", "Meedoen gaat op uitnodiging"),
    ],
)
def test_entrance_pages_use_the_site_layout_in_dutch(client, url_name, heading):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="account-page"' in html
    assert heading in _main(response)


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_email", "E-mailadressen"),
        ("account_change_password", "Wachtwoord wijzigen"),
        ("account_logout", "Uitloggen"),
    ],
)
def test_manage_pages_use_the_site_layout_in_dutch(client, url_name, heading):
    client.force_login(VerifiedUserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert heading in _main(response)
    assert '<p class="meta"><a href="/mijn/">Mijn Werkplaats</a></p>' in response.content.decode()


def test_failed_sign_in_keeps_the_address_and_links_the_errors(client):
    response = client.post(
        reverse("account_login"), {"login": "iemand@example.org", "password": "fout"}
    )
    main = _main(response)
    assert 'id="form-errors"' in main
    assert "niet correct" in main
    assert 'value="iemand@example.org"' in main


def test_password_change_errors_are_linked_to_the_field(client):
    client.force_login(VerifiedUserFactory())
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "fout", "password1": "kort", "password2": "kort"},
    )
    main = _main(response)
    assert 'aria-invalid="true"' in main
    assert 'aria-describedby="id_oldpassword_help id_oldpassword_error"' in main
    assert '<a href="#id_oldpassword">' in main


def test_sign_in_names_the_user_not_the_generated_user_name(client):
    user = VerifiedUserFactory(first_name="Sanne", last_name="de Vries")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "geheim-wachtwoord"},
        follow=True,
    )
    content = response.content.decode()
    assert "Sanne de Vries" in content
    assert user.username not in content


def test_coordinators_group_makes_a_coordinator_with_wagtail_admin_access(client):
    group = Group.objects.get(name=COORDINATORS_GROUP)
    assert group.permissions.filter(codename="access_admin").exists()
    coordinator = StaffCoordinatorFactory()
    assert is_coordinator(coordinator)
    client.force_login(coordinator)
    assert client.get("/beheer/").status_code == 200


def test_members_are_not_coordinators(client):
    user = VerifiedUserFactory()
    assert not is_coordinator(user)
    client.force_login(user)
    assert client.get("/beheer/").status_code == 302


def test_email_confirmation_page_is_dutch(client):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    user = VerifiedUserFactory()
    address = EmailAddress.objects.create(user=user, email="tweede@example.org")
    response = client.get(
        reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    )
    assert response.status_code == 200
    main = _main(response)
    assert "Bevestig e-mailadres" in main
    assert "tweede@example.org" in main


def test_verification_sent_page_is_dutch(client, settings):
    settings.OPEN_SIGNUP = True
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Kees",
            "last_name": "Jansen",
            "email": "kees@example.org",
            "password1": "Zomer-in-Dordrecht-42",
            "password2": "Zomer-in-Dordrecht-42",
        },
        follow=True,
    )
    main = _main(response)
    assert "Verifieer je e-mailadres" in main
    assert 'class="site-header"' in response.content.decode()


def test_signup_form_asks_for_a_name_and_keeps_input(client, settings):
    settings.OPEN_SIGNUP = True
    response = client.post(
        reverse("account_signup"),
        {"first_name": "", "last_name": "Jansen", "email": "kees@example.org"},
    )
    main = _main(response)
    assert "Vul “Voornaam” in." in main
    assert 'value="Jansen"' in main
    assert 'value="kees@example.org"' in main


def test_email_page_summarises_an_add_error_once(client):
    client.force_login(VerifiedUserFactory())
    response = client.post(reverse("account_email"), {"action_add": "", "email": "geen-adres"})
    main = _main(response)
    assert main.count('id="form-errors"') == 1
    assert 'value="geen-adres"' in main


def test_english_interface_when_chosen(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("account_login"))
    assert "<h1>Sign in</h1>" in _main(response)
    client.force_login(VerifiedUserFactory(first_name="Sanne"))
    assert "Welcome, Sanne" in client.get("/mijn/").content.decode()
