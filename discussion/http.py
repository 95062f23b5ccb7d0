"""Who is taking part, as the discussion reads it from the request.

The signed guest voter cookie (its name is in `core.http`, beside the other cookies that
make a page personal), and the session's memory of a browser's own comments and proven
email addresses. These read the request; the discussion's tables are read by `selectors`.
The client IP and absolute links are everyone's: `core.http`.
"""

import secrets

from core.http import VOTER_COOKIE

VOTER_SALT = "discussion.voter"
SESSION_KEY = "discussion_comments"
PROVEN_SESSION_KEY = "discussion_proven_emails"


# --------------------------------------------------------------------------- who is reading


def voter_key(request, *, guest_id=None):
    """ "u:<id>" for a signed-in reader, "g:<id>" from a signed cookie for a guest (or None).

    `guest_id` (from `new_guest_voter_id`) stands in for a guest whose cookie is not set yet.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    guest_id = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT) or guest_id
    return f"g:{guest_id}" if guest_id else None


def new_guest_voter_id(request):
    """A fresh id for a guest who votes or rates for the first time; None when one is known."""
    if voter_key(request) is not None:
        return None
    return secrets.token_urlsafe(16)


def set_voter_cookie(request, response, guest_id):
    """A guest's first vote or rating leaves the signed cookie that lets them change it later."""
    if guest_id:
        response.set_signed_cookie(
            VOTER_COOKIE,
            guest_id,
            salt=VOTER_SALT,
            max_age=365 * 24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def own_comment_ids(request):
    """Comments this browser posted (a guest's pending comment stays visible to its author)."""
    session = getattr(request, "session", None)
    return list(session.get(SESSION_KEY, [])) if session is not None else []


def remember_comment(request, comment):
    """The browser that posted a comment keeps seeing it while it waits for a moderator."""
    ids = own_comment_ids(request)
    ids.append(comment.pk)
    request.session[SESSION_KEY] = ids[-50:]


def proven_emails(request):
    """Guest addresses whose confirmation link was opened in this browser."""
    session = getattr(request, "session", None)
    return list(session.get(PROVEN_SESSION_KEY, [])) if session is not None else []


def remember_proven_email(request, email):
    """Opening a confirmation link lets this browser's next comments from that address in."""
    emails = [known for known in proven_emails(request) if known != email.lower()]
    emails.append(email.lower())
    request.session[PROVEN_SESSION_KEY] = emails[-10:]


def reader_identity(request):
    """Who is reading, as `selectors.reader_state()` takes it: user, voter key, own comments."""
    user = getattr(request, "user", None)
    return {
        "user": user if user is not None and user.is_authenticated else None,
        "voter_key": voter_key(request),
        "own_comment_ids": own_comment_ids(request),
    }
