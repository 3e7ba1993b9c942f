"""Settings shared by every environment.

Every value that differs between machines is read from an environment variable here, in
one place (see the README's table of variables). Defaults are safe for development:
SQLite under ``var/`` and a per-checkout random secret key that never enters the repo.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()


def _development_secret_key() -> str:
    """A random key kept in ``var/`` so sessions survive restarts but no key is committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None) or _development_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_q",
    "fostering.core",
    "fostering.geography",
    "fostering.organisations",
    "fostering.accounts",
    "fostering.register",
    "fostering.vacancies",
    "fostering.children",
    "fostering.referrals",
    "fostering.matching",
    "fostering.placements",
    "fostering.sufficiency",
    "fostering.costs",
    "fostering.enquiries",
    "fostering.exits",
    "fostering.homes",
    "fostering.interop",
    "fostering.experience",
    "fostering.support",
    "fostering.notifications",
    "fostering.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fostering.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lockout must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    # A lost database connection answers 503 with a sentence, not a 500 (fostering/core/middleware.py).
    "fostering.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fostering.core.context_processors.service",
                "fostering.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff roles verify a one-time code (TOTP) after their password. Always on in production;
# off by default in development and the demo so newcomers can sign in with the printed logins.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = "National Fostering Register"

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout (django-axes): five failed sign-ins for one username from one address lock it
# for an hour. Counted per username+IP so one attacker cannot lock out a whole office.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# GOV.UK Frontend from npm, served at the site root because its CSS asks for /assets/…
WHITENOISE_ROOT = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50

SERVICE_NAME = "National Fostering Register"

# Vacancy freshness (days since last confirmed): amber after, red after.
VACANCY_AMBER_AFTER_DAYS = env.int("VACANCY_AMBER_AFTER_DAYS", default=7)
VACANCY_RED_AFTER_DAYS = env.int("VACANCY_RED_AFTER_DAYS", default=14)
# Counts below this are shown as "fewer than 5" in every aggregate an analyst can reach.
SUPPRESSION_THRESHOLD = env.int("SUPPRESSION_THRESHOLD", default=5)

# Links in e-mails point here (no request to take the host from when the queue sends them).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
IDEMPOTENCY_KEEP_DAYS = env.int("IDEMPOTENCY_KEEP_DAYS", default=7)

# E-mail (fostering.notifications). EMAIL_PROVIDER=smtp sends through Django's SMTP backend
# configured by EMAIL_URL (smtp://user:password@host:587, smtp+tls://…, consolemail://,
# filemail:///path); EMAIL_PROVIDER=notify sends through GOV.UK Notify with NOTIFY_API_KEY and
# one e-mail template whose subject is ((subject)) and body ((body)) (NOTIFY_TEMPLATE_ID).
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="smtp")
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
if EMAIL_PROVIDER == "notify":
    EMAIL_BACKEND = "fostering.notifications.backends.NotifyEmailBackend"
elif EMAIL_PROVIDER != "smtp":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"EMAIL_PROVIDER must be smtp or notify, not {EMAIL_PROVIDER!r}.")
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_TEMPLATE_ID = env("NOTIFY_TEMPLATE_ID", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="National Fostering Register <notifications@fostering-register.invalid>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# The queue and scheduler (django-q2 with its ORM broker: the jobs live in the database, so
# the same worker runs on PostgreSQL and on the SQLite demo; see fostering/jobs). A task that
# raises is not acknowledged: the broker offers it again after QUEUE_RETRY_SECONDS, up to
# QUEUE_MAX_ATTEMPTS times, and the admin lists it under "Failed tasks".
Q_CLUSTER = {
    "name": "nfr",
    "orm": "default",
    "workers": env.int("QUEUE_WORKERS", default=1),
    "timeout": env.int("QUEUE_TIMEOUT_SECONDS", default=900),
    "retry": env.int("QUEUE_RETRY_SECONDS", default=1200),
    "max_attempts": env.int("QUEUE_MAX_ATTEMPTS", default=5),
    "ack_failures": False,
    "catch_up": False,
    "poll": env.float("QUEUE_POLL_SECONDS", default=1.0),
    "guard_cycle": env.float("QUEUE_GUARD_CYCLE_SECONDS", default=0.5),
    "save_limit": env.int("QUEUE_KEEP_SUCCESSES", default=1000),
    "queue_limit": 4,
    "recycle": 200,
    "label": "Queue and scheduled jobs",
    "sync": env.bool("QUEUE_SYNC", default=False),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # django-q2 logs each task it runs; keep that in the worker's output.
    "loggers": {"django-q": {"level": env("QUEUE_LOG_LEVEL", default="INFO"), "propagate": False, "handlers": ["console"]}},
}
