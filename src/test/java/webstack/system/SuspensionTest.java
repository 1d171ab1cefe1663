package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A request suspended for slow work comes back with its value or its failure. */
class SuspensionTest {

    private final MockHttpServletRequest req = new MockHttpServletRequest("POST", "/users");
    private final MockHttpServletResponse resp = new MockHttpServletResponse();

    @Test
    void theRequestIsSuspendedUntilTheWorkIsDoneThenGetsItsValue() {
        req.setAsyncSupported(true);
        var work = new CompletableFuture<String>();
        assertNull(Suspension.await(req, resp, "hash", () -> work));
        assertTrue(req.isAsyncStarted());
        var async = (MockAsyncContext) req.getAsyncContext();
        assertNull(async.getDispatchedPath(), "not dispatched before the work is done");

        work.complete("the hash");
        assertNotNull(async.getDispatchedPath(), "dispatched again when it is done");
        assertEquals("the hash", Suspension.await(req, resp, "hash", () -> {
            throw new AssertionError("the work is not started twice");
        }));
    }

    @Test
    void aFailedWorkIsThrownWhereTheRequestComesBack() {
        req.setAsyncSupported(true);
        var busy = new HttpError(503, "busy");
        assertNull(Suspension.await(req, resp, "hash", () -> CompletableFuture.failedFuture(busy)));
        assertSame(busy, assertThrows(HttpError.class, () -> Suspension.await(req, resp, "hash", CompletableFuture::new)));
    }

    @Test
    void withoutAsyncTheWorkIsWaitedForOnTheThread() {
        req.setAsyncSupported(false);
        assertEquals("done", Suspension.await(req, resp, "hash", () -> CompletableFuture.supplyAsync(() -> "done")));
        var busy = new HttpError(503, "busy");
        assertSame(busy, assertThrows(HttpError.class,
                () -> Suspension.await(req, resp, "hash", () -> CompletableFuture.failedFuture(busy))));
    }
}
