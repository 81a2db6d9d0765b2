package io.initwatch.trainer.run;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.RunEvent;
import io.initwatch.trainer.training.RunPlan;

/** The service's mutable record of one run. Status changes are atomic so a cancel and a start cannot both win. */
final class RunRecord {

    final String runId;
    final String experimentId;
    final RunRequest request;
    final RunPlan plan;
    final long createdAtMs;
    /** Submission order; creation times tie within a millisecond, as the runs of one experiment do. */
    final long sequence;

    private RunStatus status = RunStatus.QUEUED;
    private volatile boolean cancelRequested;
    private int epoch;
    private Double trainLoss;
    private Double validationLoss;
    private Double trainAccuracy;
    private Double validationAccuracy;
    private String reason;
    private Long startedAtMs;
    private Long endedAtMs;

    RunRecord(String runId, String experimentId, RunRequest request, RunPlan plan, long createdAtMs, long sequence) {
        this.runId = runId;
        this.experimentId = experimentId;
        this.request = request;
        this.plan = plan;
        this.createdAtMs = createdAtMs;
        this.sequence = sequence;
    }

    /** QUEUED → RUNNING; false if the run was cancelled while it waited. */
    synchronized boolean tryStart(long now) {
        if (status != RunStatus.QUEUED) {
            return false;
        }
        status = RunStatus.RUNNING;
        startedAtMs = now;
        return true;
    }

    /** QUEUED → CANCELLED; false if the run already started (then the training loop sees the request). */
    synchronized boolean cancelIfQueued(String why, long now) {
        cancelRequested = true;
        if (status != RunStatus.QUEUED) {
            return false;
        }
        end(RunStatus.CANCELLED, why, now);
        return true;
    }

    synchronized RunStatus status() {
        return status;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    synchronized void onEpoch(EpochMetrics m) {
        epoch = m.epoch();
        trainLoss = m.trainLoss();
        validationLoss = m.validationLoss();
        trainAccuracy = m.trainAccuracy();
        validationAccuracy = m.validationAccuracy();
    }

    synchronized void onRunEvent(RunEvent e) {
        if (e.type().isTerminal()) {
            end(RunStatus.valueOf(e.type().name()), e.reason(), e.timestampMs());
        }
    }

    private void end(RunStatus terminal, String why, long now) {
        status = terminal;
        reason = why;
        endedAtMs = now;
    }

    synchronized RunView view() {
        return new RunView(runId, experimentId, plan.name(), status, cancelRequested, epoch, plan.epochs(), trainLoss,
                validationLoss, trainAccuracy, validationAccuracy, reason, createdAtMs, startedAtMs, endedAtMs,
                request);
    }
}
