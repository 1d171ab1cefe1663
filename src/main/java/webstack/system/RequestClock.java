package webstack.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;

/**
 * When the request being served arrived: RouteFilter notes it when the request first reaches
 * the application, and makes it known on each thread that serves the request, to the work
 * that must not outlast its client's patience (a bcrypt turn). Time spent queued for a
 * request thread counts: after a flood, the requests still queued are old, and their clients
 * may well have gone.
 */
public final class RequestClock {

    private static final String ATTRIBUTE = RequestClock.class.getName() + ".arrived";
    private static final ThreadLocal<Long> ARRIVED = new ThreadLocal<>();

    private RequestClock() {
    }

    /** {@link System#nanoTime()} when the current request arrived; now, outside a request. */
    public static long arrivedNanos() {
        Long arrived = ARRIVED.get();
        return arrived == null ? System.nanoTime() : arrived;
    }

    /** Runs {@code work} as part of a request that arrived at {@code arrivedNanos}. */
    public static <T> T arrivedAt(long arrivedNanos, Supplier<T> work) {
        Long outer = enter(arrivedNanos);
        try {
            return work.get();
        } finally {
            leave(outer);
        }
    }

    /** Makes the request's arrival (noted now, on its first dispatch) the current one; returns the one before. */
    static Long enter(HttpServletRequest req) {
        if (req.getAttribute(ATTRIBUTE) instanceof Long arrived) return enter(arrived);
        long now = System.nanoTime();
        req.setAttribute(ATTRIBUTE, now);
        return enter(now);
    }

    private static Long enter(long arrivedNanos) {
        Long outer = ARRIVED.get();
        ARRIVED.set(arrivedNanos);
        return outer;
    }

    static void leave(Long outer) {
        if (outer == null) ARRIVED.remove(); else ARRIVED.set(outer);
    }
}
