package io.initwatch.trainer.training;

import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** Optimizer names accepted in a run config and the DL4J updater each stands for. */
public final class Optimizers {

    public static final List<String> NAMES = List.of("sgd", "momentum", "adam", "rmsprop");
    private static final double MOMENTUM = 0.9;

    private Optimizers() {
    }

    public static boolean isKnown(String name) {
        return name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    public static IUpdater of(String name, double learningRate) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(learningRate);
            case "momentum" -> new Nesterovs(learningRate, MOMENTUM);
            case "adam" -> new Adam(learningRate);
            case "rmsprop" -> new RmsProp(learningRate);
            default -> throw new IllegalArgumentException("unknown optimizer " + name + "; use one of " + NAMES);
        };
    }
}
