package io.initwatch.monitor.rules;

import java.util.Arrays;
import java.util.Optional;

import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.StatsPhase;

/**
 * What the rules remember about one run: its config, its loss curve and a few numbers per layer. Kept to a
 * few kilobytes so a monitor can hold thousands of concurrent runs.
 */
public final class RunState {
    private static final int INITIAL_EPOCHS = 32;
    private static final String[] NONE_FIRED = {};

    private final String runId;
    private String experimentId;
    private RunConfig config;
    private java.util.Map<Integer, LayerSpec> specsByIndex = java.util.Map.of();

    private double[] trainLoss = new double[INITIAL_EPOCHS];
    private double[] validationLoss = new double[INITIAL_EPOCHS];
    private boolean[] hasValidation = new boolean[INITIAL_EPOCHS];
    private boolean[] hasEpoch = new boolean[INITIAL_EPOCHS];
    private int lastEpoch;

    private long lastLayersPosition = -1;
    private int gradientEpoch = -1;
    private double[] epochGradientNorms = new double[0];
    private int[] gradientGrowthStreak = new int[0];
    private double[] firstGradientNorms = new double[0];
    private double preflightFirstLayerActivationStd = Double.NaN;
    private Causes.InitVerdict initVerdict;

    /**
     * Every condition that has fired, as {@code rule|condition}: a handful at most (the rules' condition keys are
     * constants), asked about by every rule for every event, so scanned in place rather than looked up by a key
     * built for the question; replaced, never changed, when one is added.
     */
    private String[] fired = NONE_FIRED;

