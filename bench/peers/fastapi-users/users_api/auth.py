"""Who makes a request (the bearer token) and POST /token, the OAuth2 password grant, as
the Java service's AuthFilter and TokenServlet."""
from typing import Callable, NamedTuple

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordBearer

from . import bodies
from .models import java_strip
from .problems import FieldError, JavaJSONResponse, invalid, unauthorized
from .routes import NO_STORE
from .service import Caller, UserService
from .tokens import TokenService

FORM = "application/x-www-form-urlencoded"


class BearerToken(OAuth2PasswordBearer):
    """The token of ``Authorization: Bearer <token>``. No header (or a blank one) is 401
    "Authorization header required"; another scheme is "Invalid token" (FastAPI's own class
    answers "Not authenticated" to both)."""

    async def __call__(self, request: Request) -> str:
        header = request.headers.get("authorization")
        if header is None or java_strip(header) == "":
            raise unauthorized("Authorization header required")
        if header[:7].lower() != "bearer ":
            raise unauthorized("Invalid token")
        return java_strip(header[7:])


def authentication(tokens: TokenService, users: UserService) -> Callable[..., Caller]:
    """The dependency that makes a route need a token: a valid token names a user who must
    still exist, be active and have the token version the token carries."""
    bearer = BearerToken(tokenUrl="token")

    def authenticated(request: Request, token: str = Depends(bearer)) -> Caller:
        claims = tokens.verify(token)
        if claims is None:
            raise unauthorized("Invalid token")
        user = users.find_active(claims.user_id)
        # A password change or deactivation since the token was issued ends it.
        if user is None or user.token_version != claims.token_version:
            raise unauthorized("Invalid token")
        request.scope[NO_STORE] = True
        return Caller(user.id, bool(user.is_admin))

    return authenticated


class PasswordForm(NamedTuple):
    username: str
    password: str


def token_router(users: UserService, tokens: TokenService, body_timeout_ms: int) -> APIRouter:
    router = APIRouter()

    async def password_form(request: Request) -> PasswordForm:
        """The form of the password grant, read as the Java service reads it (not with FastAPI's
        OAuth2PasswordRequestForm: see the README): 415 unless urlencoded, 413 over 64 KiB, 408
        when slow, 400 for a bad escape, 422 naming each missing (or empty) field."""
        bodies.require_media_type(request.headers.get("content-type"), FORM)
        form = bodies.read_form(await bodies.read(request, body_timeout_ms))
        missing = [FieldError(f, "is required") for f in ("password", "username") if not form.get(f)]
        if missing:
            raise invalid(missing)
        return PasswordForm(form["username"], form["password"])

    @router.post("/token")
    def token(form: PasswordForm = Depends(password_form)):
        user = users.authenticate(form.username, form.password)
        if user is None:
            raise unauthorized("Incorrect email or password")
        issued = tokens.issue(user.id, user.token_version)
        return JavaJSONResponse({"access_token": issued.value, "token_type": "bearer", "expires_in": issued.expires_in},
                            headers={"Cache-Control": "no-store"})

    return router
