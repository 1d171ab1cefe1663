package webstack.health;

import webstack.testing.OnSharedTomcat;
import webstack.testing.Site;

/** {@code /health} in the deployed WAR. */
class HealthIT extends OnSharedTomcat implements HealthContract {

    @Override
    public Site site() {
        return tomcat;
    }
}
