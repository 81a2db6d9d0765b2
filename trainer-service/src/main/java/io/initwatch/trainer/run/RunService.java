package io.initwatch.trainer.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import java.util.Optional;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.ControlCommand;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.RepairOf;
import io.initwatch.events.RunChange;
import io.initwatch.events.StopPolicy;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.trainer.config.TrainerConfig;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.trainer.training.LayerPlan;
import io.initwatch.trainer.training.RunControl;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.Trainer;

/** Accepts runs and experiments, queues them, trains them, and remembers how they went. */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    /** Longest id or rule name from the wire that goes into a run's end reason. */
    private static final int MAX_WIRE_NAME = 80;

    private final TelemetrySink sink;
    private final RunRequestValidator validator;
    private final Trainer trainer;
    private final RunScheduler scheduler;
    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
    private final AtomicLong submissions = new AtomicLong();
    private final StopPolicy defaultPolicy;

    public RunService(TrainerConfig config, TelemetrySink sink) {
        this.sink = sink;
        this.defaultPolicy = StopPolicy.parse(config.onAlert()).orElseThrow(() -> new IllegalArgumentException(
                "initwatch.trainer.on-alert must be critical, warning or never, got '" + config.onAlert() + "'"));
        this.validator = new RunRequestValidator(config.toLimits(), Path.of(config.dataDir()));
        this.trainer = new Trainer(config.toSettings());
        this.scheduler = new RunScheduler(config.maxConcurrentRuns(), config.queueCapacity());
    }

    public SubmitResponse submit(RunRequest request) {
        RunPlan plan = validator.validate(request);
        RunRecord record = newRecord(request.experimentId(), request, plan);
        enqueue(List.of(record));
        return new SubmitResponse(record.runId, record.experimentId, RunStatus.QUEUED);
    }

    public ExperimentResponse submitExperiment(ExperimentRequest request) {
        if (request == null || request.base() == null) {
            throw new InvalidRunRequestException("an experiment needs base: the run config every run shares");
        }
        List<String> inits = request.weightInits() == null ? ExperimentRequest.DEFAULT_WEIGHT_INITS
                : new ArrayList<>(new LinkedHashSet<>(request.weightInits()));
        if (inits.isEmpty()) {
            throw new InvalidRunRequestException("weightInits is empty: name at least one initialization to compare");
        }
        List<Long> seeds = request.seeds() == null || request.seeds().isEmpty()
                ? java.util.Collections.singletonList(request.base().seed())
                : new ArrayList<>(new LinkedHashSet<>(request.seeds()));
        // Before any run is validated or built: seeds × inits is the user's to choose, and each combination
        // would otherwise cost a validation (a CSV read) and a record only for the queue to refuse them all.
        long size = (long) inits.size() * seeds.size();
        if (size > scheduler.capacity()) {
            throw new InvalidRunRequestException("the experiment would be " + size + " runs (" + inits.size()
                    + " weightInits x " + seeds.size() + " seeds); at most " + scheduler.capacity()
                    + " runs can be queued at once (initwatch.trainer.max-concurrent-runs + queue-capacity)");
        }
        String experimentId = "exp-" + UUID.randomUUID();
        boolean named = request.name() != null && !request.name().isBlank();
        String name = named ? request.name() : "experiment";
        List<RunRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String init : inits) {
            for (Long seed : seeds) {
                String runName = name + " · " + init + (seeds.size() > 1 ? " · seed " + seed : "");
                RunRequest r = request.base().withInitAndSeed(runName, experimentId, init, seed);
                try {
                    // The name the person gave travels with each run (RunConfig.experimentName), so every
                    // reader can show it instead of the generated id.
                    records.add(newRecord(experimentId, r, validator.validate(r).inExperiment(named ? name : null)));
                } catch (InvalidRunRequestException e) {
                    problems.add("weightInit " + init + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRunRequestException(String.join("; ", new LinkedHashSet<>(problems)));
        }
        enqueue(records);
        return new ExperimentResponse(experimentId, records.stream().map(r -> r.runId).toList());
    }

    public List<RunView> list() {
        return runs.values().stream()
                .sorted(Comparator.comparingLong((RunRecord r) -> r.sequence).reversed())
                .map(RunRecord::view)
                .toList();
    }

    public List<RunView> experiment(String experimentId) {
        List<RunView> views = runs.values().stream()
                .filter(r -> experimentId.equals(r.experimentId))
                .sorted(Comparator.comparingLong((RunRecord r) -> r.sequence))
                .map(RunRecord::view)
                .toList();
        if (views.isEmpty()) {
            throw new RunNotFoundException("no experiment with id " + experimentId);
        }
        return views;
    }

    public RunView get(String runId) {
        return record(runId).view();
    }

    /** Cancels a queued run at once, or asks a running one to stop before its next update. */
    public RunView cancel(String runId) {
        RunRecord record = record(runId);
        RunStatus status = record.status();
        if (status.isTerminal()) {
            throw new RunAlreadyEndedException("run " + runId + " already ended: " + status);
        }
        long now = System.currentTimeMillis();
        if (record.cancelIfQueued("cancelled while queued", now)) {
            sink.runEvent(RunEvent.ended(RunEventType.CANCELLED, runId, record.experimentId, 0, record.plan.epochs(),
                    "cancelled while queued", now));
        }
        return record.view();
    }

    private RunRecord record(String runId) {
        RunRecord record = runs.get(runId);
        if (record == null) {
            throw new RunNotFoundException("no run with id " + runId);
        }
        return record;
    }

    /**
     * Obeys the monitor's STOP for a run of this instance: a queued run ends at once, a running one before its next
     * update, CANCELLED with a reason naming the rule and the alert. Commands for other runs are not ours.
     */
    public void stopOnCommand(ControlCommand command) {
        RunRecord record = runs.get(command.runId());
        if (record == null || !ControlCommand.STOP.equals(command.action())) {
            return;
        }
        String reason = "stopped by the monitor: alert " + clip(command.alertId()) + " (" + clip(command.rule()) + ", "
                + command.severity() + ") met the run's policy onAlert="
                + (record.plan.onAlert() == null ? defaultPolicy : record.plan.onAlert()).wireName();
        if (!record.stopByMonitor(reason, command.alertId())) {
            return;
        }
        long now = System.currentTimeMillis();
        if (record.cancelIfQueued(reason, now)) {
            sink.runEvent(RunEvent.ended(RunEventType.CANCELLED, record.runId, record.experimentId, 0,
                    record.plan.epochs(), reason, now));
            maybeRepair(record);
        }
    }

    /** Remembers an alert about a run of this instance, for its repair. */
    public void onAlert(Alert alert) {
        RunRecord record = runs.get(alert.runId());
        if (record == null) {
            return;
        }
        record.onAlert(alert);
        maybeRepair(record);
    }

    /**
     * Starts a run with the same model, data and seed as this ended run and the initialization (or learning rate)
     * its alert prescribes, linked to it by {@code repairOf}.
     *
     * @throws RepairNotPossibleException when the run has not ended, is already repaired, or no prescription came
     */
    public SubmitResponse repair(String runId) {
        RunRecord record = record(runId);
        if (!record.status().isTerminal()) {
            throw new RepairNotPossibleException("run " + runId + " is " + record.status() + "; a repair starts once it"
                    + " ended (cancel it with DELETE, or let its onAlert policy stop it)");
        }
        if (record.repairRunId() != null) {
            throw new RepairNotPossibleException("run " + runId + " is already repaired by run " + record.repairRunId());
        }
        Alert alert = prescribing(record).orElseThrow(() -> new RepairNotPossibleException("no alert with a"
                + " prescription has arrived for run " + runId + "; GET the monitor's /api/alerts?runId=" + runId));
        return repair(record, alert);
    }

    /** With {@code repair: true}, the repair starts as soon as the run ended and its prescription is known. */
    private void maybeRepair(RunRecord record) {
        if (!Boolean.TRUE.equals(record.request.repair()) || !record.status().isTerminal()
                || record.repairRunId() != null) {
            return;
        }
        Optional<Alert> alert = prescribing(record);
        if (alert.isEmpty()) {
            return;
        }
        try {
            repair(record, alert.get());
        } catch (RuntimeException e) {
            LOG.warnf("could not start the repair of run %s: %s", record.runId, e.getMessage());
        }
    }

    /**
     * The alert whose prescription a repair applies: the one that stopped the run (waited for if it has not arrived
     * yet), otherwise the most severe, earliest alert that prescribes something the trainer can apply.
     */
    private static Optional<Alert> prescribing(RunRecord record) {
        List<Alert> alerts = record.alerts();
        if (record.stopAlertId() != null) {
            return alerts.stream().filter(a -> a.alertId().equals(record.stopAlertId())).filter(RunService::applicable)
                    .findFirst();
        }
        return alerts.stream().filter(RunService::applicable)
                .min(Comparator.comparing((Alert a) -> -a.severity().ordinal()).thenComparingInt(Alert::epoch)
                        .thenComparingLong(Alert::timestampMs));
    }

    private static boolean applicable(Alert alert) {
        return alert.prescription() != null
                && (!alert.prescription().changes().isEmpty() || learningRate(alert) != null);
    }

    private static Double learningRate(Alert alert) {
        RunChange change = alert.prescription() == null ? null : alert.prescription().run();
        return change != null && "learningRate".equals(change.parameter()) && change.suggested() != null
                && change.suggested() > 0 ? change.suggested() : null;
    }

    private synchronized SubmitResponse repair(RunRecord original, Alert alert) {
        if (original.repairRunId() != null) {
            throw new RepairNotPossibleException("run " + original.runId + " is already repaired by run "
                    + original.repairRunId());
        }
        Map<Integer, LayerPrescription> prescribed = new java.util.HashMap<>();
        alert.prescription().changes().forEach(p -> prescribed.put(p.index(), p));
        RunPlan plan = original.plan;
        List<LayerRequest> layers = new ArrayList<>();
        for (int i = 0; i < plan.hidden().size(); i++) {
            LayerPlan layer = plan.hidden().get(i);
            LayerPrescription p = prescribed.get(i);
            layers.add(p == null
                    ? new LayerRequest(layer.width(), layer.activation().wireName(), layer.weightInit().wireName(),
                            layer.initScale())
                    : new LayerRequest(layer.width(), layer.activation().wireName(), p.weightInit(), null));
        }
        LayerPrescription output = prescribed.get(plan.hidden().size());
        Double rate = learningRate(alert);
        String name = "repair of " + plan.name();
        RunRequest request = original.request.forRepair(name.length() > 200 ? name.substring(0, 200) : name, layers,
                output == null ? plan.outputInit().wireName() : output.weightInit(),
                output == null ? plan.outputInitScale() : null,
                rate == null ? plan.learningRate() : rate);
        RepairOf repairOf = new RepairOf(original.runId, alert.alertId(), alert.rule(), alert.epoch(),
                original.trainLoss(Math.max(1, alert.epoch())));
        RunPlan repairPlan = validator.validate(request).inExperiment(plan.experimentName()).repairing(repairOf);
        RunRecord repair = newRecord(original.experimentId, request, repairPlan);
        enqueue(List.of(repair));
        original.repairedBy(repair.runId);
        LOG.infof("run %s repaired by run %s with the prescription of alert %s (%s)", original.runId, repair.runId,
                alert.alertId(), alert.rule());
        return new SubmitResponse(repair.runId, repair.experimentId, RunStatus.QUEUED);
    }

    private static String clip(String value) {
        if (value == null) {
            return "?";
        }
        return value.length() <= MAX_WIRE_NAME ? value : value.substring(0, MAX_WIRE_NAME) + "…";
    }

    private RunRecord newRecord(String experimentId, RunRequest request, RunPlan plan) {
        // the service's default travels in the run's config, so the monitor applies what this trainer means
        plan = plan.onAlert() == null ? plan.withOnAlert(defaultPolicy) : plan;
        return new RunRecord(UUID.randomUUID().toString(), experimentId, request, plan, System.currentTimeMillis(),
                submissions.incrementAndGet());
    }

    private void enqueue(List<RunRecord> records) {
        List<Runnable> jobs = records.stream().<Runnable>map(r -> () -> train(r)).toList();
        // Registered first so a run is visible from the moment a worker may pick it up.
        records.forEach(r -> runs.put(r.runId, r));
        try {
            scheduler.submitAll(jobs);
        } catch (QueueFullException e) {
            records.forEach(r -> runs.remove(r.runId));
            throw e;
        }
    }

    private void train(RunRecord record) {
        if (!record.tryStart(System.currentTimeMillis())) {
            return;
        }
        trainer.train(record.runId, record.experimentId, record.plan,
                sink.andThen(new RecordUpdater(record, this::maybeRepair)), new RunControl() {
                    @Override
                    public boolean stopRequested() {
                        return record.cancelRequested();
                    }

                    @Override
                    public String stopReason(long iterationsDone) {
                        return record.stopReason(iterationsDone);
                    }

                    @Override
                    public void updated(long iterationsDone) {
                        record.updated(iterationsDone);
                    }
                });
    }

    @PreDestroy
    void shutdown() {
        runs.values().forEach(r -> r.cancelIfQueued("service shutting down", System.currentTimeMillis()));
        scheduler.close();
    }

    /** Keeps the REST view of a run in step with what is published about it. */
    private record RecordUpdater(RunRecord record, Consumer<RunRecord> onEnd) implements TelemetrySink {
        @Override
        public void runEvent(RunEvent event) {
            record.onRunEvent(event);
            if (event.type().isTerminal()) {
                onEnd.accept(record);
            }
        }

        @Override
        public void epochMetrics(EpochMetrics metrics) {
            record.onEpoch(metrics);
        }

        @Override
        public void layerStats(LayerStats stats) {
        }
    }
}
