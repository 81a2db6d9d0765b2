package io.initwatch.monitor.config;

import io.smallrye.config.ConfigMapping;

/** {@code initwatch.topics.*}: topic names (env {@code INITWATCH_TOPICS_RUNS}, ...). */
@ConfigMapping(prefix = "initwatch.topics")
public interface TopicsConfig {
    String runs();

    String metrics();

    String layers();

    String alerts();

    String deadLetter();

    /** Where STOP commands go when an alert meets a run's onAlert policy. */
    String control();
}
