package webstack.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/** A machine service the integration tiers need, how to tell it is there, and how to get it. */
public enum Service {

    MARIADB("mariadb", "MariaDB on " + MariaDb.SERVER_URL + " (user " + MariaDb.USER + ")",
            "install mariadb-server and start it (start-stop-daemon --start --background --exec /usr/sbin/mariadbd), "
                    + "or run .ci/run, which does both; -Dit.mysql.url/user/password point elsewhere",
            Service::mariaDbAnswers),
    MARIADB_SERVER("mariadb-server", "the MariaDB server programs (/usr/sbin/mariadbd, mariadb-install-db) for private servers",
            "apt-get install mariadb-server (.ci/run does)",
            () -> executable("/usr/sbin/mariadbd") && onPath("mariadb-install-db")),
    NGINX("nginx", "nginx", "apt-get install nginx-light (.ci/run does)",
            () -> onPath("nginx") || executable("/usr/sbin/nginx")),
    BROWSER("browser", "headless Chromium and its driver (/usr/bin/chromium, /usr/bin/chromedriver)",
            "apt-get install chromium chromium-driver (.ci/run does)",
            () -> executable(System.getProperty("chromium.binary", "/usr/bin/chromium"))
                    && executable(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"))),
    BENCH_TOOLS("bench-tools", "the benchmark's load generators and peers (wrk, siege, go, gnuplot, ...)",
            "run bench/install as root (.ci/run does)",
            () -> onPath("wrk") && onPath("siege") && onPath("go") && onPath("gnuplot")),
    GALERA("galera", "a MariaDB Galera cluster's programs (/usr/sbin/mariadbd, /usr/lib/galera/libgalera_smm.so, rsync, "
            + "the user mysql) and root, to start private nodes as deploy/host galera-start does",
            "apt-get install mariadb-server galera-4 rsync and run the tests as root (.ci/run does)",
            () -> isRoot() && executable("/usr/sbin/mariadbd") && Files.isRegularFile(Path.of("/usr/lib/galera/libgalera_smm.so"))
                    && onPath("rsync") && onPath("mariadb") && userExists("mysql")),
    NETNS("netns", "root and network namespaces, for the several-hosts testbed (deploy/testbed)",
            "run the tests as root on Linux with iproute2 (ip netns); .ci/run runs as root",
            () -> isRoot() && (onPath("ip") || executable("/usr/sbin/ip")));

    private final String key;
    private final String what;
    private final String remedy;
    private final BooleanSupplier present;

    Service(String key, String what, String remedy, BooleanSupplier present) {
        this.key = key;
        this.what = what;
        this.remedy = remedy;
        this.present = present;
    }

    /** The name used in {@code -Dwebstack.skip}. */
    public String key() {
        return key;
    }

    public boolean isPresent() {
        return present.getAsBoolean();
    }

    public String missing() {
        return what + " is not available: " + remedy;
    }

    private static boolean executable(String path) {
        return new File(path).canExecute();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean userExists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(name + ":"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean mariaDbAnswers() {
        try (var c = DriverManager.getConnection(MariaDb.SERVER_URL + "?connectTimeout=3000", MariaDb.USER, MariaDb.PASSWORD)) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }
}
