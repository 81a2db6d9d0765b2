package io.initwatch.events;

import java.util.List;
import java.util.Map;

/**
 * A diagnosis with a prescription, on the alerts topic. Kafka headers {@code initwatch-rule},
 * {@code initwatch-severity} and {@code initwatch-alert-id} repeat {@link #rule()}, {@link #severity()} and
 * {@link #alertId()} for routing and de-duplicating without parsing.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param alertId        deterministic: the same condition in the same run always has the same id, so
 *                       consumers can de-duplicate
 * @param runId          the run, also the record key
 * @param experimentId   may be null
 * @param rule           the rule that fired, e.g. {@code non-finite-loss}, {@code vanishing-gradients}
 * @param severity       how urgent
 * @param epoch          epoch the evidence comes from (0 for pre-flight and config advice)
 * @param iteration      iteration the evidence comes from; may be null
 * @param layers         indexes of the layers concerned; empty for whole-run conditions
 * @param title          one line, e.g. "Vanishing gradients in layers 1–27"
 * @param diagnosis      what was seen (numbers, layers, epochs) and the probable cause
 * @param recommendation the concrete change, with the numbers for the layers concerned
 * @param cause          the probable cause, machine-readable; null when the alert names none
 * @param evidence       the numbers behind the diagnosis, by name (may be non-finite)
 * @param timestampMs    when the alert was raised, epoch milliseconds
 * @param prescription   the recommendation, machine-readable (the text is written from it); null when the alert
 *                       prescribes nothing a program can apply
 */
public record Alert(
        int schemaVersion,
        String alertId,
        String runId,
        String experimentId,
        String rule,
        Severity severity,
        int epoch,
        Long iteration,
        List<Integer> layers,
        String title,
        String diagnosis,
        String recommendation,
        Cause cause,
        Map<String, Double> evidence,
        long timestampMs,
        Prescription prescription) {

    public static final int SCHEMA_VERSION = 1;
    public static final String RULE_HEADER = "initwatch-rule";
    public static final String SEVERITY_HEADER = "initwatch-severity";
    public static final String ALERT_ID_HEADER = "initwatch-alert-id";

    public Alert {
        layers = layers == null ? List.of() : List.copyOf(layers);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }

    /** An alert without a machine-readable prescription: the prescription came later (still schema version 1). */
    public Alert(int schemaVersion, String alertId, String runId, String experimentId, String rule, Severity severity,
            int epoch, Long iteration, List<Integer> layers, String title, String diagnosis, String recommendation,
            Cause cause, Map<String, Double> evidence, long timestampMs) {
        this(schemaVersion, alertId, runId, experimentId, rule, severity, epoch, iteration, layers, title, diagnosis,
                recommendation, cause, evidence, timestampMs, null);
    }
}
