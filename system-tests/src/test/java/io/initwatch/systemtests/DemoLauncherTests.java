package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs ./demo.sh the way a newcomer does (small size, ports of its own so it never meets a developer's demo),
 * waits for the dashboard and the first alerts of the lesson's experiment, stops it the way a terminal or a
 * service manager does, and checks that nothing it started outlives it.
 */
class DemoLauncherTests {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration FIRST_ALERTS = Duration.ofMinutes(3);

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final int dashboardPort = Repository.freePort();
    private final int trainerPort = Repository.freePort();
    private final int monitorPort = Repository.freePort();
    private final int kafkaPort = Repository.freePort();
    private final Path demoDir = Repository.testOutput("demo");
    private Process demo;
    private long startNanos;

    @Test
    void theDemoShowsAlertsOnTheDashboardAndLeavesNothingBehindWhenStopped() throws Exception {
        startDemo("--small");

        awaitDashboard();
        JsonNode alerts = await("the first alerts").atMost(FIRST_ALERTS).pollInterval(Duration.ofSeconds(2))
                .failFast("demo.sh exited", () -> !demo.isAlive())
                .until(() -> Http.get(monitorPort, "/api/alerts").filter(r -> r.status() == 200).map(Http.Response::json)
                        .orElse(null), json -> json != null && json.isArray() && json.size() > 0);
        progress("first alert: " + alerts.get(alerts.size() - 1).path("title").asText());
        await("the alerts on the dashboard").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Http.get(dashboardPort, "/api/alerts").filter(r -> r.status() == 200)
                        .map(r -> r.json().isArray() && r.json().size() > 0).orElse(false));
        assertTrue(output.stream().anyMatch(line -> line.contains("Dashboard:  http://localhost:" + dashboardPort)),
                "demo.sh did not print the dashboard address");
        theDashboardStartsRunsOnlyWithTheTokenTheDemoPrinted();

        List<ProcessHandle> started = startedProcesses();
        progress("stopping demo.sh with SIGTERM");
        demo.toHandle().destroy(); // unlike Process.destroy(), keeps reading what demo.sh says while it stops
        assertTrue(demo.waitFor(2, TimeUnit.MINUTES), "demo.sh did not stop within 2 minutes");
        assertEquals(143, demo.exitValue(), "exit status after SIGTERM");

        assertNothingLeftBehind(started);
        assertTrue(output.stream().anyMatch(line -> line.contains("==> Stopped")), "no shutdown summary");
    }

    @Test
    void theDemoStillStopsEverythingWhenItsTerminalIsGone() throws Exception {
        startDemo("--small", "--no-experiment");
        awaitDashboard();

        List<ProcessHandle> started = startedProcesses();
        progress("closing demo.sh's output and sending SIGTERM, as when a terminal window is closed");
        demo.destroy(); // closes the pipes first: every line demo.sh writes while stopping hits a broken pipe
        assertTrue(demo.waitFor(2, TimeUnit.MINUTES), "demo.sh did not stop within 2 minutes");

        assertNothingLeftBehind(started);
    }

    private void startDemo(String... options) throws IOException {
        for (Repository.Service service : Repository.Service.values()) {
            service.runnableJar(); // --no-build: the reactor packaged the services before this module
        }
        List<String> command = new ArrayList<>(List.of("bash", Repository.ROOT.resolve("demo.sh").toString(), "--no-build"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("INITWATCH_"));
        env.put("DASHBOARD_PORT", Integer.toString(dashboardPort));
        env.put("TRAINER_PORT", Integer.toString(trainerPort));
        env.put("MONITOR_PORT", Integer.toString(monitorPort));
        env.put("KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("INITWATCH_DEMO_DIR", demoDir.toString());
        startNanos = System.nanoTime();
        demo = builder.start();
        echoOutput(demo);
    }

    /** The dashboard holds the trainer's token; the demo must not lend it to whoever reaches the dashboard. */
    private void theDashboardStartsRunsOnlyWithTheTokenTheDemoPrinted() throws Exception {
        Pattern printed = Pattern.compile("dashboard token, asked when you start a run: ([0-9a-f]+)");
        String token = output.stream().map(printed::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("demo.sh did not print the dashboard token"));
        assertEquals(401, startRunThroughTheDashboard(null, null), "a start without the dashboard token");
        assertEquals(403, startRunThroughTheDashboard(token, "https://evil.example"), "a start from another site's page");
        assertEquals(202, startRunThroughTheDashboard(token, "http://localhost:" + dashboardPort),
                "a start from the dashboard's page with the printed token");
        progress("the dashboard refuses starts without its token or from another origin, and accepts the printed token");
    }

    private int startRunThroughTheDashboard(String token, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + dashboardPort
                + "/api/trainer/runs")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"through the dashboard\",\"dataset\":\"xor\",\"hiddenLayers\":1,\"width\":4,\"epochs\":1}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitDashboard() {
        await("the dashboard page").atMost(STARTUP).pollInterval(Duration.ofSeconds(1))
                .failFast("demo.sh exited", () -> !demo.isAlive())
                .until(() -> Http.get(dashboardPort, "/").map(r -> r.status() == 200).orElse(false));
        progress("the dashboard answers");
    }

    private List<ProcessHandle> startedProcesses() {
        List<ProcessHandle> started = demo.descendants().toList();
        long javaProcesses = started.stream().filter(p -> p.info().command().orElse("").endsWith("java")).count();
        assertTrue(javaProcesses >= 4, "expected the broker and three services among " + describe(started));
        return started;
    }

    private void assertNothingLeftBehind(List<ProcessHandle> started) {
        List<ProcessHandle> leftovers = started.stream().filter(ProcessHandle::isAlive).toList();
        assertTrue(leftovers.isEmpty(), "still running: " + describe(leftovers));
        for (int port : List.of(dashboardPort, trainerPort, monitorPort, kafkaPort)) {
            assertTrue(Repository.portIsFree(port), "port " + port + " is still taken");
        }
        assertFalse(demoDir.resolve("pids").toFile().exists(), "demo.sh left its pid file behind");
        progress("stopped; " + started.size() + " processes gone, ports free");
    }

    @AfterEach
    void killTheDemoIfTheTestFailed() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.toHandle().destroy();
            if (!demo.waitFor(1, TimeUnit.MINUTES)) {
                children.forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
        }
    }

    private void echoOutput(Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    System.out.println("  [demo.sh] " + line);
                }
            } catch (IOException closedByTheTest) {
                // theDemoStillStopsEverythingWhenItsTerminalIsGone closes the stream on purpose
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void progress(String message) {
        System.out.printf("  after %ds: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), message);
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }
}
