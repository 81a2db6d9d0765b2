package io.initwatch.trainer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the jar. Without arguments it serves the REST API; {@code train ...} trains one run in the
 * foreground and exits (see {@link TrainCommand}).
 */
@QuarkusMain
public class TrainerMain {

    public static void main(String... args) {
        if (args.length > 0 && TrainCommand.NAME.equals(args[0])) {
            // A one-off training run must not fight a running service for its HTTP port.
            if (System.getProperty("quarkus.http.port") == null) {
                System.setProperty("quarkus.http.port", "0");
            }
            Quarkus.run(TrainCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }
}
