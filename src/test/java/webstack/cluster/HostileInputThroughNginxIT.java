package webstack.cluster;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import webstack.HostileInputContract;
import webstack.testing.Api;
import webstack.testing.Needs;
import webstack.testing.Service;

/** The hostile-input probes through nginx, in front of one instance (deploy/cluster up 1). */
@Needs({Service.MARIADB, Service.NGINX})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputThroughNginxIT extends HostileInputContract {

    private Cluster cluster;
    private String secret;

    @BeforeAll
    void up() throws Exception {
        // The probes make accounts as they go: the login rate limit has its own test (ClusterSecurityIT).
        cluster = new Cluster("hostile", 1, Map.of("CLUSTER_LOGIN_RATE", "1000r/s", "CLUSTER_LOGIN_BURST", "1000"));
        cluster.run("up", "1");
        secret = Files.readString(cluster.dir.resolve("token-secret")).strip();
    }

    @AfterAll
    void down() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Override
    protected int port() {
        return cluster.port;
    }

    @Override
    protected Api api() {
        return new Api(cluster.uri(""));
    }

    @Override
    protected String tokenSecret() {
        return secret;
    }
}