    RunState(String runId) {
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    void experimentId(String id) {
        if (id != null) {
            experimentId = id;
        }
    }

    public Optional<RunConfig> config() {
        return Optional.ofNullable(config);
    }

    void config(RunConfig config) {
        this.config = config;
        initVerdict = null;
        // by index once, so that a prescription over every layer stays linear in the number of layers
        specsByIndex = new java.util.HashMap<>();
        for (LayerSpec spec : config.layers()) {
            specsByIndex.putIfAbsent(spec.index(), spec);
        }
    }

    public Optional<LayerSpec> layerSpec(int index) {
        return Optional.ofNullable(specsByIndex.get(index));
    }

    /** Records one epoch's losses; false when the epoch was already seen (a duplicate or redelivery). */
    boolean recordEpoch(int epoch, double train, Double validation) {
        if (epoch < 1 || epoch <= lastEpoch) {
            return false;
        }
        ensureEpochCapacity(epoch);
        trainLoss[epoch] = train;
        hasEpoch[epoch] = true;
        if (validation != null) {
            validationLoss[epoch] = validation;
            hasValidation[epoch] = true;
        }
        lastEpoch = epoch;
        return true;
    }

    /**
     * Accepts a layer snapshot once: snapshots of a run arrive in order on one partition, so anything at or
     * before the last position is a duplicate.
     */
    boolean acceptLayers(StatsPhase phase, long iteration) {
        long position = iteration * StatsPhase.values().length + phase.ordinal();
        if (position <= lastLayersPosition) {
            return false;
        }
        lastLayersPosition = position;
        return true;
    }

    private void ensureEpochCapacity(int epoch) {
        if (epoch >= trainLoss.length) {
            int size = Math.max(epoch + 1, trainLoss.length * 2);
            trainLoss = Arrays.copyOf(trainLoss, size);
            validationLoss = Arrays.copyOf(validationLoss, size);
            hasValidation = Arrays.copyOf(hasValidation, size);
            hasEpoch = Arrays.copyOf(hasEpoch, size);
        }
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    public boolean hasTrainLoss(int epoch) {
        return epoch >= 1 && epoch <= lastEpoch && hasEpoch[epoch];
    }

    public double trainLoss(int epoch) {
        return trainLoss[epoch];
    }

    public boolean hasValidationLoss(int epoch) {
        return epoch >= 1 && epoch <= lastEpoch && hasValidation[epoch];
    }

    public double validationLoss(int epoch) {
        return validationLoss[epoch];
    }

    /** Per-layer gradient norms of the previous end-of-epoch snapshot, for growth epoch over epoch. */
    int gradientEpoch() {
        return gradientEpoch;
    }

    double[] epochGradientNorms() {
        return epochGradientNorms;
    }

    int[] gradientGrowthStreak() {
        return gradientGrowthStreak;
    }

    void epochGradients(int epoch, double[] norms, int[] streak) {
        gradientEpoch = epoch;
        epochGradientNorms = norms;
        gradientGrowthStreak = streak;
    }

    /**
     * Remembers each layer's first finite gradient norm (from the pre-flight snapshot when there is one): the
     * run's initial gradient scale, against which growth is judged.
     */
    void recordFirstGradientNorm(int layer, double norm) {
        if (layer < 0 || !Double.isFinite(norm)) {
            return;
        }
        if (layer >= firstGradientNorms.length) {
            int old = firstGradientNorms.length;
            firstGradientNorms = Arrays.copyOf(firstGradientNorms, layer + 1);
            Arrays.fill(firstGradientNorms, old, firstGradientNorms.length, Double.NaN);
        }
        if (Double.isNaN(firstGradientNorms[layer])) {
            firstGradientNorms[layer] = norm;
        }
    }

    /** The layer's first measured gradient norm, NaN if none was seen. */
    double firstGradientNorm(int layer) {
        return layer >= 0 && layer < firstGradientNorms.length ? firstGradientNorms[layer] : Double.NaN;
    }

    /** The first hidden layer's activation std in the pre-flight snapshot; NaN until one arrived. */
    public double preflightFirstLayerActivationStd() {
        return preflightFirstLayerActivationStd;
    }

    void preflightFirstLayerActivationStd(double std) {
        preflightFirstLayerActivationStd = std;
    }

    /** What the config says of the initialization; null until first asked (see Causes). */
    Causes.InitVerdict initVerdict() {
        return initVerdict;
    }

    void initVerdict(Causes.InitVerdict verdict) {
        initVerdict = verdict;
    }

    /** Every condition that has fired on this run. */
    java.util.Collection<String> firedConditions() {
        return Arrays.asList(fired);
    }

    /** Whether the rule has fired on this run for any condition. */
    public boolean firedRule(String rule) {
        for (String condition : fired) {
            if (condition.length() > rule.length() && condition.charAt(rule.length()) == '|'
                    && condition.startsWith(rule)) {
                return true;
            }
        }
        return false;
    }

    long lastLayersPosition() {
        return lastLayersPosition;
    }

    double[] firstGradientNorms() {
        return firstGradientNorms;
    }

    // --- restoring a saved state (RunStateCodec) ---

    void restorePositions(long layersPosition, int epochOfGradients) {
        lastLayersPosition = layersPosition;
        gradientEpoch = epochOfGradients;
    }

    void restoreFirstGradientNorms(double[] norms) {
        firstGradientNorms = norms;
    }

    void restoreFired(String condition) {
        if (!Arrays.asList(fired).contains(condition)) {
            addFired(condition);
        }
    }

    boolean markFired(String rule, String conditionKey) {
        if (hasFired(rule, conditionKey)) {
            return false;
        }
        addFired(rule + '|' + conditionKey);
        return true;
    }

    boolean hasFired(String rule, String conditionKey) {
        for (String condition : fired) {
            if (condition.length() == rule.length() + 1 + conditionKey.length()
                    && condition.charAt(rule.length()) == '|' && condition.startsWith(rule)
                    && condition.endsWith(conditionKey)) {
                return true;
            }
        }
        return false;
    }

    private void addFired(String condition) {
        fired = Arrays.copyOf(fired, fired.length + 1);
        fired[fired.length - 1] = condition;
    }
}
