/**
 * initwatch's public event contract: one record per message type, JSON on the wire.
 *
 * <p>Every message carries {@code schemaVersion}. Non-finite doubles travel as the JSON strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (JSON has no literal for them), see
 * {@link io.initwatch.events.EventJson}. The documentation is {@code docs/events.md}; the JSON
 * Schemas are on the classpath under {@code /schemas}.
 */
package io.initwatch.events;
