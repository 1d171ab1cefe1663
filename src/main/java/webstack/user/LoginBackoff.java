package webstack.user;

import java.time.Duration;

/**
 * How failed logins back off, per account: after {@code maxFailures} in a row the account
 * refuses logins for {@code firstLock}, and each further failure doubles the wait, up to
 * {@code maxLock}. A successful login starts the count again.
 */
public record LoginBackoff(int maxFailures, Duration firstLock, Duration maxLock) {

    /** How long to refuse logins after this many failures in a row; zero while under the limit. */
    Duration lockAfter(int failures) {
        if (failures < maxFailures) return Duration.ZERO;
        int doublings = Math.min(failures - maxFailures, 30);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}
