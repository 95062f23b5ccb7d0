"""Where an app above the discussion tells it what it alone knows, without being imported.

The dependency order forbids `discussion` from importing reader accounts (`members`), yet a
signed-in reader's preference decides whether they get reply mail. `members` registers a
function here in its `AppConfig.ready()`; with nothing registered the discussion behaves as
before (reply mail only for those who ask under the article).
"""

_reply_mail_checks = []


def register_reply_mail_check(check):
    """`check(user) -> bool`: whether a signed-in author wants mail about replies by default."""
    if check not in _reply_mail_checks:
        _reply_mail_checks.append(check)
    return check


def wants_reply_mail(user):
    """Whether a signed-in reader gets reply mail without ticking a box under the article."""
    if user is None or not user.is_authenticated or not user.email:
        return False
    return any(check(user) for check in _reply_mail_checks)
