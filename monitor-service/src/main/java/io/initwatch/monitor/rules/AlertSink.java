package io.initwatch.monitor.rules;

/** Where rules put the alerts they raise; the engine drops conditions that already fired for the run. */
public interface AlertSink {

    /** Whether this condition already fired for the run, so a rule can skip composing its text. */
    boolean fired(String rule, String conditionKey);

    void raise(AlertDraft draft);
}
