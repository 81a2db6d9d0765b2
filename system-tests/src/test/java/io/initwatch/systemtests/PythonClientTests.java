package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.Severity;
import io.initwatch.events.Topics;
import io.initwatch.kafka.LocalKafkaBroker;

/**
 * The Python client ({@code clients/python}) against the real system: a broker, the packaged monitor, and the
 * client's integration tests publishing PyTorch runs of the lesson's deep ReLU network. The monitor must
 * diagnose them as it diagnoses Deeplearning4j runs: the Xavier run gets the rules the same network trained
 * by the packaged DL4J trainer gets (trained here, side by side), the He run nothing of WARNING or above, and
 * the run that goes NaN a CRITICAL non-finite-loss alert. Alerts are read from the alerts topic, as any
 * consumer would.
 */
class PythonClientTests {

    /** Debian's interpreter: it sees the packages apt installs (a python3 earlier on PATH may not). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String APT_PACKAGES = "python3-torch python3-kafka python3-jsonschema python3-pytest";
    private static final String MONITOR_GROUP = "initwatch-monitor";
    private static final List<String> INPUT_TOPICS = List.of(Topics.RUNS, Topics.METRICS, Topics.LAYERS);

    private static LocalKafkaBroker broker;
    private static ServiceProcess monitor;

    @BeforeAll
    static void startBrokerAndMonitor() {
        requirePythonPackages();
        broker = LocalKafkaBroker.start(0, 1, null);
        LocalKafkaBroker.createTopics(broker.bootstrapServers(), Map.of(Topics.RUNS, 1, Topics.METRICS, 1,
                Topics.LAYERS, 1, Topics.ALERTS, 1, Topics.DEAD_LETTER, 1, Topics.CONTROL, 1));
        monitor = ServiceProcess.start(Repository.Service.MONITOR, "monitor-python-client",
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()));
        monitor.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (monitor != null) {
            monitor.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theMonitorDiagnosesPyTorchRunsAsItDiagnosesTheSameDl4jRun() throws Exception {
        String prefix = "py-" + UUID.randomUUID().toString().substring(0, 8);
        Path dl4jLog = Repository.testOutput("service-logs").resolve("trainer-dl4j-xavier.log");
        Process dl4j = startDl4jXavierRun(dl4jLog);
        Path pytestLog = Repository.testOutput("service-logs").resolve("python-client-pytest.log");

        int pytestExit = runPytest(prefix, pytestLog);
        assertTrue(dl4j.waitFor(3, TimeUnit.MINUTES), "the DL4J trainer did not finish within 3 minutes");
        String pytestOutput = Files.readString(pytestLog);
        System.out.println(pytestOutput);
        assertEquals(0, pytestExit, "the Python client's tests failed:\n" + pytestOutput);
        assertEquals(0, dl4j.exitValue(), "the DL4J run did not finish; see " + dl4jLog);
        String dl4jRunId = runIdPrinted(dl4jLog);

        awaitMonitorCaughtUp();
        assertEquals(0, endOffset(Topics.DEAD_LETTER),
                "the monitor could not read some records (dead-letter topic); see " + monitorLog());
        List<Alert> alerts = readAlerts();
        Set<String> dl4jXavier = rules(alerts, a -> a.runId().equals(dl4jRunId));
        Set<String> torchXavier = rules(alerts, a -> a.runId().equals(prefix + "-xavier"));
        System.out.printf("  DL4J Xavier run: %s%n  PyTorch Xavier run: %s%n", dl4jXavier, torchXavier);

        assertTrue(dl4jXavier.containsAll(Set.of("init-mismatch", "variance-not-preserved")),
                "the DL4J Xavier run should show the lesson's diagnosis, got " + dl4jXavier);
        assertEquals(dl4jXavier, torchXavier, "the same network under Xavier, in PyTorch and in DL4J");
        Alert mismatch = alerts.stream()
                .filter(a -> a.runId().equals(prefix + "-xavier") && a.rule().equals("init-mismatch"))
                .findFirst().orElseThrow();
        // The prescription needs the layer specs the client sent: activation, initializer, n_in and n_out.
        assertTrue(mismatch.recommendation().contains("now xavier-normal σ² = 2/(32+32)")
                && mismatch.recommendation().contains("use He, σ² = 2/32"), mismatch.recommendation());

        List<Alert> he = alerts.stream().filter(a -> a.runId().equals(prefix + "-he")).toList();
        assertTrue(he.stream().noneMatch(a -> a.severity() != Severity.INFO),
                "the He run should raise nothing of WARNING or above, got " + describe(he));

        List<Alert> nan = alerts.stream().filter(a -> a.runId().equals(prefix + "-nan")).toList();
        assertTrue(nan.stream().anyMatch(a -> a.rule().equals("non-finite-loss") && a.severity() == Severity.CRITICAL),
                "the run that went NaN should get a CRITICAL non-finite-loss alert, got " + describe(nan));

        // The same NaN run watched with raise_on_stop: the monitor's STOP (CRITICAL meets onAlert=critical, which
        // the client sends) ends it CANCELLED, naming a CRITICAL alert of that run and its rule.
        List<Alert> stoppedAlerts = alerts.stream().filter(a -> a.runId().equals(prefix + "-stop")).toList();
        RunEvent end = readAll(Topics.RUNS, RunEvent.class).stream()
                .filter(e -> e.runId().equals(prefix + "-stop") && e.type() != RunEventType.STARTED
                        && e.type() != RunEventType.PROGRESS)
                .findFirst().orElseThrow(() -> new AssertionError("the stopped run never ended"));
        assertEquals(RunEventType.CANCELLED, end.type(), "the stopped run's end: " + end.reason());
        assertTrue(stoppedAlerts.stream().anyMatch(a -> a.severity() == Severity.CRITICAL
                        && end.reason().contains(a.alertId()) && end.reason().contains(a.rule())),
                "CANCELLED should name a CRITICAL alert of the run and its rule: " + end.reason() + "; alerts "
                        + describe(stoppedAlerts));
    }

    private static void requirePythonPackages() {
        String message = "PythonClientTests runs the Python client's tests with " + PYTHON
                + ", which needs Debian's " + APT_PACKAGES + ": apt-get install -y " + APT_PACKAGES
                + " (.ci/run installs them)";
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import torch, kafka, jsonschema, pytest")
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes());
            if (!check.waitFor(2, TimeUnit.MINUTES) || check.exitValue() != 0) {
                fail(message + "\n" + output);
            }
        } catch (IOException e) {
            fail(message + "\n" + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while checking " + PYTHON);
        }
    }

    /**
     * All of clients/python/tests, the integration tests included (so ./mvnw verify runs the client's unit tests
     * too), with the broker's address; output to a log; the exit status.
     */
    private static int runPytest(String prefix, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "pytest", "clients/python/tests", "-m",
                "integration or not integration", "-v")
                .directory(Repository.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("INITWATCH_IT_RUN_PREFIX", prefix);
        env.put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        System.out.println("  running the Python client's tests (log " + log + ")");
        Process pytest = builder.start();
        if (!pytest.waitFor(5, TimeUnit.MINUTES)) {
            pytest.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the Python client's tests did not finish within 5 minutes; see " + log);
        }
        return pytest.exitValue();
    }

