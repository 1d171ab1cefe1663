package webstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The records the page reads the results into and bench/results.schema.json cannot drift
 * apart: every record component is a property of the matching schema definition, with a
 * compatible type (a primitive only where the schema guarantees a value); and every property
 * of the schema that the page does not read is listed in {@link #IGNORED}, so that a member
 * added to the schema is either read or ignored on purpose.
 */
class ResultsRecordsTest {

    /** What the page does not show, as definition.property ("run" is the top level). */
    private static final Set<String> IGNORED = Set.of(
            "run.id",                   // the page names a run by its file name, which is the id (ResultsSchemaTest)
            "settings.procs", "settings.highConnections", "settings.jsonProcs", "settings.fileDescriptorLimit",
            "settings.seedUsers", "settings.bcryptCost", "settings.bcryptRowSeconds",  // the report states them; the page's titles name the cost
            "row.cpuSecondsPer1k",      // the report's column; the page shows req/s, p99 and memory, as the article
            "table.tools",              // a column is shown when one of the table's rows has a figure for it
            "table.chart",              // the PNG charts are the Markdown report's
            "row.p50Ms",                // the page shows p99 only
            "row.rssMaxProcessMiB",     // the page shows rssMiB, the whole server; the per-process peak is for the report's goals
            "ratioToGo.siege",          // the page's ratio column is wrk's
            "row.warmup", "warmup.seconds", "warmup.loads", "warmup.steady", "warmup.rps", "warmup.table",
            "settings.warmupTolerance", "settings.warmupPerWorkload", "settings.warmupMinSeconds",  // the warm-up until steady: the report's column
            "row.noisy", "settings.noisySpread",  // the report marks a noisy row; the page shows min–max
            "settings.placement", "placement.mode", "placement.serverCores",
            "placement.loadGeneratorCores",  // the report's header, and machine.note, which the page shows
            "stats.values",             // the page shows the median and min–max
            // issue 13's targets and the JFR profiles (bench/run --profile): the Markdown report's
            "run.targets", "target.id", "target.text", "target.table", "target.row", "target.reference",
            "target.figure", "target.target", "target.unit", "target.measured", "target.status", "target.detail",
            "run.profiles", "profile.row", "profile.table", "profile.jfr", "profile.summary", "profile.collapsed",
            "profile.flamegraph", "profile.samples", "profile.packages", "profile.reason");

    private final ObjectMapper json = new ObjectMapper();
    private JsonNode schema;
    private final Set<String> read = new TreeSet<>();
    private final Set<String> problems = new LinkedHashSet<>();  // a definition used in several places complains once

    @BeforeEach
    void compareRecordsWithSchema() throws Exception {
        schema = json.readTree(ResultsSchema.text());
        compare("run", schema, RunResults.class);
    }

    @Test
    void everyRecordComponentIsASchemaPropertyOfACompatibleType() {
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void everySchemaPropertyIsReadOrIgnoredOnPurpose() {
        Set<String> unread = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(p -> unread.add("run." + p));
        schema.path("$defs").properties().forEach(def ->
                def.getValue().path("properties").fieldNames().forEachRemaining(p -> unread.add(def.getKey() + "." + p)));
        unread.removeAll(read);
        assertEquals(new TreeSet<>(IGNORED), unread, "schema members the records do not read");
    }

    @Test
    void theJavaConstantsAreTheSchemas() {
        assertEquals(schema.at("/properties/schema/const").asText(), RunResults.SCHEMA);
        assertEquals(schema.at("/$defs/runId/pattern").asText(), "^" + ResultsDirectory.ID.pattern() + "$");
    }

    /** {@code record}'s components against the object schema {@code object}, named {@code def}. */
    private void compare(String def, JsonNode object, Class<?> record) {
        if (!record.isRecord()) {
            problems.add(def + ": " + record.getSimpleName() + " is not a record");
            return;
        }
        Set<String> required = new TreeSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));
        for (RecordComponent c : record.getRecordComponents()) {
            String where = def + "." + c.getName();
            JsonNode property = object.path("properties").get(c.getName());
            if (property == null) {
                problems.add(where + ": " + record.getSimpleName() + " has it, the schema does not");
                continue;
            }
            read.add(where);
            check(where, property, c.getGenericType(), !required.contains(c.getName()));
        }
    }

    /** One value: its schema's types against the Java type; records, lists and maps are followed. */
    private void check(String where, JsonNode property, Type type, boolean mayBeMissing) {
        Value value = resolve(where, property);
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isPrimitive() && (mayBeMissing || value.types.contains("null"))) {
            problems.add(where + ": the schema allows it missing or null, " + raw + " cannot hold that");
        }
        Set<String> types = new TreeSet<>(value.types);
        types.remove("null");
        Set<String> fits = raw.isRecord() || Map.class.isAssignableFrom(raw) ? Set.of("object")
                : List.class.isAssignableFrom(raw) ? Set.of("array")
                : raw == String.class || raw == Instant.class ? Set.of("string")
                : raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class ? Set.of("integer")
                : raw == Double.class || raw == double.class ? Set.of("number", "integer")
                : raw == Boolean.class || raw == boolean.class ? Set.of("boolean")
                : Set.of();
        if (types.isEmpty() || !fits.containsAll(types)) {
            problems.add(where + ": schema type " + value.types + ", Java " + type.getTypeName());
            return;
        }
        if (raw == Instant.class && !"date-time".equals(value.schema.path("format").asText())) {
            problems.add(where + ": an Instant in Java, not a date-time in the schema");
        }
        if (raw.isRecord()) {
            compare(value.name, value.schema, raw);
        } else if (List.class.isAssignableFrom(raw)) {
            check(where + "[]", value.schema.path("items"), typeArgument(type, 0), false);
        } else if (Map.class.isAssignableFrom(raw)) {
            check(where + "{}", value.schema.path("additionalProperties"), typeArgument(type, 1), false);
        }
    }

    private static Type typeArgument(Type type, int i) {
        return ((ParameterizedType) type).getActualTypeArguments()[i];
    }

    /**
     * A property's schema as this schema writes them: a {@code $ref} to a definition (which
     * names the value), {@code anyOf} a definition and null, or {@code type}, {@code const}
     * or {@code enum} in place.
     */
    private record Value(String name, JsonNode schema, Set<String> types) {
    }

    private Value resolve(String where, JsonNode property) {
        if (property.has("$ref")) {
            String ref = property.get("$ref").asText();
            Value target = resolve(where, schema.at(ref.substring(1)));
            return new Value(ref.substring(ref.lastIndexOf('/') + 1), target.schema, target.types);
        }
        if (property.has("anyOf")) {
            Value value = null;
            Set<String> types = new TreeSet<>();
            for (JsonNode branch : property.get("anyOf")) {
                Value v = resolve(where, branch);
                types.addAll(v.types);
                if (!v.types.equals(Set.of("null"))) value = v;
            }
            return value == null ? new Value(where, property, types) : new Value(value.name, value.schema, types);
        }
        Set<String> types = new TreeSet<>();
        JsonNode type = property.path("type");
        if (type.isArray()) type.forEach(t -> types.add(t.asText()));
        else if (type.isTextual()) types.add(type.asText());
        List<JsonNode> values = new ArrayList<>();
        if (property.has("const")) values.add(property.get("const"));
        property.path("enum").forEach(values::add);
        for (JsonNode v : values) types.add(v.isTextual() ? "string" : v.isIntegralNumber() ? "integer"
                : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isNull() ? "null" : "object");
        return new Value(where, property, types);
    }
}
