"""Django settings for motcua. Every value comes from the environment (see docs/settings.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.core.env import env_bool, env_int, env_list, env_optional, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(
    env_str(
        "MOTCUA_VAR_DIR",
        str(BASE_DIR / "var"),
        "Folder for the SQLite database, "
        "the generated development secret key and (by default) uploaded files.",
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

# pytest (8.2+) exports PYTEST_VERSION for the whole session.
TESTING = "PYTEST_VERSION" in os.environ

DEBUG = env_bool("DEBUG", False, "Development mode: detailed error pages. Never on in production.")


def _secret_key() -> str:
    configured = env_optional(
        "SECRET_KEY",
        "Cryptographic signing key. Required when DEBUG is off; in development a key is "
        "generated once into MOTCUA_VAR_DIR/secret_key and kept out of git.",
    )
    if configured:
        return configured
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the server refuses to start without a real "
            "key: export SECRET_KEY=<50+ random characters>."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "Host names this site answers to."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [], "Origins (scheme://host) trusted for POSTs behind a proxy."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.organizations",
    "motcua.documents",
    "motcua.notifications",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.payments",
    "motcua.reform",
    "motcua.feedback",
    "motcua.processing",
    "motcua.delivery",
    "motcua.oversight",
    "motcua.portal",
    "motcua.desk",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = env_optional(
    "DATABASE_URL",
    "Database URL, e.g. postgres://user:pass@host:5432/motcua. Unset: an embedded SQLite "
    "database in MOTCUA_VAR_DIR (WAL mode, busy timeout), fine for a single ward.",
)
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue on the busy timeout instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Residents sign in with their e-mail address or phone number as well as the username.
    "motcua.accounts.backends.EmailOrPhoneBackend",
]
if TESTING:
    # Tests create many demo accounts; a deliberately slow hasher would dominate their time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "vi", "Default language of the interface (vi or en).")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = env_str(
    "TIME_ZONE", "Asia/Ho_Chi_Minh", "Time zone in which times are shown and the clock counts."
)
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(
    env_str("STATIC_ROOT", str(VAR_DIR / "static"), "Where collectstatic gathers static files.")
)
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from the npm registry (package.json), never from a CDN: government
# networks are often closed.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(
    env_str("MEDIA_ROOT", str(VAR_DIR / "media"), "Where uploaded and generated files are kept.")
)

# --- E-mail ---------------------------------------------------------------------------------


def _email_settings(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme in {"smtp", "smtps", "smtp+tls"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {parsed.scheme!r} is not supported: use console://, locmem://, "
        "smtp://host:port, smtp+tls://user:pass@host:587 or smtps://user:pass@host:465."
    )


globals().update(
    _email_settings(
        env_str(
            "EMAIL_URL",
            "console://",
            "Where e-mail goes: console:// (printed), smtp://host:25, "
            "smtp+tls://user:pass@host:587 or smtps://user:pass@host:465.",
        )
    )
)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "motcua@localhost", "Sender address of notifications."
)

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool(
                "TASKS_IMMEDIATE",
                False,
                "Run background tasks inline instead of queueing them (tests, tiny sites).",
            )
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "One-stop administrative procedures: catalogue, dossiers, clock, oversight.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets come from our own static files (npm package swagger-ui-dist).
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/motcua/favicon.svg",
    # One schema name per choice set shared by several fields.
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "motcua.dossiers.constants.Status",
        "ProcessingTimelinessEnum": "motcua.processing.constants.TimelinessChoice",
        "ProcessingStateEnum": "motcua.processing.constants.ProcessState",
        "ProcessingStepStateEnum": "motcua.processing.constants.StepState",
        "ProcessingResultStateEnum": "motcua.processing.constants.ResultState",
        "ProcessingResultSourceEnum": "motcua.processing.constants.ResultSource",
        "HandoverKindEnum": "motcua.processing.constants.HandoverKind",
        "ProcessingRiskEnum": "motcua.processing.constants.Risk",
        "InterAgencyEnum": "motcua.processing.constants.InterAgency",
        "DossierChannelEnum": "motcua.dossiers.constants.Channel",
        "DeskChannelEnum": "motcua.dossiers.constants.DESK_CHANNELS",
        "ApplicantKindEnum": "motcua.dossiers.constants.ApplicantKind",
        "DossierFileSourceEnum": "motcua.dossiers.constants.FileSource",
        "AgencyKindEnum": "motcua.organizations.constants.AgencyKind",
        "TimeUnitEnum": "motcua.catalog.constants.TimeUnit",
        "FeeKindEnum": "motcua.catalog.constants.FeeKind",
        "VersionStatusEnum": "motcua.catalog.constants.VersionStatus",
        "ImportStatusEnum": "motcua.catalog.constants.ImportStatus",
        "OutboxStatusEnum": "motcua.notifications.constants.OutboxStatus",
        "ConsentPurposeEnum": "motcua.accounts.constants.ConsentPurpose",
        "PaymentStatusEnum": "motcua.payments.constants.PaymentStatus",
        "PaymentMethodEnum": "motcua.payments.constants.Method",
        "DossierPaymentStateEnum": "motcua.payments.constants.DossierPaymentState",
        "StatementStatusEnum": "motcua.payments.constants.StatementStatus",
        "StatementLineStatusEnum": "motcua.payments.constants.LineStatus",
        "ProcedureLevelEnum": "motcua.catalog.constants.Level",
        # Reform workspace
        "ReformPlanStatusEnum": "motcua.reform.constants.PlanStatus",
        "ReformAreaEnum": "motcua.reform.constants.ReformArea",
        "ReformTaskStatusEnum": "motcua.reform.constants.TaskStatus",
        "InspectionKindEnum": "motcua.reform.constants.InspectionKind",
        "InspectionStatusEnum": "motcua.reform.constants.InspectionStatus",
        "FindingSeverityEnum": "motcua.reform.constants.FindingSeverity",
        "InspectionTeamRoleEnum": "motcua.reform.constants.TeamRole",
        "FollowUpStatusEnum": "motcua.reform.constants.FollowUpStatus",
        "RecommendationSourceEnum": "motcua.reform.constants.RecommendationSource",
        "RecommendationStatusEnum": "motcua.reform.constants.RecommendationStatus",
        "RecommendationDeadlineModeEnum": "motcua.reform.constants.DeadlineMode",
        "RotationReasonEnum": "motcua.reform.constants.RotationReason",
        "SupportTeamKindEnum": "motcua.reform.constants.SupportTeamKind",
        "SupportMemberRoleEnum": "motcua.reform.constants.SupportMemberRole",
        "OfficeProjectLevelEnum": "motcua.reform.constants.ProjectLevel",
        "OfficeProjectKindEnum": "motcua.reform.constants.ProjectKind",
        "ReviewOutcomeEnum": "motcua.reform.constants.ReviewOutcome",
        "LimitProposalStatusEnum": "motcua.reform.constants.ProposalStatus",
        "IndexAssessmentStatusEnum": "motcua.reform.constants.AssessmentStatus",
        "CoreDatabaseKindEnum": "motcua.reform.constants.DatabaseKind",
        "SupervisionReportStatusEnum": "motcua.reform.constants.ReportStatus",
        "ReformAttachmentKindEnum": "motcua.reform.constants.AttachmentKind",
        "FeedbackStatusEnum": "motcua.feedback.constants.Status",
        "FeedbackKindEnum": "motcua.feedback.constants.Kind",
        "FeedbackCategoryEnum": "motcua.feedback.constants.Category",
        "FeedbackSubjectEnum": "motcua.feedback.constants.Subject",
        "FeedbackRefusalReasonEnum": "motcua.feedback.constants.RefusalReason",
        "FeedbackRatingEnum": "motcua.feedback.constants.Rating",
        "FeedbackEventKindEnum": "motcua.feedback.constants.EventKind",
        "FeedbackDueKindEnum": "motcua.feedback.constants.DueKind",
    },
}
STATICFILES_DIRS.append(("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"))

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES",
    True,
    "Send session and CSRF cookies over HTTPS only. Always off while DEBUG is on.",
) and not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- The product ----------------------------------------------------------------------------
MOTCUA_SITE_NAME = env_str(
    "MOTCUA_SITE_NAME",
    "Cổng dịch vụ công một cửa",
    "Name of the service shown in the page header and on documents.",
)
MOTCUA_DEFAULT_AGENCY = env_optional(
    "MOTCUA_DEFAULT_AGENCY",
    "Code of the agency whose calendar the clock uses when none is given.",
)
MOTCUA_AT_RISK_WORKING_HOURS = env_int(
    "MOTCUA_AT_RISK_WORKING_HOURS",
    8,
    "Working hours before a due instant from which work is shown as at risk.",
)

# --- Files, slips and notifications -----------------------------------------------------------
MOTCUA_UPLOAD_MAX_BYTES = env_int(
    "MOTCUA_UPLOAD_MAX_BYTES",
    10 * 1024 * 1024,
    "Largest file accepted for upload, in bytes (default 10 MiB). Set the web server's request "
    "body limit (nginx client_max_body_size) a little above it.",
)
MOTCUA_PDF_MAX_PAGES = env_int("MOTCUA_PDF_MAX_PAGES", 500, "Most pages an uploaded PDF may have.")
MOTCUA_NOTIFICATION_CHANNELS = env_list(
    "MOTCUA_NOTIFICATION_CHANNELS",
    ["motcua.notifications.channels.EmailChannel"],
    "Dotted paths of the notification channel classes (each has a name and send(message)); "
    "add an SMS or chat provider here (docs/notifications.md).",
)
MOTCUA_NOTIFY_MAX_ATTEMPTS = env_int(
    "MOTCUA_NOTIFY_MAX_ATTEMPTS",
    5,
    "Sending attempts of one notification before it is marked failed for good.",
)
MOTCUA_NOTIFY_RETRY_SECONDS = env_int(
    "MOTCUA_NOTIFY_RETRY_SECONDS",
    300,
    "Wait before the first retry of a failed notification; doubled at each further attempt.",
)

# --- Feedback (phản ánh, kiến nghị) ---------------------------------------------------------
MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS = env_int(
    "MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS",
    1,
    "A feedback case is shown and reminded as at risk when its current limit falls within "
    "this many working days (1: due by the close of the next working day).",
)
MOTCUA_FEEDBACK_TRACKING_ATTEMPTS = env_int(
    "MOTCUA_FEEDBACK_TRACKING_ATTEMPTS",
    10,
    "Wrong tracking secrets accepted per feedback code and client address in 15 minutes "
    "before further attempts are refused.",
)

# --- Dossier intake -------------------------------------------------------------------------
MOTCUA_PUBLIC_URL = env_str(
    "MOTCUA_PUBLIC_URL",
    "http://127.0.0.1:8000",
    "Public address of the site (scheme://host), used in links sent by e-mail and in the QR "
    "code printed on slip 01.",
)
MOTCUA_DOSSIER_FILE_MAX_BYTES = env_int(
    "MOTCUA_DOSSIER_FILE_MAX_BYTES",
    10 * 1024 * 1024,
    "Largest file accepted as a dossier document (upload or desk scan), in bytes.",
)
MOTCUA_DOSSIER_FILES_PER_COMPONENT = env_int(
    "MOTCUA_DOSSIER_FILES_PER_COMPONENT",
    10,
    "Most files one component of a dossier may have (e.g. pages photographed one by one).",
)
MOTCUA_TRACKING_RATE_PER_MINUTE = env_int(
    "MOTCUA_TRACKING_RATE_PER_MINUTE",
    30,
    "Public tracking look-ups allowed per client address and minute (then 429). Counted in "
    "the cache: per process with the default local-memory cache.",
)

# --- Back-office processing ----------------------------------------------------------------
MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS = env_int(
    "MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS",
    1,
    "A processing step or dossier is shown and reminded as at risk when its due instant falls "
    "within this many working days (1: due by the close of the next working day).",
)

# --- Resident accounts and sign-in --------------------------------------------------------------
MOTCUA_SIGNIN_MAX_FAILURES = env_int(
    "MOTCUA_SIGNIN_MAX_FAILURES",
    10,
    "Failed sign-ins allowed per identifier and client address before sign-in is refused "
    "for the rest of the window. Counted in the cache: use a shared cache with many workers.",
)
MOTCUA_SIGNIN_WINDOW_MINUTES = env_int(
    "MOTCUA_SIGNIN_WINDOW_MINUTES", 15, "Length of the failed sign-in window, in minutes."
)
OIDC_ISSUER = env_optional(
    "OIDC_ISSUER",
    "OpenID Connect issuer URL (e.g. the national e-identity provider). With OIDC_CLIENT_ID "
    "and OIDC_CLIENT_SECRET it adds 'Đăng nhập bằng tài khoản định danh điện tử' to the "
    "sign-in page; discovery is read from <issuer>/.well-known/openid-configuration.",
)
OIDC_CLIENT_ID = env_optional("OIDC_CLIENT_ID", "Client id registered at the OIDC issuer.")
OIDC_CLIENT_SECRET = env_optional(
    "OIDC_CLIENT_SECRET", "Client secret registered at the OIDC issuer."
)
OIDC_SCOPES = env_str(
    "OIDC_SCOPES", "openid profile email phone", "Scopes asked of the OIDC issuer."
)
OIDC_CLAIM_NAME = env_str("OIDC_CLAIM_NAME", "name", "Claim holding the person's full name.")
OIDC_CLAIM_EMAIL = env_str("OIDC_CLAIM_EMAIL", "email", "Claim holding the e-mail address.")
OIDC_CLAIM_PHONE = env_str("OIDC_CLAIM_PHONE", "phone_number", "Claim holding the phone number.")
OIDC_CLAIM_PERSONAL_ID = env_str(
    "OIDC_CLAIM_PERSONAL_ID",
    "personal_id",
    "Claim holding the 12-digit personal ID number (CCCD), when the issuer releases it.",
)

# --- Signed electronic results -------------------------------------------------------------
MOTCUA_SIGNING_KEY = env_list(
    "MOTCUA_SIGNING_KEY",
    [],
    "Secrets from which the key that encrypts stored PKCS#12 bundles is derived; the first "
    "encrypts, every one decrypts (add the new secret first, run 'manage.py "
    "signing_rotate_key', then drop the old). Empty: derived from SECRET_KEY and "
    "SECRET_KEY_FALLBACKS.",
)
MOTCUA_TSA_URL = env_optional(
    "MOTCUA_TSA_URL",
    "RFC 3161 time-stamping authority URL. Set: results are signed PAdES B-T (the TSA vouches "
    "for the signing time). Unset: PAdES B-B and no network access while signing.",
)
MOTCUA_TRUST_ROOTS = env_optional(
    "MOTCUA_TRUST_ROOTS",
    "Path to a PEM file of extra CA certificates trusted when verifying results (e.g. the "
    "national root CA), besides the issuers of the agencies' registered certificates.",
)
MOTCUA_PKCS11_MODULE = env_optional(
    "MOTCUA_PKCS11_MODULE",
    "Path to a PKCS#11 library (HSM or USB token driver). Set: results are signed on the "
    "token, with the key labelled per agency (MOTCUA_PKCS11_KEY_LABEL), instead of the "
    "stored PKCS#12 bundle.",
)
MOTCUA_PKCS11_TOKEN_LABEL = env_optional(
    "MOTCUA_PKCS11_TOKEN_LABEL", "Label of the PKCS#11 token to use (or set MOTCUA_PKCS11_SLOT)."
)
MOTCUA_PKCS11_SLOT = env_optional(
    "MOTCUA_PKCS11_SLOT", "Slot number of the PKCS#11 token, when it is not found by label."
)
MOTCUA_PKCS11_PIN = env_optional(
    "MOTCUA_PKCS11_PIN", "User PIN of the PKCS#11 token (keep it in a secret store)."
)
MOTCUA_PKCS11_KEY_LABEL = env_str(
    "MOTCUA_PKCS11_KEY_LABEL",
    "{agency}",
    "Label of the signing key and certificate on the token; '{agency}' is replaced by the "
    "agency code, so one token can hold the keys of several agencies.",
)

# --- Feedback (phản ánh, kiến nghị) ---------------------------------------------------------
MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS = env_int(
    "MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS",
    1,
    "A feedback case is shown and reminded as at risk when its current limit falls within "
    "this many working days (1: due by the close of the next working day).",
)
MOTCUA_FEEDBACK_TRACKING_ATTEMPTS = env_int(
    "MOTCUA_FEEDBACK_TRACKING_ATTEMPTS",
    10,
    "Wrong tracking secrets accepted per feedback code and client address in 15 minutes "
    "before further attempts are refused.",
)

# --- Fees and online payment ----------------------------------------------------------------
MOTCUA_PAYMENT_GATEWAY_TIMEOUT_MINUTES = env_int(
    "MOTCUA_PAYMENT_GATEWAY_TIMEOUT_MINUTES",
    30,
    "Minutes a payment started at a gateway may stay pending; then 'manage.py payments_expire' "
    "marks it expired (a late success notice still confirms it: the money was taken).",
)
MOTCUA_PAYMENT_QR_VALID_HOURS = env_int(
    "MOTCUA_PAYMENT_QR_VALID_HOURS",
    72,
    "Hours a VietQR transfer code stays valid before it expires (a transfer that still "
    "arrives is matched by reconciliation).",
)
MOTCUA_SANDBOX_GATEWAY_ENABLED = (
    env_bool(
        "MOTCUA_SANDBOX_GATEWAY_ENABLED",
        False,
        "Offer the sandbox (test) payment gateway at /cong-thanh-toan-thu-nghiem/, where no money "
        "moves. Always on while DEBUG is on or under tests; never enable it in production.",
    )
    or DEBUG
    or TESTING
)
MOTCUA_SANDBOX_GATEWAY_SECRET = env_str(
    "MOTCUA_SANDBOX_GATEWAY_SECRET",
    "",
    "Shared secret of the sandbox gateway: HMAC-SHA512 key of its signed requests, results "
    "and notices. Empty: derived from SECRET_KEY.",
)
MOTCUA_SANDBOX_GATEWAY_MERCHANT = env_str(
    "MOTCUA_SANDBOX_GATEWAY_MERCHANT",
    "MOTCUA01",
    "Merchant (terminal) code the site uses with the sandbox gateway.",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO", "Log level.")},
}

# Serve static files straight from the finders in development and tests (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
