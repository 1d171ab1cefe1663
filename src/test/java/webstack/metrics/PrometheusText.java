package webstack.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A scrape in Prometheus's text format (0.0.4), parsed line by line: {@code # HELP name text},
 * {@code # TYPE name type}, and samples {@code name{label="value",...} value [timestamp]}, label
 * values with their escapes ({@code \\}, {@code \"}, {@code \n}). A line that is none of these
 * fails the parse: the format is what the test checks.
 */
record PrometheusText(Map<String, String> types, Map<String, String> help, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.get(key);
        }
    }

    static PrometheusText parse(String text) {
        var types = new HashMap<String, String>();
        var help = new HashMap<String, String>();
        var samples = new ArrayList<Sample>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2) throw new IllegalArgumentException("bad TYPE line: " + line);
                types.put(parts[0], parts[1]);
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(types, help, samples);
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) i++;
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) throw new IllegalArgumentException("bad metric name: " + line);
        var labels = new LinkedHashMap<String, String>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                if (eq < 0) throw new IllegalArgumentException("bad label: " + line);
                String key = line.substring(i, eq);
                var value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') i++;
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw new IllegalArgumentException("no value: " + line);
        String[] rest = line.substring(i + 1).trim().split(" ");
        return new Sample(name, labels, Double.parseDouble(rest[0].replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Whether a sample whose name starts with {@code prefix} exists. */
    boolean hasFamily(String prefix) {
        return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
    }

    /** The one sample of {@code name} with these labels (and maybe others); 0 if there is none. */
    double value(String name, Map<String, String> labels) {
        Predicate<Sample> matches = s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet());
        List<Sample> found = samples.stream().filter(matches).toList();
        if (found.size() > 1) throw new AssertionError(found.size() + " samples of " + name + labels);
        return found.isEmpty() ? 0 : found.get(0).value();
    }
}
