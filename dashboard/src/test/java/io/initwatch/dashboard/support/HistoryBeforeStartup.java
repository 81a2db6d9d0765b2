package io.initwatch.dashboard.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Publishes a finished run before the dashboard starts, as if the dashboard had been restarted after it: the
 * dashboard must rebuild it from the topics.
 */
public class HistoryBeforeStartup implements QuarkusTestResourceLifecycleManager {
    public static final SampleRun RUN = SampleRun.named("trained before the dashboard started", "he-normal");
    public static final int EPOCHS = 4;

    @Override
    public Map<String, String> start() {
        try (EventPublisher publish = new EventPublisher()) {
            publish.run(RUN.started());
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                publish.metrics(RUN.typicalMetrics(epoch)).run(RUN.progress(epoch));
            }
            publish.run(RUN.finished());
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // The broker keeps the records; nothing to undo.
    }
}
