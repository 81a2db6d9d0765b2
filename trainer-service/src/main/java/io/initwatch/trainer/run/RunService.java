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

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.trainer.config.TrainerConfig;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.Trainer;

/** Accepts runs and experiments, queues them, trains them, and remembers how they went. */
@ApplicationScoped
public class RunService {

    private final TelemetrySink sink;
    private final RunRequestValidator validator;
    private final Trainer trainer;
    private final RunScheduler scheduler;
    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
    private final AtomicLong submissions = new AtomicLong();

    public RunService(TrainerConfig config, TelemetrySink sink) {
        this.sink = sink;
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

    private RunRecord newRecord(String experimentId, RunRequest request, RunPlan plan) {
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
        trainer.train(record.runId, record.experimentId, record.plan, sink.andThen(new RecordUpdater(record)),
                record::cancelRequested);
    }

    @PreDestroy
    void shutdown() {
        runs.values().forEach(r -> r.cancelIfQueued("service shutting down", System.currentTimeMillis()));
        scheduler.close();
    }

    /** Keeps the REST view of a run in step with what is published about it. */
    private record RecordUpdater(RunRecord record) implements TelemetrySink {
        @Override
        public void runEvent(RunEvent event) {
            record.onRunEvent(event);
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
