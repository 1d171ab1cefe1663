"""uvicorn 0.17.6 (Debian 12's) answers 400 "Unsupported upgrade request." to any request that
proposes an upgrade other than WebSocket: the JDK's HttpClient, by default, proposes h2c on
every cleartext request. Tomcat (and later uvicorn releases) ignore such a proposal and answer
over HTTP/1.1; ``install()`` makes uvicorn's h11 protocol do the same. WebSocket upgrades are
untouched."""
import asyncio

from uvicorn.protocols.http import h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol, RequestResponseCycle, service_unavailable


def install() -> None:
    if getattr(H11Protocol.handle_upgrade, "ignores_other_upgrades", False):
        return
    websocket_upgrade = H11Protocol.handle_upgrade

    def handle_upgrade(self, event):
        upgrade = next((value.lower() for name, value in self.headers if name == b"upgrade"), None)
        if upgrade == b"websocket":
            return websocket_upgrade(self, event)
        # As the request path of H11Protocol.handle_events does without an upgrade.
        if self.limit_concurrency is not None and (
                len(self.connections) >= self.limit_concurrency or len(self.tasks) >= self.limit_concurrency):
            app = service_unavailable
            self.logger.warning("Exceeded concurrency limit.")
        else:
            app = self.app
        self.cycle = RequestResponseCycle(
            scope=self.scope, conn=self.conn, transport=self.transport, flow=self.flow, logger=self.logger,
            access_logger=self.access_logger, access_log=self.access_log, default_headers=self.default_headers,
            message_event=asyncio.Event(), on_response=self.on_response_complete)
        task = self.loop.create_task(self.cycle.run_asgi(app))
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)
        # handle_events returns right after calling this: go on with the events that follow.
        self.handle_events()

    handle_upgrade.ignores_other_upgrades = True
    H11Protocol.handle_upgrade = handle_upgrade


assert hasattr(h11_impl, "service_unavailable")  # the uvicorn this was written for
