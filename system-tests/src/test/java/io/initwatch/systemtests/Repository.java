package io.initwatch.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its packaged services are, as seen from this module's tests. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("initwatch.repository", "..")).toAbsolutePath().normalize();

    /** The Maven modules of the three services, by the name demo.sh and compose give them. */
    enum Service {
        TRAINER("trainer-service", 8081),
        MONITOR("monitor-service", 8082),
        DASHBOARD("dashboard", 8080);

        final String module;
        final int defaultPort;

        Service(String module, int defaultPort) {
            this.module = module;
            this.defaultPort = defaultPort;
        }

        Path moduleDir() {
            return ROOT.resolve(module);
        }

        /** The packaged service; fails with the command to run when it was never packaged. */
        Path runnableJar() {
            Path jar = moduleDir().resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: package the services first "
                        + "(./mvnw -B install -DskipTests, or run this module inside ./mvnw verify)");
            }
            return jar;
        }

        Path applicationProperties() {
            return moduleDir().resolve("src/main/resources/application.properties");
        }
    }

    private Repository() {
    }

    /** A TCP port nobody listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a server could bind this port now, i.e. nothing holds it any more. */
    static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path testOutput(String name) {
        Path dir = ROOT.resolve("system-tests/target/" + name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
