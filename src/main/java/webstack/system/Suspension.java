package webstack.system;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Waiting for slow work (a bcrypt turn) without holding a request thread. On the request's
 * first pass the servlet starts the work and returns: the request is suspended. When the work
 * is done the container dispatches the request to the servlet again (as ASYNC, through the
 * route filter), and there {@link #await} gives the work's value, or throws what it failed
 * with, which the route filter answers as any error. A flood of such requests thus never
 * takes the threads that other requests need.
 */
public final class Suspension {

    /** A safety net only: the work given here ends by itself (the hasher answers within its wait plus one hash). */
    private static final long TIMEOUT_MS = 60_000;

    private record Outcome(Object value, Throwable failure) {
    }

    private Suspension() {
    }

    /**
     * The value of {@code work} once it is done, or null when the request has just been
     * suspended for it (the servlet returns; it is called again with the value). {@code name}
     * tells apart the works of one request. In a container without async dispatches the
     * work is waited for on this thread.
     */
    @SuppressWarnings("unchecked")
    public static <T> T await(HttpServletRequest req, HttpServletResponse resp, String name,
                              Supplier<CompletableFuture<T>> work) {
        String key = Suspension.class.getName() + "." + name;
        if (req.getAttribute(key) instanceof Outcome outcome) {
            req.removeAttribute(key);
            if (outcome.failure() != null) throw unwrapped(outcome.failure());
            return (T) outcome.value();
        }
        CompletableFuture<T> started = work.get();
        if (!req.isAsyncSupported()) {
            try {
                return started.join();
            } catch (CompletionException e) {
                throw unwrapped(e);
            }
        }
        AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(TIMEOUT_MS);
        started.whenComplete((value, failure) -> {
            async.getRequest().setAttribute(key, new Outcome(value, failure));
            async.dispatch();
        });
        return null;
    }

    private static RuntimeException unwrapped(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof Error error) throw error;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
