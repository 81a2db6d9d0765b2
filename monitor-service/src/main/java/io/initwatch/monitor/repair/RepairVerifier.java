package io.initwatch.monitor.repair;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.RepairOf;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.monitor.rules.AlertDraft;
import io.initwatch.monitor.rules.RunState;

/**
 * Verifies a repair run (a run whose config carries {@link RepairOf}) at the epoch its original was diagnosed:
 * an INFO alert with the numbers when the prescription helped, a WARNING when it did not. Everything it compares
 * with travels in the repair run's own config, so it needs no state of the original, which may be on another
 * partition.
 *
 * <p>Plain Java, beside the rules rather than among them: it judges a prescription, not a run's health. Which
 * rules fired on the repair run it reads from the run's own state, so it keeps nothing of its own and a restored
 * run is verified like an uninterrupted one.
 */
public final class RepairVerifier {

    public static final String RULE = "repair-verification";
    private static final String KEY = "run";

    private RepairVerifier() {
    }

    /**
     * The rules' alerts for this event, plus the verification when this event is the repair run's metrics of its
     * verification epoch.
     *
     * @param run the run's state after the rules saw the event (what fired on it so far), if the monitor has it
     */
    public static List<Alert> afterRules(Object event, RunState run, List<Alert> raised) {
        RunConfig config = run == null ? null : run.config().orElse(null);
        if (config == null || config.repairOf() == null) {
            return raised;
        }
        RepairOf original = config.repairOf();
        if (!(event instanceof EpochMetrics m) || m.epoch() != original.verificationEpoch()) {
            return raised;
        }
        List<Alert> out = new ArrayList<>(raised);
        out.add(verify(config, original, m, run.firedRule(original.rule())));
        return out;
    }

    static Alert verify(RunConfig config, RepairOf original, EpochMetrics m, boolean firedAgain) {
        double after = m.trainLoss();
        Double before = original.trainLoss();
        boolean classifier = config.outputSize() > 1 && "mcxent".equalsIgnoreCase(config.lossFunction());
        double chance = classifier ? Math.log(config.outputSize()) : Double.NaN;
        // what "learned" is measured against: the original's loss at this epoch, or, when the original was stopped
        // before it, the loss of a classifier that learned nothing (ln of the classes)
        double reference = before != null ? before : chance;
        boolean lower = Double.isFinite(after) && (Double.isNaN(reference) || !Double.isFinite(reference)
                || after < reference);
        boolean helped = lower && !firedAgain;
        int epoch = m.epoch();
        String beforeText = before != null
                ? "the original's was " + num(before)
                : "the original was stopped before epoch " + epoch
                        + (classifier ? "; a classifier that learned nothing sits at ln " + config.outputSize() + " = "
                                + num(chance) : "");
        String diagnosis = "Repair of run " + original.runId() + " (alert " + original.alertId() + ", "
                + original.rule() + " at epoch " + original.epoch() + ") with the prescribed initialization: at epoch "
                + epoch + " the training loss is " + num(after) + "; " + beforeText + ". " + original.rule()
                + (firedAgain ? " fired again on the repair run." : " did not fire again.");
        AlertDraft draft = AlertDraft.of(RULE, KEY, helped ? Severity.INFO : Severity.WARNING)
                .at(epoch, m.iteration(), m.timestampMs())
                .title(helped
                        ? "The prescription helped: loss " + num(after) + " at epoch " + epoch
                                + (before != null ? " (was " + num(before) + ")" : "") + ", " + original.rule()
                                + " gone"
                        : "The prescription did not help: " + (firedAgain ? original.rule() + " fired again"
                                : "loss " + num(after) + " at epoch " + epoch + " is no better"))
                .diagnosis(diagnosis)
                .recommendation(helped
                        ? "Keep the prescribed initialization for this model."
                        : "The initialization was not the whole problem: read this run's other alerts; their cause"
                                + " names the next lever (learning rate, input scaling, depth).")
                .evidence("trainLoss", after)
                .evidence("originalTrainLoss", before == null ? Double.NaN : before)
                .evidence("chanceLoss", chance)
                .evidence("sameRuleFiredAgain", firedAgain ? 1 : 0);
        return draft.toAlert(config.runId(), config.experimentId());
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
