"""Sign-in through an OpenID Connect provider: authorization code flow with PKCE.

Written on PyJWT (MIT) rather than a whole client framework: the flow is short and every
check is visible here.

1. ``oidc_begin`` keeps a random ``state``, ``nonce`` and PKCE verifier in the session and
   sends the browser to the issuer's ``authorization_endpoint`` (from discovery).
2. ``oidc_complete`` takes the code back, checks ``state``, exchanges the code (with the PKCE
   verifier and the client secret) at the ``token_endpoint``, and accepts the ID token only if
   its signature verifies with a key from the issuer's JWKS (asymmetric algorithms only), and
   ``iss``, ``aud`` (and ``azp``), ``exp``/``iat`` and ``nonce`` are right.
3. The person is the ``ExternalIdentity`` (issuer, sub); a first visit creates a resident.

Only HTTPS endpoints are used, except on the loopback interface (a local test issuer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.models import User

SESSION_KEY = "motcua_oidc"
_DISCOVERY_TTL = 3600
_FLOW_TTL = 600  # seconds a started sign-in stays valid
_ALLOWED_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"}
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwk_clients: dict[str, jwt.PyJWKClient] = {}


class OidcError(Exception):
    """The provider's answer was refused; the message is for the person (Vietnamese)."""


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    claim_name: str
    claim_email: str
    claim_phone: str
    claim_personal_id: str


def oidc_settings() -> OidcSettings | None:
    """The configured provider, or None when OIDC sign-in is not set up."""
    issuer = settings.OIDC_ISSUER
    client_id = settings.OIDC_CLIENT_ID
    secret = settings.OIDC_CLIENT_SECRET
    if not (issuer and client_id and secret):
        return None
    return OidcSettings(
        issuer=issuer.rstrip("/"),
        client_id=client_id,
        client_secret=secret,
        scopes=settings.OIDC_SCOPES,
        claim_name=settings.OIDC_CLAIM_NAME,
        claim_email=settings.OIDC_CLAIM_EMAIL,
        claim_phone=settings.OIDC_CLAIM_PHONE,
        claim_personal_id=settings.OIDC_CLAIM_PERSONAL_ID,
    )


def oidc_enabled() -> bool:
    return oidc_settings() is not None


