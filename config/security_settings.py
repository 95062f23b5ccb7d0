"""Sign-in, client IP and rate limits, part of config/settings.py.

settings.py imports everything here; it is its own file only because settings.py is at the
400-line limit. Every variable read here is in .env.example and the README
(tests/test_settings.py reads this file too).
"""

import os
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from config.env import env_int

# Rate limits count in the default cache (Redis, shared, with REDIS_URL). django-ratelimit's
# check refuses local memory (per process); the embedded default is one process, so silencing
# exactly those two checks without Redis is safe.
RATELIMIT_USE_CACHE = "default"
# The reader's IP (rate limits, bans, vote flags, login lockouts): REMOTE_ADDR with 0 hops;
# behind N proxies that each append to X-Forwarded-For, the Nth address from its right, the
# one our own outermost proxy saw (core.http.client_ip). Never a header a client picks.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
if "CLIENT_IP_HEADER" in os.environ:
    # Silently ignoring the old variable would put every reader behind one proxy address.
    raise ImproperlyConfigured(
        "CLIENT_IP_HEADER is no longer read: set TRUSTED_PROXY_HOPS to the number of proxies "
        "in front of the app (1 for one proxy appending to X-Forwarded-For)."
    )
RATELIMIT_IP_META_KEY = "core.http.ratelimit_ip"
# Requests one IP may make to the read API and oEmbed together, as django-ratelimit writes a
# rate ("120/m": 120 a minute); past it they answer 429 with Retry-After.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")

# Argon2 for new and re-saved passwords; the others still verify older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login throttling (django-axes, counted in the database: the same with or without Redis):
# LOGIN_FAILURE_LIMIT wrong passwords for a username from one IP lock that pair out (429) for
# LOGIN_COOLOFF_MINUTES; unknown usernames too (no one learns who exists). Over the same window,
# core.login_throttle adds wider limits, each pausing sign-in from addresses the username has
# never signed in from (0 turns one off): wrong passwords for one username from any address,
# from one address for any username, and on the whole site.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Readers sign in with a code sent by mail (django-allauth, /accounts/); no password of
    # theirs exists, so axes (which guards the admin's password form) has nothing to count.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
# The admin also takes an account's address as its username, in any case: counted as one.
AXES_USERNAME_CALLABLE = "core.login_throttle.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "core.login_throttle.LoginThrottle"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
LOGIN_FAILURE_LIMIT_PER_USERNAME = env_int("LOGIN_FAILURE_LIMIT_PER_USERNAME", 10)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
LOGIN_FAILURE_LIMIT_SITE = env_int("LOGIN_FAILURE_LIMIT_SITE", 100)

# Reader accounts (django-allauth, members/): email only, no passwords, a one-time code by
# mail to sign up and to sign in. Every mail goes through the outbox and its budget
# (members/adapter.py). A reader account never has staff rights (members.services).
ACCOUNT_ADAPTER = "members.adapter.ReaderAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
# A staff address asking for a code gets nothing: staff sign in at the admin.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = env_int("LOGIN_CODE_MINUTES", 10) * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_FORMS = {"request_login_code": "members.forms.ReaderLoginCodeForm"}
# Code requests are counted by Marquee's own limit (members/limits.py: per client IP, falling
# back to the outbox's rows when the cache is down) and the outbox's mail budget (per address
# and per IP). allauth's duplicate of it only counts in the cache, and with Redis down it
# refuses every reader ("Too many failed login attempts"), so it is off. Its other limits stay,
# counted by the same client IP (ReaderAccountAdapter.get_client_ip).
ACCOUNT_RATE_LIMITS = {"request_login_code": None}
LOGIN_REDIRECT_URL = "/accounts/profile/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
