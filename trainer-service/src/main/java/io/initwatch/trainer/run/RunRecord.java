package io.initwatch.trainer.run;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Alert;
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

    /** Alerts the monitor published about this run, bounded: a run raises a handful, never hundreds. */
    static final int MAX_ALERTS = 64;
    private final List<Alert> alerts = new ArrayList<>();
    /** Training loss per completed epoch (index epoch - 1), for a repair's comparison; epochs are at most 1000. */
    private final List<Double> losses = new ArrayList<>();
    /** Updates done so far, written by the training thread after every update. */
    private volatile long iterations;
    /** Set when the monitor asked to stop: why, which alert, and how many updates were done when it arrived. */
    private volatile String stopReason;
    private volatile String stopAlertId;
    private volatile long stopArrivedAfter = -1;
    private String repairRunId;

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

    /**
     * Remembers the monitor's STOP (the caller then cancels the run). False when the run already ended or a stop
     * was already asked for: a command read twice changes nothing.
     */
    synchronized boolean stopByMonitor(String reason, String alertId) {
        if (status.isTerminal() || stopReason != null) {
            return false;
        }
        stopReason = reason;
        stopAlertId = alertId;
        stopArrivedAfter = iterations;
        return true;
    }

    String stopAlertId() {
        return stopAlertId;
    }

    /** The end reason of a run the monitor stopped, with where the command arrived and where training stopped. */
    String stopReason(long iterationsDone) {
        String reason = stopReason;
        if (reason == null) {
            return null;
        }
        return reason + "; the command arrived after update " + stopArrivedAfter + ", training stopped before update "
                + (iterationsDone + 1);
    }

    void updated(long iterationsDone) {
        iterations = iterationsDone;
    }

    synchronized void onAlert(Alert alert) {
        if (alerts.size() < MAX_ALERTS && alerts.stream().noneMatch(a -> a.alertId().equals(alert.alertId()))) {
            alerts.add(alert);
        }
    }

    synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** The training loss at that epoch (1 = first), or null when the run did not complete it. */
    synchronized Double trainLoss(int epoch) {
        return epoch >= 1 && epoch <= losses.size() ? losses.get(epoch - 1) : null;
    }

    /** Marks the run as repaired by that run; false if it already was. */
    synchronized boolean repairedBy(String runId) {
        if (repairRunId != null) {
            return false;
        }
        repairRunId = runId;
        return true;
    }

    synchronized String repairRunId() {
        return repairRunId;
    }

    synchronized void onEpoch(EpochMetrics m) {
        if (m.epoch() == losses.size() + 1) {
            losses.add(m.trainLoss());
        }
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
                request, plan.repairOf() == null ? null : plan.repairOf().runId(), repairRunId);
    }
}
