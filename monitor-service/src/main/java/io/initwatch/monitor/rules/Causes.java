package io.initwatch.monitor.rules;

import java.util.Optional;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.events.WeightInit;

/**
 * The probable cause of a symptom, decided from what the run config and the pre-flight snapshot show, so that
 * every alert of a run names the same cause and none contradicts the configuration: a flat loss under weights
 * 400× too large is not blamed on weights too small, and a textbook initialization is never blamed at all.
 */
final class Causes {

    /** What the rule saw, which decides the cause only when the configuration cannot. */
    enum Symptom {
        /** signals or gradients shrinking, a loss stuck */
        SHRINKING,
        /** signals or gradients growing, non-finite numbers */
        GROWING,
        /** a loss rising or swinging, updates too large */
        UNSTABLE
    }

    private Causes() {
    }

    static Cause of(RunState run, Symptom symptom, RuleThresholds t) {
        Optional<RunConfig> config = run.config();
        if (config.isPresent()) {
            InitVerdict verdict = initVerdict(run, t);
            if (verdict.cause() != null) {
                return verdict.cause();
            }
            if (verdict.known()) {
                if (inputsLookUnscaled(run, t)) {
                    return Cause.DATA_SCALING;
                }
                return symptom == Symptom.SHRINKING ? Cause.TRAINING_SETUP : Cause.LEARNING_RATE;
            }
        }
        return switch (symptom) {
            case SHRINKING -> Cause.VANISHING;
            case GROWING -> Cause.EXPLODING;
            case UNSTABLE -> Cause.LEARNING_RATE;
        };
    }

    /**
     * @param cause null when the initialization suits every hidden layer it knows
     * @param known whether any hidden layer's activation and initializer were known
     */
    record InitVerdict(Cause cause, boolean known) {

        boolean matches() {
            return known && cause == null;
        }
    }

    /**
     * Symmetry for a zero or constant hidden layer; otherwise the hidden layer whose variance is furthest from what
     * its activation needs decides: beyond {@code farVarianceRatio} too large is exploding, too small vanishing,
     * beyond {@code maxVarianceRatio} either way an initializer meant for another activation family.
     */
    /**
     * The run's verdict, computed once: its config never changes, and the exploding-gradients rule asks on every
     * snapshot (parsing every layer's activation and initializer each time cost a tenth of the monitor's CPU).
     */
    static InitVerdict initVerdict(RunState run, RuleThresholds t) {
        InitVerdict verdict = run.initVerdict();
        if (verdict == null) {
            verdict = initVerdict(run.config().orElseThrow(), t.initMismatch());
            run.initVerdict(verdict);
        }
        return verdict;
    }

    static InitVerdict initVerdict(RunConfig config, RuleThresholds.InitMismatch t) {
        double worst = 1;
        boolean known = false;
        for (LayerSpec spec : LayerFacts.hidden(config)) {
            if (WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false)) {
                return new InitVerdict(Cause.SYMMETRY, true);
            }
            double ratio = LayerFacts.signedVarianceRatio(spec);
            if (Double.isNaN(ratio)) {
                continue;
            }
            known = true;
            if (Math.abs(Math.log(ratio)) > Math.abs(Math.log(worst))) {
                worst = ratio;
            }
        }
        if (worst > t.farVarianceRatio()) {
            return new InitVerdict(Cause.EXPLODING, true);
        }
        if (worst < 1 / t.farVarianceRatio()) {
            return new InitVerdict(Cause.VANISHING, true);
        }
        if (worst > t.maxVarianceRatio() || worst < 1 / t.maxVarianceRatio()) {
            return new InitVerdict(Cause.INIT_MISMATCH, true);
        }
        return new InitVerdict(null, known);
    }

    /**
     * The severity of a symptom seen only in the layer statistics (dead or saturated units, update ratios, vanishing
     * gradients, pre-flight drift): WARNING when an initializer is its cause, INFO — "worth knowing, nothing to fix
     * about initialization" — otherwise. What the loss shows (non-finite, stuck, rising, erratic) is training in
     * trouble and keeps its severity whatever the cause.
     */
    static Severity symptomSeverity(Cause cause) {
        return cause.isInitialization() ? Severity.WARNING : Severity.INFO;
    }

    static boolean initializationMatches(RunState run, RuleThresholds t) {
        return run.config().isPresent() && initVerdict(run, t).matches();
    }

    /** With a suitable initializer, a first hidden layer far louder than its inputs should make it means raw inputs. */
    static boolean inputsLookUnscaled(RunState run, RuleThresholds t) {
        double std = run.preflightFirstLayerActivationStd();
        return Double.isFinite(std) && std > t.varianceNotPreserved().maxFirstLayerStd();
    }
}
