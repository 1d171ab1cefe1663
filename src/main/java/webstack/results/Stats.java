package webstack.results;

/**
 * One measurement over the rounds of a run ({@code stats} in bench/results.schema.json): the
 * median the page shows, and the spread beside it. The rounds' single values are not read.
 */
public record Stats(Double median, Double min, Double max) {

    public Stats {
        // The median is what the page shows: a stats object without one is not of the schema.
        if (median == null) throw new IllegalArgumentException("a stats object without a median");
    }
}
