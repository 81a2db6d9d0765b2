package io.initwatch.monitor.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of one phase of the benchmark (execution samples every 10 ms, and monitor waits over 1 ms),
 * summarised as where the samples fall: each sample is charged to the nearest frame from the top of its stack
 * that belongs to a known component (JDK frames are looked through), samples of the in-JVM broker separately.
 */
final class JfrProfile implements AutoCloseable {
    private final Recording recording = new Recording();
    private final Path file;
    private boolean closed;

    /**
     * Sets JFR up in this JVM, to be called before any warm-up. JFR started in a running JVM takes the JVMTI
     * capability to retransform classes late and then retransforms some, and HotSpot, which recorded no
     * dependencies on method redefinition for the code compiled until then, deoptimizes all of it (JDK-8324241,
     * fixed in later JDKs): the first recording would otherwise turn the phase it profiles into a cold start.
     */
    static void setUp() {
        try (Recording recording = new Recording()) {
            recording.start();
        }
    }

    JfrProfile(Path file) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
        recording.start();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        recording.stop();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            recording.dump(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording.close();
        }
    }

    /** Component → share of the samples; "top frames" lines; monitor waits. */
    List<String> summary() {
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Double> waits = new HashMap<>();
        int samples = 0;
        int broker = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                if (event.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
                    if (frames.stream().anyMatch(f -> type(f).startsWith("io.initwatch.monitor.benchmark"))) {
                        continue; // the benchmark's own polling waiting for the processor's lock
                    }
                    String where = component(frames) + " at " + frameName(frames.get(0));
                    waits.merge(where, event.getDuration().toNanos() / 1e6, Double::sum);
                    continue;
                }
                samples++;
                if (isBroker(frames)) {
                    broker++;
                    continue;
                }
                components.merge(component(frames), 1, Integer::sum);
                topFrames.merge(frameName(frames.get(0)), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int total = samples;
        int client = samples - broker;
        String byComponent = components.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / client))
                .collect(Collectors.joining(", "));
        String top = topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(8).map(e -> String.format(Locale.ROOT, "`%s` %.1f %%", e.getKey(), 100.0 * e.getValue() / client))
                .collect(Collectors.joining(", "));
        String blocked = waits.isEmpty() ? "none over 1 ms"
                : waits.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                        .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("samples", String.format(Locale.ROOT, "%d execution samples, %.0f %% of them in the in-JVM broker",
                total, total == 0 ? 0.0 : 100.0 * broker / total));
        lines.put("components", "outside the broker, by component: " + byComponent);
        lines.put("top", "top frames (self): " + top);
        lines.put("waits", "monitor waits > 1 ms (total): " + blocked);
        return List.copyOf(lines.values());
    }

    private static boolean isBroker(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = type(frame);
            if (type.startsWith("kafka.") || type.startsWith("org.apache.kafka.server")
                    || type.startsWith("org.apache.kafka.raft") || type.startsWith("org.apache.kafka.storage")
                    || type.startsWith("org.apache.kafka.controller") || type.startsWith("org.apache.kafka.metadata")
                    || type.startsWith("org.apache.kafka.image") || type.startsWith("org.apache.kafka.network")
                    || type.startsWith("io.initwatch.kafka")) {
                return true;
            }
        }
        return false;
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = type(frame);
            if (type.startsWith("io.initwatch.monitor.benchmark") || type.startsWith("org.awaitility")) {
                return "benchmark itself";
            }
            if (type.startsWith("io.initwatch.monitor.rules")) {
                return "rules";
            }
            if (type.startsWith("com.fasterxml.jackson") || type.startsWith("io.initwatch.events.EventJson")
                    || type.startsWith("io.initwatch.events.TelemetryReader")
                    || type.startsWith("io.initwatch.events.SchemaVersions")
                    || type.startsWith("io.initwatch.events.kafka")) {
                return "JSON (Jackson via EventJson)";
            }
            if (type.startsWith("io.initwatch.events")) {
                return "event records and name parsing (WeightInit, Activation)";
            }
            if (type.startsWith("io.initwatch.monitor")) {
                return "monitor messaging edge";
            }
            if (type.startsWith("org.apache.kafka")) {
                return "Kafka client";
            }
            if (type.startsWith("io.smallrye") || type.startsWith("io.vertx") || type.startsWith("io.netty")
                    || type.startsWith("io.quarkus")) {
                return "SmallRye/Vert.x/Quarkus";
            }
        }
        return "JDK and other";
    }

    private static String type(RecordedFrame frame) {
        return frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
    }

    private static String frameName(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
