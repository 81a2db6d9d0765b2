package io.initwatch.trainer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.trainer.config.TrainerConfig;
import io.initwatch.trainer.run.InvalidRunRequestException;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.run.RunRequestValidator;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.Trainer;
import io.initwatch.trainer.training.TrainingOutcome;
import io.quarkus.runtime.QuarkusApplication;

/**
 * {@code train [--config run.json] [--<field> <value> ...]}: the REST run config, from a file, with any field
 * overridden by a flag ({@code --hidden-layers 30} or {@code --hiddenLayers 30}). Trains in the foreground,
 * publishes to Kafka like the service, prints one line per epoch, and exits 0 when the run FINISHED, 1 when it
 * FAILED, 2 when the config is bad.
 */
public class TrainCommand implements QuarkusApplication {

    static final String NAME = "train";
    static final int EXIT_FINISHED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;

    @Inject
    TrainerConfig config;

    @Inject
    TelemetrySink kafka;

    @Inject
    ObjectMapper json;

    @Override
    public int run(String... args) {
        PrintStream out = System.out;
        RunPlan plan;
        try {
            RunRequest request = parse(Arrays.copyOfRange(args, 1, args.length));
            plan = new RunRequestValidator(config.toLimits(), Path.of(config.dataDir())).validate(request);
        } catch (InvalidRunRequestException | IllegalArgumentException e) {
            System.err.println("bad config: " + e.getMessage());
            System.err.println("usage: train [--config run.json] [--<field> <value> ...]   (fields as in POST /api/runs)");
            return EXIT_BAD_CONFIG;
        }
        String runId = UUID.randomUUID().toString();
        out.printf("run %s: %s%n", runId, plan.name());
        out.printf("%5s %9s %12s %12s %9s %9s %8s%n", "epoch", "iteration", "train loss", "val loss", "train acc",
                "val acc", "ms");
        TrainingOutcome outcome = new Trainer(config.toSettings())
                .train(runId, null, plan, kafka.andThen(new ConsoleSink(out)), () -> false);
        out.printf("%s: %s%n", outcome.type(), outcome.reason());
        return outcome.type() == RunEventType.FINISHED ? EXIT_FINISHED : EXIT_FAILED;
    }

    RunRequest parse(String[] args) {
        ObjectNode node = json.createObjectNode();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --<field> <value>, got '" + args[i] + "'");
            }
            String field = camelCase(args[i].substring(2));
            String value = args[i + 1];
            if (field.equals("config")) {
                node.setAll((ObjectNode) readConfig(Path.of(value)));
            } else {
                node.set(field, literal(value));
            }
        }
        try {
            return json.treeToValue(node, RunRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    private JsonNode readConfig(Path path) {
        try {
            JsonNode tree = json.readTree(Files.readString(path));
            if (!(tree instanceof ObjectNode)) {
                throw new IllegalArgumentException(path + " must hold a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private JsonNode literal(String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(value);
        }
    }

    private static String camelCase(String flag) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : flag.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** One line per epoch, and the run's end, for a person watching the terminal. */
    private record ConsoleSink(PrintStream out) implements TelemetrySink {
        @Override
        public void runEvent(RunEvent event) {
        }

        @Override
        public void epochMetrics(EpochMetrics m) {
            out.printf(Locale.ROOT, "%5d %9d %12.5g %12s %9s %9s %8d%n", m.epoch(), m.iteration(), m.trainLoss(),
                    format(m.validationLoss()), format(m.trainAccuracy()), format(m.validationAccuracy()),
                    m.epochTimeMs());
        }

        @Override
        public void layerStats(LayerStats stats) {
        }

        private static String format(Double value) {
            return value == null ? "-" : String.format(Locale.ROOT, "%.4g", value);
        }
    }
}
