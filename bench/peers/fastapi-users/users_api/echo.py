"""/ws/{client_id}: answers every text message with "Echo: " + message, as the Java service's
EchoEndpoint. Only the site's own pages may open it (or APP_WS_ORIGINS); a message over
APP_WS_MAX_MESSAGE_BYTES closes it with 1009; past APP_WS_MAX_SESSIONS sessions in this
process a new one is closed at once with 1013; an idle one is closed after
APP_WS_IDLE_TIMEOUT_SECONDS. Client ids are logged at DEBUG only."""
import asyncio
import logging
from typing import Optional, Tuple
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, WebSocket

from .models import utf16_length
from .problems import HttpError

log = logging.getLogger("users_api.ws")


def _no_client_ids(record: logging.LogRecord) -> bool:
    # uvicorn logs every WebSocket handshake with its path (the client id) at INFO; the Java
    # service names client ids at its debug level (FINE) only.
    return '"WebSocket ' not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_no_client_ids)


def same_origin(origin: str, host: Optional[str]) -> bool:
    """Whether a page's Origin is the site itself: its host and port are the request's Host."""
    if host is None:
        return False
    try:
        uri = urlsplit(origin)
        hostname, port = uri.hostname, uri.port
    except ValueError:
        return False
    if not hostname:
        return False
    if ":" in hostname:
        hostname = f"[{hostname}]"
    scheme = uri.scheme.lower()
    default_port = 443 if scheme == "https" else 80
    authority = hostname + ("" if port is None or port == default_port else f":{port}")
    expected = host.lower()
    if expected.endswith(f":{default_port}"):
        expected = expected[:-len(f":{default_port}")]
    return authority == expected


class EchoLimits:
    def __init__(self, origins: Tuple[str, ...], max_message: int, idle_seconds: int, max_sessions: int):
        self.origins = origins
        self.max_message = max_message
        self.idle = idle_seconds
        self.max_sessions = max_sessions
        self.open = 0  # one event loop per process: no lock needed
        self.sessions = 0  # numbers the sessions, as Tomcat does (in hexadecimal, from 0)

    def origin_allowed(self, origin: Optional[str], host: Optional[str]) -> bool:
        if origin is None:
            return True  # not a browser: no user's session to protect
        if "*" in self.origins or origin in self.origins:
            return True
        return not self.origins and same_origin(origin, host)


def echo_router(limits: EchoLimits) -> APIRouter:
    router = APIRouter()

    @router.websocket("/ws/{client_id}")
    async def echo(websocket: WebSocket, client_id: str):
        if not limits.origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host")):
            await websocket.close()  # before the handshake: 403
            return
        await websocket.accept()
        session = f"{limits.sessions:x}"
        limits.sessions += 1
        if limits.open >= limits.max_sessions:
            await websocket.close(code=1013, reason="too many sessions")  # try again later
            return
        limits.open += 1
        log.debug("WebSocket client %s connected", client_id)
        code = 1000
        try:
            while True:
                try:
                    message = await asyncio.wait_for(websocket.receive(), timeout=limits.idle)
                except asyncio.TimeoutError:
                    code = 1001  # going away, with Tomcat's words
                    await websocket.close(code=code, reason=f"The WebSocket session [{session}] idle timeout expired")
                    break
                if message["type"] == "websocket.disconnect":
                    code = message.get("code", 1000)
                    break
                text = message.get("text")
                if text is None:
                    continue  # only text is echoed; binary messages are dropped, as Tomcat drops them

                if utf16_length(text) > limits.max_message:
                    code = 1009  # too big
                    await websocket.close(code=code)
                    break
                await websocket.send_text("Echo: " + text)
        finally:
            limits.open -= 1
            log.info("WebSocket client disconnected (%d)", code)
            log.debug("WebSocket client %s disconnected (%d)", client_id, code)

    @router.api_route("/ws", methods=["GET", "HEAD"])
    @router.api_route("/ws/{rest:path}", methods=["GET", "HEAD"])
    def upgrade_required(request: Request):
        # A plain HTTP request to the WebSocket endpoint.
        raise HttpError(426, "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}",
                        headers={"Upgrade": "websocket", "Connection": "Upgrade"})

    return router
