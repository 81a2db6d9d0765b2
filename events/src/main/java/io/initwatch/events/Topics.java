package io.initwatch.events;

/** Default topic names. Every service can override them; the key of every record is the run id. */
public final class Topics {
    public static final String RUNS = "initwatch.runs";
    public static final String METRICS = "initwatch.metrics";
    public static final String LAYERS = "initwatch.layers";
    public static final String ALERTS = "initwatch.alerts";
    public static final String DEAD_LETTER = "initwatch.dead-letter";
    public static final String CONTROL = "initwatch.control";

    private Topics() {
    }
}
