package webstack.system;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies read without a thread: the body arrives through non-blocking reads (a
 * {@link ReadListener}) while no request thread waits for it, then the request is dispatched
 * again with the body in memory. A client that sends its body one byte a second holds a
 * connection, never one of the few request threads; a body not complete within the timeout
 * is answered 408. At most {@link RequestBodies#MAX_BYTES} + 1 bytes are kept: the servlet
 * answers 413 beyond. Only where the container supports it (Tomcat does, for our routes);
 * elsewhere the servlet reads the body itself.
 *
 * <p>A request here keeps its container buffers (Tomcat: about 40 KiB of headers, output and
 * socket buffers) until it is answered, also while it waits for a request thread or a bcrypt
 * turn, so their number is bounded: past {@code maxPending} a request with a body is answered
 * 503 with {@code Retry-After} before anything is read. Unbounded, 10,000 connections posting
 * registrations at once filled a 256 MiB heap and ended the instance (OutOfMemoryError).
 */
final class BodyBuffering {

    private static final Logger LOG = LoggerFactory.getLogger(BodyBuffering.class);
    private static final String BODY = BodyBuffering.class.getName() + ".body";

    private final Duration timeout;
    private final Errors errors;
    private final Semaphore pending;

    /**
     * @param timeout how long a client may take to send its body (then 408)
     * @param maxPending how many requests with a body may be in progress at once (then 503)
     */
    BodyBuffering(Duration timeout, int maxPending, Errors errors) {
        this.timeout = timeout;
        this.errors = errors;
        this.pending = new Semaphore(maxPending);
    }

    /** Whether this request's body should be read here first: it has one, of an acceptable size. */
    static boolean wanted(HttpServletRequest req) {
        if (req.getDispatcherType() != DispatcherType.REQUEST || !req.isAsyncSupported()) return false;
        long length = req.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
        // A declared length over the limit is refused by the servlet without reading it.
        return (length > 0 && length <= RequestBodies.MAX_BYTES) || (length < 0 && chunked);
    }

    /** Starts reading the body; the request comes back through the filter chain, as ASYNC, when it is in. */
    void start(HttpServletRequest req, HttpServletResponse resp, Route.Kind kind) throws IOException {
        if (!pending.tryAcquire()) {
            throw HttpError.busy("Too many requests with a body in progress, try again shortly");
        }
        var released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) pending.release();
        };
        AsyncContext async;
        try {
            async = req.startAsync(req, resp);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        async.setTimeout(timeout.toMillis());
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                errors.write(resp, kind, new HttpError(408, "Request body not received within " + timeout.toSeconds() + " s"));
                async.complete();
            }

            @Override
            public void onError(AsyncEvent event) {
                LOG.debug("request body not read: {}", String.valueOf(event.getThrowable()));
            }

            @Override
            public void onComplete(AsyncEvent event) {
                // Answered (after the dispatch, a 408 or an error): its buffers are free again.
                release.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // The servlet went asynchronous again (a registration waiting for its bcrypt
                // turn): the container forgets this listener unless it is added again, and the
                // place would never be released.
                event.getAsyncContext().addListener(this);
            }
        });
        ServletInputStream in = req.getInputStream();
        var body = new ByteArrayOutputStream((int) Math.max(256, Math.min(req.getContentLengthLong(), 8192)));
        in.setReadListener(new ReadListener() {
            private final byte[] chunk = new byte[8192];
            private boolean done;

            @Override
            public void onDataAvailable() throws IOException {
                while (!done && in.isReady()) {
                    int n = in.read(chunk);
                    if (n < 0) return;
                    body.write(chunk, 0, n);
                    // Enough to know it is too large: the servlet answers 413 from here.
                    if (body.size() > RequestBodies.MAX_BYTES) dispatch();
                }
            }

            @Override
            public void onAllDataRead() {
                dispatch();
            }

            @Override
            public void onError(Throwable t) {
                // The client went away or the read timed out: nobody is left to answer.
                LOG.debug("request body read failed: {}", String.valueOf(t));
                if (!done) {
                    done = true;
                    async.complete();
                }
            }

            private void dispatch() {
                if (done) return;
                done = true;
                req.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        });
    }

    /** The request as the servlet should see it: with its body from memory, if it was read here. */
    static HttpServletRequest withBody(HttpServletRequest req) {
        if (!(req.getAttribute(BODY) instanceof byte[] body)) return req;
        return new HttpServletRequestWrapper(req) {
            private final ByteArrayInputStream bytes = new ByteArrayInputStream(body);

            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() {
                        return bytes.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return bytes.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return bytes.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new IllegalStateException("the body is already read");
                    }
                };
            }
        };
    }
}
