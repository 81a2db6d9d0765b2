package io.initwatch.trainer.run;

/** A repair that cannot start (the run still trains, is already repaired, or has no prescription yet); 409. */
public class RepairNotPossibleException extends RuntimeException {
    public RepairNotPossibleException(String message) {
        super(message);
    }
}