    /** The network of test_integration.py, trained by the packaged DL4J trainer's command line. */
    private static Process startDl4jXavierRun(Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Repository.Service.TRAINER.runnableJar().toString(), "train",
                "--name", "dl4j relu depth 20, xavier", "--dataset", "blobs",
                "--hidden-layers", "20", "--width", "32", "--activation", "relu", "--weight-init", "xavier-normal",
                "--optimizer", "adam", "--learning-rate", "0.001", "--batch-size", "32", "--epochs", "4",
                "--seed", "42")
                .directory(Repository.testOutput("service-logs").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("JAVA_HOME") && !name.equals("HOME"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(Repository.freePort()));
        System.out.println("  training the same network under Xavier with the DL4J trainer (log " + log + ")");
        return builder.start();
    }

    /** The run id the trainer's command line prints first: "run <id>: <name>". */
    private static String runIdPrinted(Path log) throws IOException {
        Matcher m = Pattern.compile("^run (\\S+): ", Pattern.MULTILINE).matcher(Files.readString(log));
        assertTrue(m.find(), "no run id in " + log);
        return m.group(1);
    }

    /** Until the monitor has committed every input record: it commits a batch only after its alerts are out. */
    private static void awaitMonitorCaughtUp() {
        await("the monitor's committed offsets reaching the end of the input topics")
                .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
                    return INPUT_TOPICS.stream().allMatch(topic -> {
                        OffsetAndMetadata offset = committed.get(new TopicPartition(topic, 0));
                        return offset != null && offset.offset() >= endOffset(topic);
                    });
                });
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(MONITOR_GROUP).partitionsToOffsetAndMetadata().get();
        }
    }

    private static long endOffset(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offset of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static List<Alert> readAlerts() {
        return readAll(Topics.ALERTS, Alert.class);
    }

    private static <T> List<T> readAll(String topic, Class<T> type) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long end = endOffset(topic);
        List<T> alerts = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(EventJson.fromJson(record.value(), type));
                }
            }
        }
        assertEquals(end, alerts.size(), "records read from " + topic);
        return alerts;
    }

    private static Set<String> rules(List<Alert> alerts, Predicate<Alert> run) {
        return alerts.stream().filter(run).map(Alert::rule).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(List<Alert> alerts) {
        return alerts.stream().map(a -> a.rule() + " " + a.severity() + ": " + a.title()).toList().toString();
    }

    private static String monitorLog() {
        return Repository.testOutput("service-logs").resolve("monitor-python-client.log").toString();
    }
}
