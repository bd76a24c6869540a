"""Sign-in through an OpenID Connect provider, end to end against a small issuer run here."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from motcua.accounts.models import ExternalIdentity, User
from motcua.accounts.oidc import oidc_forget_cached

pytestmark = pytest.mark.django_db
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "s3cret-of-the-client"


class FakeIssuer:
    """Discovery, an authorize endpoint that consents at once, a token endpoint, JWKS."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "key-1"
        self.mode = "ok"
        self.claims: dict[str, Any] = {
            "sub": "vneid-0001",
            "name": "Phạm Thu Trang",
            "email": "trang@example.vn",
            "phone_number": "+84 983 111 222",
            "personal_id": "001195012345",
        }
        self.codes: dict[str, dict[str, str]] = {}
        self.token_requests: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def id_token(self, request: dict[str, str]) -> str:
        now = int(time.time())
        payload = {
            **self.claims,
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": request["nonce"],
        }
        if self.mode == "wrong_nonce":
            payload["nonce"] = "not-the-nonce"
        if self.mode == "wrong_audience":
            payload["aud"] = "another-client"
        if self.mode == "expired":
            payload["iat"], payload["exp"] = now - 7200, now - 3600
        signing_key = self.key
        if self.mode == "other_key":
            signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = jwt.encode(payload, signing_key, algorithm="RS256", headers={"kid": self.kid})
        if self.mode == "tampered":
            header, body, signature = token.split(".")
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            claims["sub"] = "someone-else"
            forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            token = f"{header}.{forged}.{signature}"
        return token

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    self._json(
                        200,
                        {
                            "issuer": issuer.url,
                            "authorization_endpoint": f"{issuer.url}/authorize",
                            "token_endpoint": f"{issuer.url}/token",
                            "jwks_uri": f"{issuer.url}/jwks",
                            "response_types_supported": ["code"],
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                            "code_challenge_methods_supported": ["S256"],
                        },
                    )
                elif url.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(issuer.key.public_key()))
                    self._json(200, {"keys": [{**jwk, "kid": issuer.kid, "use": "sig"}]})
                elif url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    issuer.codes[code] = query
                    target = (
                        query["redirect_uri"]
                        + "?"
                        + urllib.parse.urlencode({"code": code, "state": query["state"]})
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                issuer.token_requests.append(form)
                expected = (
                    "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                )
                if self.headers.get("Authorization") != expected:
                    self._json(401, {"error": "invalid_client"})
                    return
                request = issuer.codes.pop(form.get("code", ""), None)
                if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                    self._json(400, {"error": "invalid_grant"})
                    return
                challenge = (
                    base64.urlsafe_b64encode(
                        hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    )
                    .rstrip(b"=")
                    .decode()
                )
                if challenge != request["code_challenge"]:
                    self._json(400, {"error": "invalid_grant", "error_description": "pkce"})
                    return
                self._json(
                    200,
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": issuer.id_token(request),
                    },
                )

        return Handler


@pytest.fixture
def issuer(settings) -> Any:
    fake = FakeIssuer()
    fake.thread.start()
    settings.OIDC_ISSUER = fake.url
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    oidc_forget_cached()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    oidc_forget_cached()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def run_flow(client: Any) -> Any:
    """Browser steps: our start URL → issuer's authorize → back to our callback."""
    start = client.get(reverse("accounts:oidc_start"))
    assert start.status_code == 302
    authorize_url = start["Location"]
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(authorize_url, timeout=5)
    callback = urllib.parse.urlsplit(redirect.value.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_sign_in_button_shows_only_when_configured(client, settings):
    settings.OIDC_ISSUER = None
    assert (
        "tài khoản định danh điện tử" not in client.get(reverse("accounts:login")).content.decode()
    )
    settings.OIDC_ISSUER = "https://id.example.vn"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập bằng tài khoản định danh điện tử" in page


def test_first_sign_in_creates_a_resident_from_the_claims(client, issuer):
    # When a person signs in through the provider for the first time
    response = run_flow(client)
    # Then they land on their profile, signed in as a new resident filled from the claims
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    identity = ExternalIdentity.objects.get(issuer=issuer.url, subject="vneid-0001")
    user = identity.user
    assert user.is_resident
    assert (user.full_name, user.email, user.phone, user.personal_id) == (
        "Phạm Thu Trang",
        "trang@example.vn",
        "0983111222",
        "001195012345",
    )
    assert not user.has_usable_password()
    assert "Phạm Thu Trang" in client.get(reverse("accounts:profile")).content.decode()
    # And the authorization request used PKCE (S256) and the token request the verifier
    [token_request] = issuer.token_requests
    assert token_request["grant_type"] == "authorization_code"
    assert len(token_request["code_verifier"]) >= 43


def test_second_sign_in_finds_the_same_resident_by_subject(client, issuer):
    run_flow(client)
    client.logout()
    issuer.claims["name"] = "Tên khác"
    response = run_flow(client)
    assert response.status_code == 302
    assert User.objects.filter(is_resident=True).count() == 1
    # What the resident already had is kept
    assert User.objects.get().full_name == "Phạm Thu Trang"


def test_claims_taken_by_another_account_are_left_out(client, issuer):
    User.objects.create(username="khac", email="trang@example.vn", personal_id="001195012345")
    run_flow(client)
    user = ExternalIdentity.objects.get().user
    assert user.email == ""
    assert user.personal_id is None
    assert user.phone == "0983111222"


@pytest.mark.parametrize(
    "mode", ["tampered", "wrong_nonce", "wrong_audience", "expired", "other_key"]
)
def test_bad_id_tokens_are_refused(client, issuer, mode):
    # Given a provider that answers with a token that must not be trusted
    issuer.mode = mode
    # When the person comes back from it
    response = run_flow(client)
    # Then nobody is signed in or created, and the sign-in page explains
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not ExternalIdentity.objects.exists()
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:login")).content.decode()
    assert "không thành công" in page
    assert "ID token" in page


def test_callback_with_a_forged_state_is_refused(client, issuer):
    client.get(reverse("accounts:oidc_start"))
    response = client.get(reverse("accounts:oidc_callback") + "?code=abc&state=forged")
    assert response["Location"] == reverse("accounts:login")
    assert not ExternalIdentity.objects.exists()


def test_callback_without_a_started_flow_is_refused(client, issuer):
    response = client.get(reverse("accounts:oidc_callback") + "?code=abc&state=x")
    assert response["Location"] == reverse("accounts:login")
