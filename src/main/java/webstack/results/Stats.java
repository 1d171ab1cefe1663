package webstack.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One measurement over the rounds of a run: its median, its spread, and every value. */
public record Stats(Double median, Double min, Double max, List<Double> values) {

    public Stats {
        // The median is what the page shows: a stats object without one is not of the schema.
        if (median == null) throw new IllegalArgumentException("a stats object without a median");
        // The page never shows single values, so a null among them (a failed round) is no reason to refuse the file.
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }
}
