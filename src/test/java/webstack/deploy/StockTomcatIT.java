package webstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.TomcatInstance;

/**
 * The WAR dropped into a stock Tomcat 11 as webapps/ROOT.war, with the distribution's own
 * configuration (only the ports moved, so the test can run beside anything) and none of
 * ours: no setenv.sh, no environment.
 */
class StockTomcatIT {

    @Test
    void warDroppedIntoStockTomcatServesTheSite() throws Exception {
        Path base = TomcatInstance.PROJECT.resolve("target/it/stock-tomcat");
        TomcatInstance.deleteTree(base);
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(TomcatInstance.CATALINA_HOME.resolve("conf"))) {
            for (Path f : files.toList()) Files.copy(f, conf.resolve(f.getFileName()));
        }
        int port = TomcatInstance.freePort();
        Path serverXml = conf.resolve("server.xml");
        String stock = Files.readString(serverXml);
        assertTrue(stock.contains("port=\"8080\"") && stock.contains("port=\"8005\""), "stock server.xml");
        Files.writeString(serverXml, stock.replace("port=\"8080\"", "port=\"" + port + "\"")
                .replace("port=\"8005\"", "port=\"-1\""));
        Files.createDirectories(base.resolve("webapps"));
        Files.createDirectories(base.resolve("logs"));
        Files.copy(TomcatInstance.WAR, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);

        Process tomcat = TomcatInstance.launch(
                List.of(TomcatInstance.CATALINA_HOME.resolve("bin/catalina.sh").toString(), "run"),
                Map.of("CATALINA_HOME", TomcatInstance.CATALINA_HOME.toString(), "CATALINA_BASE", base.toString(),
                        "CATALINA_OPTS", "-Xmx128m"),
                // The webapp's default data directory is ./data of Tomcat's working directory.
                base.resolve("console.log"), base);
        try {
            URI root = URI.create("http://127.0.0.1:" + port);
            TomcatInstance.awaitHealthy(tomcat, root.resolve("/health"), base.resolve("console.log"));
            var hello = Http.get(root.resolve("/Hello/100"));
            assertEquals(200, hello.statusCode());
            assertEquals(990, hello.body().length);
            assertEquals(200, Http.get(root.resolve("/")).statusCode());
            assertEquals(200, Http.get(root.resolve("/static/site.css")).statusCode());
            assertEquals(404, Http.get(root.resolve("/no/such/page")).statusCode());
            assertTrue(java.nio.file.Files.exists(base.resolve("data/token-secret")), "data in ./data of the working directory");
        } finally {
            TomcatInstance.stop(tomcat);
        }
    }
}
