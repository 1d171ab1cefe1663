package webstack.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import webstack.testing.TomcatInstance;

/** The Grafana dashboard of deploy/grafana: its panels' queries, and the metrics they name. */
final class Dashboard {

    static final Path FILE = TomcatInstance.PROJECT.resolve("deploy/grafana/webstack.json");
    /** Our metrics' names in PromQL: the families the instance exports. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:http_server|jvm|tomcat|hikaricp|webstack|process)_[a-z_]+\\b");

    private Dashboard() {
    }

    static JsonNode json() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel's every query. */
    static List<String> queries() {
        var all = new ArrayList<String>();
        for (JsonNode panel : json().path("panels")) {
            for (JsonNode target : panel.path("targets")) all.add(target.path("expr").asText());
        }
        return all;
    }

    static Set<String> metricNames() {
        var names = new TreeSet<String>();
        for (String query : queries()) METRIC.matcher(query).results().forEach(m -> names.add(m.group()));
        return names;
    }
}
