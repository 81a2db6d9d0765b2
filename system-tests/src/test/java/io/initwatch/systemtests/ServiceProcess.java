package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service started as its own process, the way demo.sh and the container start it. */
final class ServiceProcess implements AutoCloseable {

    private final Repository.Service service;
    private final Process process;
    private final Path log;
    final int port;

    private ServiceProcess(Repository.Service service, Process process, Path log, int port) {
        this.service = service;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code java -jar quarkus-run.jar} with a clean environment: only PATH, JAVA_HOME, the HTTP port
     * and the given variables, so nothing from the developer's shell (a KAFKA_* variable) leaks in.
     */
    static ServiceProcess start(Repository.Service service, String logName, Map<String, String> environment) {
        int port = Repository.freePort();
        Path log = Repository.testOutput("service-logs").resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-jar", service.runnableJar().toString())
                .directory(Repository.testOutput("service-logs").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("JAVA_HOME") && !name.equals("HOME"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(environment);
        try {
            System.out.printf("  starting %s on port %d (log %s)%n", service.module, port, log);
            return new ServiceProcess(service, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until the HTTP server answers at all (liveness), whatever readiness says. */
    void awaitStarted() {
        await("%s answering /q/health/live".formatted(service.module))
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .failFast("%s exited; see %s".formatted(service.module, log), () -> !process.isAlive())
                .until(() -> Http.get(port, "/q/health/live").map(r -> r.status() == 200).orElse(false));
    }

    /** Waits until /q/health/ready says UP. */
    void awaitReady() {
        await("%s ready; see %s".formatted(service.module, log))
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .failFast("%s exited; see %s".formatted(service.module, log), () -> !process.isAlive())
                .until(() -> Http.get(port, "/q/health/ready").map(r -> r.status() == 200).orElse(false));
    }

    Http.Response readiness() {
        return Http.get(port, "/q/health/ready", Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError(service.module + " does not answer"));
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
