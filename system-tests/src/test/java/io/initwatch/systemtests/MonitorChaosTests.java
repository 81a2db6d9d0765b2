package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;
import io.initwatch.kafka.LocalKafkaBroker;

/**
 * The packaged monitor as a real process, killed with SIGKILL at random moments while 50 training runs
 * stream in (with a few bad records among them), and a second instance joining and leaving the group: the
 * alerts topic ends up with exactly the alerts an undisturbed monitor raises for the same runs — none
 * missed, none twice — and each bad record is dead-lettered exactly once.
 *
 * <p>The undisturbed pass is a second monitor process, never killed, on its own copy of the topics with the
 * same runs under other run ids. Set {@code -Dchaos.seed=...} to repeat a run's kill moments. Prints the
 * recovery time of each kill (SIGKILL to the restarted process holding its partitions again, state restored).
 * The second test takes the broker away under the monitor instead, and brings it back.
 */
class MonitorChaosTests {
    private static final int RUNS = 50;
    private static final int KILLS = 10;
    private static final int PARTITIONS = 3;
    private static final String[] KINDS = {"healthy", "zeros", "exploding", "lecun", "nan", "overfitting"};
    /** Runs on the topics before the outage (a backlog the monitor is still working through) and after it. */
    private static final int OUTAGE_RUNS_BEFORE = 300;
    private static final int OUTAGE_RUNS_AFTER = 12;
    /**
     * The producer gives a send up after 5 s instead of 2 minutes, so the outage outlasts it quickly; a request
     * without an answer is abandoned after 2 s (delivery.timeout.ms must cover linger.ms + request.timeout.ms).
     * Without a broker, readiness answers only when the Kafka connection check's admin call times out:
     * default.api.timeout.ms, 5 s instead of 60.
     */
    private static final List<String> OUTAGE_SETTINGS = List.of(
            "-Dmp.messaging.outgoing.alerts.delivery.timeout.ms=5000",
            "-Dmp.messaging.outgoing.alerts.request.timeout.ms=2000",
            "-Dmp.messaging.outgoing.dead-letter.delivery.timeout.ms=5000",
            "-Dmp.messaging.outgoing.dead-letter.request.timeout.ms=2000",
            "-Dkafka.default.api.timeout.ms=5000");

    @AfterEach
    void noMonitorLeftBehind() throws InterruptedException {
        Monitor.killAll();
    }

    @Test
    void killedAtRandomMomentsTheMonitorLosesNoAlertAndRepeatsNone() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("chaos: seed %d (-Dchaos.seed=%d repeats the kill moments)%n", seed, seed);
        String bootstrap = LocalKafkaBroker.sharedBootstrapServers();
        String tag = Long.toString(System.currentTimeMillis(), 36);
        Streams calm = new Streams("calm-" + tag, bootstrap);
        Streams chaos = new Streams("chaos-" + tag, bootstrap);
        calm.create();
        chaos.create();

