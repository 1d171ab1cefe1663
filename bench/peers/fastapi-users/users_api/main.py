"""The composition root: builds the shared objects once per worker process, registers every
route, and answers every error as the Java service does (RFC 9457 problems).

    /usr/bin/python3 -m uvicorn --app-dir bench/peers/fastapi-users users_api.main:app ...

(bench/peers/fastapi-users/run starts it with the settings of the environment.)
"""
import logging
import sys

import anyio.to_thread
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .auth import authentication, token_router
from .config import ConfigError, Settings
from .echo import EchoLimits, echo_router
from .h2c import install as ignore_h2c_upgrades
from .passwords import PasswordHasher
from .problems import FieldError, HttpError, JavaJSONResponse, invalid, problem_response, title
from .repository import Unavailable, UserRepository, create_pool_engine
from .routes import RouteTable
from .service import LoginBackoff, UserService
from .tokens import TokenService
from .users import users_router

log = logging.getLogger("users_api")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False

ignore_h2c_upgrades()

try:
    settings = Settings.from_environment()
except ConfigError as e:
    log.critical("webstack users (FastAPI) cannot start: %s", e)
    raise SystemExit(1) from None

engine, connect = create_pool_engine(settings)
repository = UserRepository(engine, connect)
users = UserService(repository,
                    PasswordHasher(settings.bcrypt_cost, settings.bcrypt_concurrency, settings.bcrypt_wait_ms),
                    LoginBackoff(settings.login_max_failures, settings.login_lock_seconds,
                                 settings.login_max_lock_seconds))
tokens = TokenService(settings.token_secret, settings.token_ttl_seconds)

api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, default_response_class=JavaJSONResponse)
authenticated = authentication(tokens, users)
api.include_router(users_router(users, authenticated, settings.body_timeout_ms))
api.include_router(token_router(users, tokens, settings.body_timeout_ms))
api.include_router(echo_router(EchoLimits(settings.ws_origins, settings.ws_max_message_bytes,
                                          settings.ws_idle_timeout_seconds, settings.ws_max_sessions)))


@api.api_route("/json", methods=["GET", "HEAD"])
async def json_page():
    # The article's "simple JSON response", serialized on every request.
    return {"message": "Hello, World!"}


@api.api_route("/health", methods=["GET", "HEAD"])
def health():
    up = repository.ping()
    body = {"status": "healthy", "database": "up"} if up else {"status": "unhealthy", "database": "down"}
    return JavaJSONResponse(body, status_code=200 if up else 503, headers={"Cache-Control": "no-store"})


# --- the one place where exceptions become answers -----------------------------------------

@api.exception_handler(HttpError)
async def answer_http_error(request, error: HttpError) -> Response:
    return problem_response(error)


@api.exception_handler(Unavailable)
async def answer_database_unavailable(request, error: Unavailable) -> Response:
    cause = getattr(error.__cause__, "orig", None) or error.__cause__
    log.warning("Database unavailable: %s %s: %s: %s", request.method, request.url.path, type(cause).__name__, cause)
    return problem_response(HttpError(503, "Database unavailable, try again shortly"))


@api.exception_handler(StarletteHTTPException)
async def answer_framework_error(request, error: StarletteHTTPException) -> Response:
    return problem_response(HttpError(error.status_code, title(error.status_code), headers=error.headers))


@api.exception_handler(RequestValidationError)
async def answer_validation_error(request, error: RequestValidationError) -> Response:
    # No route declares FastAPI-validated parameters; should one, it answers like the rest.
    return problem_response(invalid([FieldError(str(e["loc"][-1]), e["msg"]) for e in error.errors()]))


@api.exception_handler(Exception)
async def answer_bug(request, error: Exception) -> Response:
    # Starlette logs it (with its traceback) after this answer is sent.
    return problem_response(HttpError(500, "Internal error"))


@api.on_event("startup")
async def start() -> None:
    # As many request threads as database connections (the Java service's APP_THREADS):
    # a request that has a thread always gets a connection at once.
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
    await run_in_threadpool(_open_database)
    log.info("webstack users (FastAPI) started: database %s:%s/%s, pool %d, threads %d",
             settings.db_host, settings.db_port, settings.db_name, settings.db_pool_size, settings.threads)


def _open_database() -> None:
    # A fixed pool, as HikariCP's: every connection opened now, none on the request path.
    connections = [engine.connect() for _ in range(settings.db_pool_size)]
    for c in connections:
        c.close()
    if settings.admin_email is not None:
        users.ensure_admin(settings.admin_email, "Admin", settings.admin_password)


@api.on_event("shutdown")
async def stop() -> None:
    engine.dispose()


app = RouteTable(api, settings.cors_origins)
