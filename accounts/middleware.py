from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from accounts import twofactor


class SecondFactorRequiredMiddleware:
    """While two-factor authentication is required, a staff session that has not passed its
    second factor is anonymous everywhere: the admin, staff previews of hidden releases, and
    any page to come. Such a session only arises from outside the login (an old session, a
    login path that forgot the code); the login itself never creates one.

    Runs after django-otp's OTPMiddleware, which tells whether the session is verified, and
    stays lazy so that public pages read no session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if twofactor.is_required():
            user = request.user
            request.user = SimpleLazyObject(lambda: _verified_or_anonymous(user))
        return self.get_response(request)


def _verified_or_anonymous(user):
    if twofactor.applies_to(user) and not twofactor.is_verified(user):
        return AnonymousUser()
    return user
