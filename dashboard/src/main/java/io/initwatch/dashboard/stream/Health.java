package io.initwatch.dashboard.stream;

import io.initwatch.events.Severity;

/** A run's health: the worst alert it has raised. INFO alerts (advice, overfitting) leave it OK. */
public enum Health {
    OK,
    WARNING,
    CRITICAL;

    static Health of(Severity severity) {
        return switch (severity) {
            case INFO -> OK;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
        };
    }

    Health worst(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
