package io.initwatch.monitor.rules;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.Prescription;
import io.initwatch.events.Severity;

/** An alert being composed by a rule; {@link #toAlert} gives it its deterministic id. */
public final class AlertDraft {
    private final String rule;
    private final String conditionKey;
    private final Severity severity;
    private int epoch;
    private Long iteration;
    private List<Integer> layers = List.of();
    private String title;
    private String diagnosis;
    private String recommendation;
    private Cause cause;
    private Prescription prescription;
    private final Map<String, Double> evidence = new LinkedHashMap<>();
    private long timestampMs;

    private AlertDraft(String rule, String conditionKey, Severity severity) {
        this.rule = rule;
        this.conditionKey = conditionKey;
        this.severity = severity;
    }

    /**
     * @param conditionKey what makes this condition distinct within the run for this rule; it must not depend
     *                     on when the condition was first seen, so a replay finds the same id
     */
    public static AlertDraft of(String rule, String conditionKey, Severity severity) {
        return new AlertDraft(rule, conditionKey, severity);
    }

    /** The same condition in the same run always gets the same id, whichever monitor instance sees it. */
    public static String alertId(String runId, String rule, String conditionKey) {
        String name = "initwatch|" + runId + "|" + rule + "|" + conditionKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String rule() {
        return rule;
    }

    public String conditionKey() {
        return conditionKey;
    }

    public AlertDraft at(int epoch, Long iteration, long timestampMs) {
        this.epoch = epoch;
        this.iteration = iteration;
        this.timestampMs = timestampMs;
        return this;
    }

    public AlertDraft layers(List<Integer> layers) {
        this.layers = List.copyOf(layers);
        return this;
    }

    public AlertDraft title(String title) {
        this.title = title;
        return this;
    }

    public AlertDraft diagnosis(String diagnosis) {
        this.diagnosis = diagnosis;
        return this;
    }

    public AlertDraft recommendation(String recommendation) {
        this.recommendation = recommendation;
        return this;
    }

    /** The recommendation text and the machine-readable prescription it was written from. */
    public AlertDraft recommendation(Prescriptions.Fix fix) {
        this.recommendation = fix.text();
        this.prescription = fix.prescription();
        return this;
    }

    public AlertDraft cause(Cause cause) {
        this.cause = cause;
        return this;
    }

    public AlertDraft evidence(String name, double value) {
        evidence.put(name, value);
        return this;
    }

    public Alert toAlert(String runId, String experimentId) {
        return new Alert(Alert.SCHEMA_VERSION, alertId(runId, rule, conditionKey), runId, experimentId, rule,
                severity, epoch, iteration, layers, title, diagnosis, recommendation, cause, evidence, timestampMs, prescription);
    }
}
