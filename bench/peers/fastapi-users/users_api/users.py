"""The users resource: /users (list, register) and /users/{id} (read, change, delete), as
the Java service's UsersServlet. Which requests need a token is said by their dependencies."""
import re
from typing import Callable, Dict

from fastapi import APIRouter, Depends, Request, Response
from pydantic import ValidationError

from . import bodies
from .models import NewUser, UserPatch, field_errors, java_strip
from .problems import FieldError, HttpError, JavaJSONResponse, bad_request, invalid, method_not_allowed
from .routes import NO_STORE
from .service import Caller, UserService

INT_MAX = (1 << 31) - 1
ON_COLLECTION = {"GET", "HEAD", "POST", "OPTIONS"}
ON_USER = {"GET", "HEAD", "PATCH", "DELETE", "OPTIONS"}
USER_ID = re.compile(r"[0-9]{1,19}")
QUERY_INT = re.compile(r"-?[0-9]{1,10}")
NEW_USER_FIELDS = {"email": bodies.STRING, "name": bodies.STRING, "password": bodies.STRING}
PATCH_FIELDS = {"name": bodies.STRING, "is_active": bodies.BOOLEAN, "password": bodies.STRING}


async def _model(request: Request, body_timeout_ms: int, model, fields: Dict[str, str]):
    """A JSON body read and validated: 415, 413, 408, 400 or 422 when it is not right."""
    bodies.require_media_type(request.headers.get("content-type"), "application/json")
    values = bodies.read_json_object(await bodies.read(request, body_timeout_ms), fields)
    try:
        return model(**values)
    except ValidationError as e:
        raise invalid(field_errors(e)) from None


async def user_id(request: Request) -> int:
    """The id of /users/{id}: a positive 63-bit integer, else 400 "Invalid user ID"."""
    segment = request.path_params["rest"]
    if USER_ID.fullmatch(segment) is None:
        raise bad_request("Invalid user ID")
    value = int(segment)
    if not 1 <= value < (1 << 63):
        raise bad_request("Invalid user ID")
    return value


def _query_int(params: Dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    bound = f">= {low}" if high == INT_MAX else f"{low} to {high}"
    text = java_strip(raw)
    if QUERY_INT.fullmatch(text) is None or not low <= int(text) <= high:
        raise HttpError(422, f"Invalid query parameter '{name}'", [FieldError(name, f"{name} must be an integer {bound}")])
    return int(text)


def users_router(users: UserService, authenticated: Callable[..., Caller], body_timeout_ms: int) -> APIRouter:
    router = APIRouter()

    async def new_user(request: Request) -> NewUser:
        request.scope[NO_STORE] = True  # registration is public, and user data all the same
        return await _model(request, body_timeout_ms, NewUser, NEW_USER_FIELDS)

    async def user_patch(request: Request) -> UserPatch:
        return await _model(request, body_timeout_ms, UserPatch, PATCH_FIELDS)

    @router.api_route("/users", methods=["GET", "HEAD"])
    def list_users(request: Request, caller: Caller = Depends(authenticated)):
        params = bodies.query_parameters(request.scope["query_string"])
        skip = _query_int(params, "skip", 0, 0, INT_MAX)
        limit = _query_int(params, "limit", 10, 1, 100)
        return JavaJSONResponse(users.list(caller, skip, limit))

    @router.post("/users")
    def register(body: NewUser = Depends(new_user)):
        created = users.register(body)
        return JavaJSONResponse(created, status_code=201, headers={"Location": f"/users/{created['id']}"})

    @router.api_route("/users", methods=["PATCH", "DELETE"])
    def not_on_the_collection(request: Request, caller: Caller = Depends(authenticated)):
        raise method_not_allowed(request.method, ON_COLLECTION)

    @router.api_route("/users/{rest:path}", methods=["GET", "HEAD"])
    def get_user(caller: Caller = Depends(authenticated), uid: int = Depends(user_id)):
        return JavaJSONResponse(users.get(caller, uid))

    @router.patch("/users/{rest:path}")
    def patch_user(caller: Caller = Depends(authenticated), uid: int = Depends(user_id),
                   patch: UserPatch = Depends(user_patch)):
        return JavaJSONResponse(users.update(caller, uid, patch))

    @router.delete("/users/{rest:path}")
    def delete_user(caller: Caller = Depends(authenticated), uid: int = Depends(user_id)):
        users.delete(caller, uid)
        return Response(status_code=204)

    @router.post("/users/{rest:path}")
    def not_on_a_user(caller: Caller = Depends(authenticated)):
        raise method_not_allowed("POST", ON_USER)

    return router
