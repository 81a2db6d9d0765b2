package io.initwatch.events;

/** Rejects messages from a future, incompatible version of the contract, and messages missing their identity. */
final class SchemaVersions {

    private SchemaVersions() {
    }

    static void check(Object event) {
        int version;
        int supported;
        String runId;
        if (event instanceof RunEvent e) {
            version = e.schemaVersion();
            supported = RunEvent.SCHEMA_VERSION;
            runId = e.runId();
            if (e.type() == null) {
                throw new MalformedEventException("RunEvent without type");
            }
            if (e.type() == RunEventType.STARTED && e.config() == null) {
                throw new MalformedEventException("STARTED RunEvent without config");
            }
        } else if (event instanceof EpochMetrics e) {
            version = e.schemaVersion();
            supported = EpochMetrics.SCHEMA_VERSION;
            runId = e.runId();
        } else if (event instanceof LayerStats e) {
            version = e.schemaVersion();
            supported = LayerStats.SCHEMA_VERSION;
            runId = e.runId();
            if (e.phase() == null) {
                throw new MalformedEventException("LayerStats without phase");
            }
        } else if (event instanceof Alert e) {
            version = e.schemaVersion();
            supported = Alert.SCHEMA_VERSION;
            runId = e.runId();
        } else if (event instanceof ControlCommand e) {
            version = e.schemaVersion();
            supported = ControlCommand.SCHEMA_VERSION;
            runId = e.runId();
        } else {
            return;
        }
        if (version < 1 || version > supported) {
            throw new MalformedEventException(event.getClass().getSimpleName() + " schemaVersion " + version
                    + " is not supported (this reader understands 1.." + supported + ")");
        }
        if (runId == null || runId.isBlank()) {
            throw new MalformedEventException(event.getClass().getSimpleName() + " without runId");
        }
    }
}