def _check_url(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "https":
        return url
    if parsed.scheme == "http":
        host = parsed.hostname or ""
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if loopback:
            return url
    raise OidcError(_("Địa chỉ của nhà cung cấp định danh không an toàn (cần HTTPS)."))


def _http_json(
    url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 - scheme checked by _check_url
        _check_url(url), data=body, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            payload = json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as exc:
        raise OidcError(
            _("Nhà cung cấp định danh từ chối yêu cầu (mã %(code)s).") % {"code": exc.code}
        ) from exc
    except (OSError, ValueError) as exc:
        raise OidcError(_("Không kết nối được nhà cung cấp định danh. Hãy thử lại sau.")) from exc
    if not isinstance(payload, dict):
        raise OidcError(_("Nhà cung cấp định danh trả lời không đúng định dạng."))
    return payload


def oidc_discovery(issuer: str) -> dict[str, Any]:
    cached = _discovery_cache.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_TTL:
        return cached[1]
    document = _http_json(f"{issuer}/.well-known/openid-configuration")
    if document.get("issuer", "").rstrip("/") != issuer:
        raise OidcError(_("Cấu hình của nhà cung cấp định danh không khớp địa chỉ đã khai."))
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not document.get(key):
            raise OidcError(_("Cấu hình của nhà cung cấp định danh thiếu %(key)s.") % {"key": key})
        _check_url(document[key])
    _discovery_cache[issuer] = (time.monotonic(), document)
    return document


def oidc_forget_cached() -> None:
    """Drop discovery documents and keys (after a configuration change; tests)."""
    _discovery_cache.clear()
    _jwk_clients.clear()


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def oidc_begin(request: HttpRequest, *, next_url: str = "") -> str:
    """Start a sign-in: remember state, nonce and verifier; return the authorization URL."""
    config = oidc_settings()
    if config is None:
        raise OidcError(_("Chưa cấu hình đăng nhập bằng tài khoản định danh điện tử."))
    discovery = oidc_discovery(config.issuer)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "started": time.time(),
    }
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": _redirect_uri(request),
            "scope": config.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
            "code_challenge_method": "S256",
        }
    )
    endpoint = discovery["authorization_endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _validate_id_token(
    token: str, *, config: OidcSettings, discovery: dict[str, Any], nonce: str
) -> dict[str, Any]:
    refused = _("Thẻ định danh (ID token) không hợp lệ nên không thể đăng nhập.")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise OidcError(refused) from exc
    algorithm = header.get("alg", "")
    offered = set(discovery.get("id_token_signing_alg_values_supported") or ["RS256"])
    if algorithm not in _ALLOWED_ALGORITHMS or algorithm not in offered:
        raise OidcError(refused)
    jwks_uri = discovery["jwks_uri"]
    client = _jwk_clients.get(jwks_uri)
    if client is None:
        client = jwt.PyJWKClient(_check_url(jwks_uri), cache_keys=True, timeout=10)
        _jwk_clients[jwks_uri] = client
    try:
        key = client.get_signing_key_from_jwt(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            audience=config.client_id,
            issuer=discovery["issuer"],
            leeway=60,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise OidcError(refused) from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OidcError(refused)
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(refused)
    return claims


def oidc_complete(request: HttpRequest) -> tuple[User, str]:
    """Finish a sign-in from the callback request; returns the user and the next URL."""
    from motcua.accounts.services import resident_from_external_identity

    config = oidc_settings()
    flow = request.session.pop(SESSION_KEY, None)
    if config is None or not isinstance(flow, dict):
        raise OidcError(_("Phiên đăng nhập đã hết hạn. Hãy bấm đăng nhập lại."))
    if request.GET.get("error"):
        raise OidcError(
            _("Nhà cung cấp định danh không cho phép đăng nhập (%(error)s).")
            % {"error": request.GET.get("error_description") or request.GET["error"]}
        )
    state = request.GET.get("state", "")
    if not hmac.compare_digest(state, flow.get("state", "")) or not state:
        raise OidcError(_("Phiên đăng nhập không khớp. Hãy bấm đăng nhập lại."))
    if time.time() - float(flow.get("started", 0)) > _FLOW_TTL:
        raise OidcError(_("Phiên đăng nhập đã hết hạn. Hãy bấm đăng nhập lại."))
    code = request.GET.get("code", "")
    if not code:
        raise OidcError(_("Thiếu mã xác thực từ nhà cung cấp định danh. Hãy thử lại."))
    discovery = oidc_discovery(config.issuer)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": _redirect_uri(request),
        "code_verifier": flow["verifier"],
    }
    headers: dict[str, str] = {}
    methods = discovery.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in methods:
        pair = (
            f"{urllib.parse.quote(config.client_id, safe='')}:"
            f"{urllib.parse.quote(config.client_secret, safe='')}"
        )
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    else:
        form["client_id"] = config.client_id
        form["client_secret"] = config.client_secret
    tokens = _http_json(discovery["token_endpoint"], data=form, headers=headers)
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise OidcError(_("Nhà cung cấp định danh không trả thẻ định danh (ID token)."))
    claims = _validate_id_token(id_token, config=config, discovery=discovery, nonce=flow["nonce"])
    userinfo_endpoint = discovery.get("userinfo_endpoint")
    access_token = tokens.get("access_token")
    if userinfo_endpoint and isinstance(access_token, str):
        try:
            extra = _http_json(
                userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"}
            )
        except OidcError:
            extra = {}
        if extra.get("sub") == claims["sub"]:  # never mix in someone else's claims
            claims = {**extra, **claims}
    user = resident_from_external_identity(
        issuer=discovery["issuer"],
        subject=str(claims["sub"]),
        full_name=_claim(claims, config.claim_name),
        email=_claim(claims, config.claim_email),
        phone=_claim(claims, config.claim_phone),
        personal_id=_claim(claims, config.claim_personal_id),
    )
    return user, str(flow.get("next") or "")


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    return value.strip() if isinstance(value, str) else ""
