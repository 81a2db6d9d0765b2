package io.initwatch.trainer.training;

import java.util.function.BooleanSupplier;

/**
 * How a training loop is told to stop, polled before every update, and told how far it got. The service's runs
 * are stopped by a person (DELETE) or by the monitor (a STOP on the control topic); the reason names who.
 */
public interface RunControl {

    /** Whether the run should end before its next update. */
    boolean stopRequested();

    /**
     * The end reason when the run stops after {@code iterationsDone} updates; null for the plain "cancelled during
     * epoch N". (Abstract, so a lambda cannot stand for a RunControl and a BooleanSupplier at once.)
     */
    String stopReason(long iterationsDone);

    /** Called after every update with the number of updates done, so a stop can say where it arrived. */
    default void updated(long iterationsDone) {
    }

    static RunControl of(BooleanSupplier cancelled) {
        return new RunControl() {
            @Override
            public boolean stopRequested() {
                return cancelled.getAsBoolean();
            }

            @Override
            public String stopReason(long iterationsDone) {
                return null;
            }
        };
    }
}
