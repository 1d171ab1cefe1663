package webstack.ws;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The WebSocket echo's limits on one instance: message size, idle time, and how many sessions at once. */
public final class EchoLimits {

    static final String REFUSED = EchoLimits.class.getName() + ".refused";

    private final int maxMessageBytes;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final AtomicInteger open = new AtomicInteger();

    public EchoLimits(int maxMessageBytes, Duration idleTimeout, int maxSessions) {
        this.maxMessageBytes = maxMessageBytes;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** Takes a place for a new session; false when all are taken. */
    boolean admit() {
        if (open.incrementAndGet() <= maxSessions) return true;
        open.decrementAndGet();
        return false;
    }

    void release() {
        open.decrementAndGet();
    }

    /** Sessions open now. */
    public int open() {
        return open.get();
    }
}
