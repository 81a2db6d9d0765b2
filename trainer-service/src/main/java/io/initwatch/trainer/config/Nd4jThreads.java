package io.initwatch.trainer.config;

import jakarta.enterprise.event.Observes;

import org.nd4j.linalg.factory.Nd4j;

import io.quarkus.runtime.StartupEvent;

/** Applies {@code initwatch.trainer.nd4j-threads} before the first run. */
public class Nd4jThreads {

    void onStart(@Observes StartupEvent event, TrainerConfig config) {
        Nd4j.getEnvironment().setMaxThreads(config.nd4jThreads());
        Nd4j.getEnvironment().setMaxMasterThreads(config.nd4jThreads());
    }
}