        List<List<Record>> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(run(KINDS[i % KINDS.length], i));
        }
        List<Record> stream = interleave(runs, random);
        long bad = stream.stream().filter(Record::bad).count();
        System.out.printf("chaos: %d runs, %d records (%d bad ones), %d partitions per input topic%n", RUNS,
                stream.size(), bad, PARTITIONS);

        // the undisturbed pass: every record up front, one monitor that is never touched
        calm.publish(stream, 0);
        Monitor undisturbed = Monitor.start(calm, "undisturbed");

        Monitor first = Monitor.start(chaos, "a-0");
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            // about 90 s of concurrent trainers, so every kill lands in the middle of the stream
            chaos.publish(stream, 90_000);
            producing.set(false);
        }, "chaos-producer");
        producer.start();
        first.awaitPartitions();

        List<Long> recoveries = new ArrayList<>();
        Monitor a = first;
        Monitor b = null;
        int rebalances = 1;
        for (int kill = 1; kill <= KILLS; kill++) {
            Thread.sleep(1_000 + random.nextInt(4_000));
            long killedAt = System.nanoTime();
            a.kill();
            a = Monitor.start(chaos, "a-" + kill);
            a.awaitPartitions();
            long recovery = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            recoveries.add(recovery);
            rebalances += 2;
            System.out.printf("chaos: kill %d (SIGKILL) → restarted monitor holding its partitions after %.1f s%n", kill,
                    recovery / 1000.0);
            if (kill == 3) {
                b = Monitor.start(chaos, "b-joins");
                b.awaitPartitions();
                rebalances++;
                System.out.println("chaos: a second instance joined the group");
            } else if (kill == 7 && b != null) {
                b.stop();
                b = null;
                rebalances++;
                System.out.println("chaos: the second instance left the group (SIGTERM)");
            }
        }
        producer.join(Duration.ofMinutes(2).toMillis());
        assertTrue(!producing.get(), "the producer finished");

        undisturbed.awaitCaughtUp(calm);
        a.awaitCaughtUp(chaos);
        a.stop();
        undisturbed.stop();

        Map<String, Integer> expected = alertKeys(calm);
        List<JsonNode> got = alerts(chaos);
        Map<String, Integer> gotKeys = new TreeMap<>();
        Map<String, Integer> ids = new HashMap<>();
        for (JsonNode alert : got) {
            gotKeys.merge(key(alert, chaos.prefix), 1, Integer::sum);
            ids.merge(alert.path("alertId").asText(), 1, Integer::sum);
        }
        Set<String> missed = new HashSet<>(expected.keySet());
        missed.removeAll(gotKeys.keySet());
        Set<String> unexpected = new HashSet<>(gotKeys.keySet());
        unexpected.removeAll(expected.keySet());
        long duplicated = ids.values().stream().filter(n -> n > 1).count();
        Set<String> calmWords = new HashSet<>();
        alerts(calm).forEach(alert -> calmWords.add(wording(alert, calm.prefix)));
        List<String> reworded = got.stream().map(alert -> wording(alert, chaos.prefix))
                .filter(w -> !calmWords.contains(w)).toList();
        Map<String, Integer> deadLetters = deadLetters(chaos);
        long deadLettersTwice = deadLetters.values().stream().filter(n -> n > 1).count();

        recoveries.sort(Long::compare);
        System.out.printf("chaos: %d kills, %d rebalances; alerts expected %d, published %d, missed %d, "
                + "unexpected %d, duplicated %d; bad records %d, dead-lettered %d, twice %d; recovery after SIGKILL "
                + "min %.1f s, median %.1f s, max %.1f s%n", KILLS, rebalances, expected.size(), got.size(),
                missed.size(), unexpected.size(), duplicated, bad, deadLetters.size(), deadLettersTwice,
                recoveries.get(0) / 1000.0, recoveries.get(recoveries.size() / 2) / 1000.0,
                recoveries.get(recoveries.size() - 1) / 1000.0);
        // not a loss: the rules word some diagnoses after what they had seen of the run when it fired
        System.out.printf("chaos: %d of the alerts are worded differently from the undisturbed pass%s%n",
                reworded.size(), reworded.isEmpty() ? "" : ", e.g. " + reworded.get(0));
        assertTrue(expected.size() > RUNS, "the undisturbed monitor raised alerts: " + expected.size());
        assertEquals(Set.of(), missed, "alerts the undisturbed monitor raised that never came after the kills");
        assertEquals(Set.of(), unexpected, "alerts that only the killed monitor raised");
        assertEquals(0, duplicated, "alert ids published twice");
        assertEquals(bad, deadLetters.size(), "bad records dead-lettered");
        assertEquals(0, deadLettersTwice, "bad records dead-lettered twice");
        assertEquals(bad, deadLetters(calm).size(), "bad records dead-lettered by the undisturbed monitor");
    }

    /**
     * The broker stopped under a monitor that is raising alerts, for longer than the producer's delivery timeout,
     * then started again on the same port over the same log: readiness is DOWN while sends fail and UP again
     * after, the failures are counted, every alert the undisturbed pass raises is on the alerts topic exactly
     * once, and runs published after the restart get their alerts. Prints the time from the restart to readiness
     * UP and to the first alert of a new run.
     */
    @Test
    void aBrokerOutageWhileAlertsAreRaisedLosesNoneAndRepeatsNone() throws Exception {
        Random random = new Random(42);
        Path data = Repository.testOutput("outage-broker");
        Utils.delete(data.toFile());
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(0, PARTITIONS, data)) {
            String tag = Long.toString(System.currentTimeMillis(), 36);
            Streams calm = new Streams("calm-" + tag, broker.bootstrapServers());
            Streams outage = new Streams("outage-" + tag, broker.bootstrapServers());
            calm.create();
            outage.create();
            List<List<Record>> runs = new ArrayList<>();
            for (int i = 0; i < OUTAGE_RUNS_BEFORE + OUTAGE_RUNS_AFTER; i++) {
                runs.add(run(KINDS[i % KINDS.length], i));
            }
            List<Record> before = interleave(runs.subList(0, OUTAGE_RUNS_BEFORE), random);
            List<Record> after = interleave(runs.subList(OUTAGE_RUNS_BEFORE, runs.size()), random);
            Set<String> newRuns = new HashSet<>();
            after.forEach(r -> newRuns.add(outage.prefix + r.key()));

            // the undisturbed pass, before the outage
            List<Record> all = new ArrayList<>(before);
            all.addAll(after);
            calm.publish(all, 0);
            Monitor undisturbed = Monitor.start(calm, "undisturbed");
            undisturbed.awaitCaughtUp(calm);
            undisturbed.stop();

            // a backlog, so the monitor still has records to raise alerts from when the broker goes away
            outage.publish(before, 0);
            Monitor monitor = Monitor.start(outage, "outage", OUTAGE_SETTINGS);
            await("the monitor's first alert acknowledged").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(20)).until(() -> monitor.metric(Monitor.ALERTS) > 0);
            broker.stop();
            double processedAtStop = monitor.metric(Monitor.PROCESSED);
            System.out.printf("outage: broker stopped after %.0f of %d records processed%n", processedAtStop,
                    before.size());

            Set<String> downChecks = new TreeSet<>();
            await("a send failed past delivery.timeout.ms and readiness DOWN for it").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        monitor.readiness().filter(r -> r.status() == 503).ifPresent(r ->
                                r.json().path("checks").forEach(c -> {
                                    if (c.path("status").asText().equals("DOWN")) {
                                        downChecks.add(c.path("name").asText());
                                    }
                                }));
                        return downChecks.contains("initwatch-monitor-publishing")
                                && monitor.metric(Monitor.PUBLISH_FAILURES) > 0;
                    });
            double failures = monitor.metric(Monitor.PUBLISH_FAILURES);
            System.out.printf("outage: %.0f failed sends counted, readiness DOWN (%s)%n", failures,
                    String.join(", ", downChecks));

            long restartAt = System.nanoTime();
            broker.restart();
            long brokerUp = System.nanoTime();
            Thread trainers = new Thread(() -> outage.publish(after, 0), "outage-new-runs");
            trainers.start();
            await("readiness UP after the restart").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> monitor.readiness().map(r -> r.status() == 200).orElse(false));
            long readyAt = System.nanoTime();
            long firstNewAlertAt = awaitAlertOf(outage, newRuns);
            trainers.join(Duration.ofMinutes(1).toMillis());
            monitor.awaitCaughtUp(outage);
            failures = monitor.metric(Monitor.PUBLISH_FAILURES);
            monitor.stop();

            Map<String, Integer> expected = alertKeys(calm);
            Map<String, Integer> ids = new HashMap<>();
            Set<String> got = new HashSet<>();
            for (JsonNode alert : alerts(outage)) {
                got.add(key(alert, outage.prefix));
                ids.merge(alert.path("alertId").asText(), 1, Integer::sum);
            }
            Set<String> missed = new HashSet<>(expected.keySet());
            missed.removeAll(got);
            Set<String> unexpected = new HashSet<>(got);
            unexpected.removeAll(expected.keySet());
            long duplicated = ids.values().stream().filter(n -> n > 1).count();
            System.out.printf("outage: restart took %.1f s; from the restart: readiness UP after %.1f s, first alert "
                    + "of a new run after %.1f s%n", millis(restartAt, brokerUp) / 1000.0,
                    millis(restartAt, readyAt) / 1000.0, millis(restartAt, firstNewAlertAt) / 1000.0);
            System.out.printf("outage: alerts expected %d, published %d, missed %d, unexpected %d, duplicated %d; "
                    + "publish failures %.0f%n", expected.size(), ids.size(), missed.size(), unexpected.size(),
                    duplicated, failures);
            assertEquals(Set.of(), missed, "alerts the undisturbed monitor raised that never came after the outage");
            assertEquals(Set.of(), unexpected, "alerts that only the monitor through the outage raised");
            assertEquals(0, duplicated, "alert ids published twice");
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    /** Reads the alerts topic until an alert of one of the runs arrives; when it did (System.nanoTime). */
    private static long awaitAlertOf(Streams streams, Set<String> runIds) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(streams.alerts).stream()
                    .map(p -> new TopicPartition(streams.alerts, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (runIds.contains(record.key())) {
                        return System.nanoTime();
                    }
                }
            }
        }
        throw new AssertionError("no alert of a run published after the restart within 90 s");
    }

    /**
     * What makes an alert the same alert in both passes: its run (without the pass's prefix), rule, severity,
     * epoch and layers — what its deterministic id is made of, without the run id that differs between passes.
     */
    private static String key(JsonNode alert, String prefix) {
        String run = alert.path("runId").asText().substring(prefix.length());
        return run + " " + alert.path("rule").asText() + " " + alert.path("severity").asText() + " epoch "
                + alert.path("epoch").asInt() + " layers " + alert.path("layers");
    }

    /** Its words: the same alert may be worded differently when the rules saw the run's records in another order. */
    private static String wording(JsonNode alert, String prefix) {
        String runId = alert.path("runId").asText();
        String run = runId.substring(prefix.length());
        return key(alert, prefix) + " | " + alert.path("title").asText().replace(runId, run) + " | "
                + alert.path("diagnosis").asText().replace(runId, run);
    }

    private static Map<String, Integer> alertKeys(Streams streams) {
        Map<String, Integer> keys = new TreeMap<>();
        for (JsonNode alert : alerts(streams)) {
            keys.merge(key(alert, streams.prefix), 1, Integer::sum);
        }
        return keys;
    }

    private static List<JsonNode> alerts(Streams streams) {
        List<JsonNode> alerts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : LocalKafkaBroker.readAll(streams.bootstrap, streams.alerts)) {
            try {
                alerts.add(Http.JSON.readTree(record.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return alerts;
    }

    /** Dead letters by the input record they copy (topic, partition, offset). */
    private static Map<String, Integer> deadLetters(Streams streams) {
        Map<String, Integer> byOrigin = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : LocalKafkaBroker.readAll(streams.bootstrap, streams.deadLetter)) {
            byOrigin.merge(header(record, "dead-letter-topic") + "-" + header(record, "dead-letter-partition") + "@"
                    + header(record, "dead-letter-offset"), 1, Integer::sum);
        }
        return byOrigin;
    }

    // --- the stream -------------------------------------------------------------------------------------

    /** One record to publish: topic suffix (runs, metrics, layers), key and value; bad ones are dead letters. */
    record Record(String topic, String key, byte[] value, boolean bad) {
        static Record of(Object event) {
            String topic = event instanceof RunEvent ? "runs" : event instanceof EpochMetrics ? "metrics" : "layers";
            String runId = event instanceof RunEvent e ? e.runId()
                    : event instanceof EpochMetrics m ? m.runId() : ((LayerStats) event).runId();
            return new Record(topic, runId, EventJson.toBytes(event), false);
        }

        Record withPrefix(String prefix) {
            String prefixed = new String(value, StandardCharsets.UTF_8).replace("\"runId\":\"" + key + "\"",
                    "\"runId\":\"" + prefix + key + "\"");
            return new Record(topic, prefix + key, prefixed.getBytes(StandardCharsets.UTF_8), bad);
        }
    }

    /** Several trainers at once: runs start at random moments and each run's own order is kept. */
    private static List<Record> interleave(List<List<Record>> runs, Random random) {
        List<Record> merged = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        runs.forEach(r -> next.add(0));
        int active = 0;
        while (true) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < Math.min(runs.size(), active + 8); i++) {
                if (next.get(i) < runs.get(i).size()) {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                return merged;
            }
            int run = candidates.get(random.nextInt(candidates.size()));
            merged.add(runs.get(run).get(next.get(run)));
            next.set(run, next.get(run) + 1);
            while (active < runs.size() && next.get(active) == runs.get(active).size()) {
                active++;
            }
        }
    }

    /** A run of the given kind, as a trainer publishes it, with the numbers that initialization produces. */
    private static List<Record> run(String kind, int index) {
        String runId = "run-" + index + "-" + kind;
        List<Record> records = new ArrayList<>();
        int hidden = switch (kind) {
            case "exploding" -> 20;
            case "lecun" -> 30;
            default -> 4;
        };
        String init = switch (kind) {
            case "zeros" -> "zeros";
            case "exploding" -> "standard-normal";
            case "lecun" -> "lecun-normal";
            default -> "he-normal";
        };
        RunConfig config = config(runId, hidden, init, kind.equals("nan") ? 10.0 : 0.01);
        records.add(Record.of(RunEvent.started(config, T0)));
        int epochs = kind.equals("nan") || kind.equals("exploding") ? 3 : 10;
        records.add(Record.of(snapshot(runId, StatsPhase.PREFLIGHT, 0, hidden, i -> layer(kind, hidden, i, 0))));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double train = switch (kind) {
                case "zeros" -> 0.6931 - 0.00001 * epoch;
                case "lecun" -> 0.6931 - 0.0004 * epoch;
                case "nan", "exploding" -> Double.NaN;
                case "overfitting" -> 0.02 + 0.67 * Math.pow(0.6, epoch - 1);
                default -> 0.1 + 0.6 * Math.pow(0.75, epoch - 1);
            };
            double validation = kind.equals("overfitting")
                    ? (epoch <= 4 ? 0.3 + 0.4 * Math.pow(0.5, epoch - 1) : 0.35 + 0.04 * (epoch - 4))
                    : train + 0.03;
            records.add(Record.of(new EpochMetrics(1, runId, null, epoch, epoch * 15L, train, validation, null, null,
                    120, T0 + epoch * 1000L)));
            int e = epoch;
            records.add(Record.of(snapshot(runId, StatsPhase.EPOCH, epoch, hidden, i -> layer(kind, hidden, i, e))));
            records.add(Record.of(RunEvent.progress(runId, null, epoch, epochs, T0 + epoch * 1000L + 2)));
            if (index % 10 == 3 && epoch == 2) {
                // what a broken producer sends: each must be dead-lettered once, and the run must go on
                records.add(new Record("metrics", runId, "{\"schemaVersion\":1,\"runId\":".getBytes(StandardCharsets.UTF_8), true));
                records.add(new Record("metrics", runId, EventJson.toBytes(new EpochMetrics(1, runId, null,
                        2_000_000_000, 1, 0.5, null, null, null, 1, 1)), true));
                records.add(new Record("layers", runId, layersWithHugeIndex(runId), true));
            }
        }
        boolean failed = Double.isNaN(kind.equals("nan") || kind.equals("exploding") ? Double.NaN : 0);
        records.add(Record.of(RunEvent.ended(failed ? RunEventType.FAILED : RunEventType.FINISHED, runId, null, epochs,
                epochs, failed ? "loss is NaN" : "all epochs done", T0 + epochs * 1000L + 3)));
        return records;
    }

    static final long T0 = 1_790_000_000_000L;

    static RunConfig config(String runId, int hidden, String init, double learningRate) {
        List<LayerSpec> layers = new ArrayList<>();
        int width = hidden >= 20 ? 64 : 32;
        for (int i = 0; i < hidden; i++) {
            layers.add(new LayerSpec(i, "dense-" + i, "dense", "relu", init, null, i == 0 ? 2 : width, width));
        }
        layers.add(new LayerSpec(hidden, "output", "output", "softmax", init, null, width, 2));
        return new RunConfig(runId, null, runId, "spirals", 2, 2, layers, "sgd", learningRate, 32, 10, 42, "mcxent",
                "chaos-test", Map.of());
    }

    static LayerStats snapshot(String runId, StatsPhase phase, int epoch, int hidden, IntFunction<LayerStat> layer) {
        List<LayerStat> layers = new ArrayList<>();
        for (int i = 0; i <= hidden; i++) {
            layers.add(layer.apply(i));
        }
        return new LayerStats(1, runId, null, phase, epoch, phase == StatsPhase.PREFLIGHT ? 0 : epoch * 15L, layers,
                T0 + epoch * 1000L + 1);
    }

    /** Layer i's numbers: healthy He (std ≈ 1, gradient 0.1), or what each bad initialization does to them. */
    static LayerStat layer(String kind, int hidden, int i, int epoch) {
        boolean output = i == hidden;
        boolean preflight = epoch == 0;
        double gradient = 0.08 + 0.01 * i;
        double weightNorm = 3.0;
        double weightStd = 0.25;
        double activationStd = 1.0 - 0.01 * i;
        double zeroFraction = output ? 0.0 : 0.5;
        Double updateRatio = preflight ? null : 1e-3;
        switch (kind) {
            case "zeros" -> {
                gradient = 0.0;
                weightNorm = 0.0;
                weightStd = 0.0;
                activationStd = 0.0;
                zeroFraction = 1.0;
                updateRatio = preflight ? null : Double.NaN;
            }
            case "exploding" -> {
                if (preflight) {
                    gradient = Math.pow(4, hidden - i) * 0.5;
                    weightNorm = 32.0;
                    weightStd = 1.0;
                    activationStd = Math.pow(4, Math.min(i, hidden - 1));
                } else {
                    gradient = weightNorm = weightStd = activationStd = Double.NaN;
                    updateRatio = Double.NaN;
                }
            }
            case "lecun" -> {
                activationStd = 0.7 * Math.pow(Math.sqrt(0.5), Math.min(i, hidden - 1));
                gradient = 0.2 * Math.pow(10, -6.0 * (hidden - i) / hidden);
                updateRatio = preflight ? null : 1e-3 * Math.pow(10, -6.0 * (hidden - i) / hidden);
            }
            case "nan" -> {
                if (!preflight) {
                    gradient = weightNorm = weightStd = activationStd = Double.NaN;
                    updateRatio = Double.NaN;
                }
            }
            default -> {
            }
        }
        double unitSpread = 0.3 * activationStd;
        return new LayerStat(i, output ? "output" : "dense-" + i, output ? "softmax" : "relu", gradient,
                Double.isNaN(gradient) ? Double.NaN : gradient / 10, weightNorm, 0.0, weightStd, updateRatio, 0.4,
                activationStd, zeroFraction, 0.0, kind.equals("zeros") ? 0.0 : unitSpread);
    }

    private static byte[] layersWithHugeIndex(String runId) {
        List<LayerStat> layers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            layers.add(new LayerStat(i == 3 ? 2_000_000_000 : i, "dense-" + i, "relu", 0.1, 0.01, 3.0, 0.0, 0.25,
                    1e-3, 0.4, 1.0, 0.5, 0.0, 0.3));
        }
        return EventJson.toBytes(new LayerStats(1, runId, null, StatsPhase.EPOCH, 2, 31, layers, T0 + 2500));
    }

    // --- Kafka --------------------------------------------------------------------------------------------

    /** One pass's topics (all names prefixed) on one broker, and its consumer group. */
    static final class Streams {
        final String bootstrap;
        final String prefix;
        final String runs;
        final String metrics;
        final String layers;
        final String alerts;
        final String deadLetter;
        final String group;

        Streams(String name, String bootstrap) {
            this.bootstrap = bootstrap;
            this.prefix = name + "-";
            this.runs = name + ".runs";
            this.metrics = name + ".metrics";
            this.layers = name + ".layers";
            this.alerts = name + ".alerts";
            this.deadLetter = name + ".dead-letter";
            this.group = name + "-monitor";
        }

        void create() {
            LocalKafkaBroker.createTopics(bootstrap, Map.of(runs, PARTITIONS, metrics, PARTITIONS, layers, PARTITIONS,
                    alerts, PARTITIONS, deadLetter, 1));
        }

        String topic(String kind) {
            return switch (kind) {
                case "runs" -> runs;
                case "metrics" -> metrics;
                default -> layers;
            };
        }

        List<TopicPartition> inputPartitions() {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(runs, metrics, layers)) {
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            return partitions;
        }

        /** Publishes every record keyed by its (prefixed) run id, spread evenly over {@code overMillis}. */
        void publish(List<Record> records, long overMillis) {
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 5);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                long start = System.nanoTime();
                for (int i = 0; i < records.size(); i++) {
                    Record record = records.get(i).withPrefix(prefix);
                    producer.send(new ProducerRecord<>(topic(record.topic()), record.key(), record.value()));
                    long due = start + TimeUnit.MILLISECONDS.toNanos(overMillis * (i + 1) / records.size());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        producer.flush();
                        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether the group has committed every input record: processed, and its alerts acknowledged. */
        boolean caughtUp() {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Map<TopicPartition, OffsetSpec> query = new HashMap<>();
                inputPartitions().forEach(tp -> query.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, Long> end = new HashMap<>();
                admin.listOffsets(query).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
            } catch (Exception e) {
                return false;
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    // --- the monitor process --------------------------------------------------------------------------------

    /** The packaged monitor, started as {@code java -jar}, killed with SIGKILL or stopped with SIGTERM. */
    static final class Monitor {
        static final String PROCESSED = "initwatch_monitor_events_processed_total";
        static final String ALERTS = "initwatch_monitor_alerts_total";
        static final String PUBLISH_FAILURES = "initwatch_monitor_publish_failures_total";
        static final String PARTITIONS_ASSIGNED = "initwatch_monitor_partitions_assigned";
        /** Every process started, so a failing test leaves none behind. */
        static final List<Monitor> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** SIGKILLs every monitor process a test started and has not stopped. */
        static void killAll() throws InterruptedException {
            for (Monitor monitor : ALL) {
                monitor.kill();
            }
            ALL.clear();
        }

        private final Process process;
        private final int port;
        private final Path log;

        private Monitor(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static Monitor start(Streams streams, String name) {
            return start(streams, name, List.of());
        }

        /** @param settings system properties ({@code -Dkey=value}) for this process's configuration */
        static Monitor start(Streams streams, String name, List<String> settings) {
            int port = Repository.freePort();
            Path log = Repository.testOutput("chaos-logs").resolve(streams.prefix + name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1"));
            command.addAll(settings);
            command.addAll(List.of("-jar", Repository.Service.MONITOR.runnableJar().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Repository.testOutput("chaos-logs").toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(n -> !n.equals("PATH") && !n.equals("JAVA_HOME") && !n.equals("HOME"));
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("KAFKA_BOOTSTRAP_SERVERS", streams.bootstrap);
            env.put("INITWATCH_TOPICS_RUNS", streams.runs);
            env.put("INITWATCH_TOPICS_METRICS", streams.metrics);
            env.put("INITWATCH_TOPICS_LAYERS", streams.layers);
            env.put("INITWATCH_TOPICS_ALERTS", streams.alerts);
            env.put("INITWATCH_TOPICS_DEAD_LETTER", streams.deadLetter);
            env.put("INITWATCH_MONITOR_GROUP_ID", streams.group);
            // a SIGKILLed member stays in the group until its session expires: 6 s (the broker's minimum)
            // instead of 45 s, so the partitions move on quickly
            env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            env.put("KAFKA_AUTO_COMMIT_INTERVAL_MS", "1000");
            try {
                Monitor monitor = new Monitor(builder.start(), port, log);
                ALL.add(monitor);
                return monitor;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits until this process holds partitions, their state restored: from then on it handles their records.
         * (Not "has processed a record": a restarted monitor resumes after what its saved state covers, and may
         * find nothing new to process.)
         */
        void awaitPartitions() {
            await("monitor on port " + port + " holding partitions; see " + log).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the monitor exited; see " + log, () -> !process.isAlive())
                    .until(() -> metric(PARTITIONS_ASSIGNED) > 0);
        }

        void awaitCaughtUp(Streams streams) {
            awaitCaughtUp(streams, Duration.ofSeconds(90));
        }

        void awaitCaughtUp(Streams streams, Duration atMost) {
            await("group " + streams.group + " caught up; see " + log).atMost(atMost)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the monitor exited; see " + log, () -> !process.isAlive())
                    .until(streams::caughtUp);
        }

        /** A counter from /q/metrics summed over its tags; 0 while the process does not answer. */
        double metric(String name) {
            Pattern pattern = Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);
            return Http.get(port, "/q/metrics", Duration.ofSeconds(2)).map(r -> {
                double sum = 0;
                Matcher m = pattern.matcher(r.body());
                while (m.find()) {
                    sum += Double.parseDouble(m.group(2));
                }
                return sum;
            }).orElse(0.0);
        }

        /** /q/health/ready, or empty while the process does not answer (without a broker: see OUTAGE_SETTINGS). */
        Optional<Http.Response> readiness() {
            return Http.get(port, "/q/health/ready", Duration.ofSeconds(30));
        }

        /** SIGKILL: no shutdown hook, no flush, no leaving the group. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

}
