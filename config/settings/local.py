"""Development and demo: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)

# The demo writes e-mails to files under var/sent-email/ (one file per message) unless told otherwise.
if not env("EMAIL_URL", default="") and env("EMAIL_PROVIDER", default="smtp") == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "sent-email"))
