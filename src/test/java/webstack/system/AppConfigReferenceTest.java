package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import webstack.testing.TomcatInstance;

/**
 * The README's configuration table (section "Configuration") against the one place the
 * webapp's defaults live, {@link AppConfig}: every setting it reads has a row, with its default;
 * every variable a row names is a setting.
 */
class AppConfigReferenceTest {

    private static final Pattern VARIABLE = Pattern.compile("APP_[A-Z0-9_]+");
    /** Defaults the table describes in words, because they depend on the machine or the place. */
    private static final Map<String, String> IN_WORDS = Map.of(
            "app.bcrypt.concurrency", "the cores",
            "app.token.secret", "generated into");

    /** A row's variables (first cell), default cell and meaning cell. */
    private record Row(List<String> variables, String defaults, String meaning) {
        /** The default of the i-th variable: the cell's i-th comma-separated part when there is one per variable. */
        String defaultOf(String variable) {
            String[] parts = defaults.split(",\\s+(?![^(]*\\))");
            return parts.length == variables.size() ? parts[variables.indexOf(variable)].trim() : defaults.trim();
        }
    }

    @Test
    void everySettingHasARowWithItsDefaultAndEveryRowIsASetting() throws IOException {
        Map<String, Row> rows = table();
        Map<String, String> defaults = new AppConfig(Map.of(), new Properties()).defaults();
        List<String> problems = new ArrayList<>();
        String wholeTable = String.join("\n", rows.values().stream().map(r -> r.meaning() + " " + r.variables()).toList());
        defaults.forEach((key, value) -> {
            String variable = AppConfig.envName(key);
            Row row = rows.get(variable);
            if (row == null) {
                // A secret's file variant is told in its secret's row.
                if (!(key.endsWith("-file") && wholeTable.contains(variable))) problems.add(variable + ": no row");
                return;
            }
            String cell = row.defaultOf(variable);
            if (IN_WORDS.containsKey(key)) {
                if (!cell.startsWith(IN_WORDS.get(key))) problems.add(variable + ": default should say '" + IN_WORDS.get(key) + "', says " + cell);
            } else if (value.isEmpty()) {
                if (!(cell.startsWith("—") || cell.startsWith("empty"))) problems.add(variable + ": no default, table says " + cell);
            } else if (!cell.startsWith("`" + value + "`")) {
                problems.add(variable + ": default `" + value + "`, table says " + cell);
            }
        });
        for (String variable : rows.keySet()) {
            boolean known = defaults.keySet().stream().anyMatch(key -> AppConfig.envName(key).equals(variable));
            if (!known) problems.add(variable + ": in the table, but AppConfig reads no such setting");
        }
        assertEquals(List.of(), problems);
        assertTrue(defaults.size() > 30, "AppConfig listed its settings: " + defaults.keySet());
    }

    /** The first table of the README's "## Configuration" section, by variable. */
    private static Map<String, Row> table() throws IOException {
        String readme = Files.readString(TomcatInstance.PROJECT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n## Configuration\n"));
        section = section.substring(0, section.indexOf("\n\n", section.indexOf("\n|")));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `APP_")) continue;
            String[] cells = line.split(" \\| ", 3);
            List<String> variables = new ArrayList<>();
            Matcher m = VARIABLE.matcher(cells[0]);
            while (m.find()) variables.add(m.group());
            var row = new Row(variables, cells[1], cells[2]);
            variables.forEach(v -> rows.put(v, row));
        }
        return rows;
    }
}
