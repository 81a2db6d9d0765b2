package io.initwatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import io.initwatch.events.Topics;

/**
 * docker-compose.yml cannot be run on the build machines (no Docker), so what can go wrong in it without
 * Docker is checked here: structure, health checks, start order, ports, and that every variable handed to a
 * service is one the service reads.
 */
class DockerComposeFileTests {

    private static final Path COMPOSE_FILE = Repository.ROOT.resolve("docker-compose.yml");
    private static final Set<String> ONE_SHOT = Set.of("kafka-init");
    private static final List<String> TOPIC_PROPERTIES = List.of("runs", "metrics", "layers", "alerts", "dead-letter");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
            compose = new Yaml(options).load(reader);
        }
        services = (Map<String, Map<String, Object>>) compose.get("services");
        assertNotNull(services, "no services in " + COMPOSE_FILE);
    }

    @Test
    void runsTheThreeServicesOnARealKafkaWithTopicsCreatedFirst() {
        assertTrue(services.keySet().containsAll(List.of("kafka", "kafka-init", "trainer", "monitor", "dashboard")),
                services.keySet().toString());
        assertTrue(String.valueOf(services.get("kafka").get("image")).startsWith("apache/kafka:"));
        assertEquals("broker,controller", environment("kafka").get("KAFKA_PROCESS_ROLES"), "single-node KRaft");

        String init = String.valueOf(services.get("kafka-init").get("command")) + environment("kafka-init");
        assertTrue(init.contains("kafka-topics.sh") && init.contains("--create") && init.contains("--if-not-exists")
                && init.contains("--partitions"), init);
        for (String topic : List.of(Topics.RUNS, Topics.METRICS, Topics.LAYERS, Topics.ALERTS, Topics.DEAD_LETTER)) {
            assertTrue(init.contains(topic), "kafka-init does not create " + topic);
        }
    }

    @Test
    void everyServiceHasAnImageOrBuildAndEveryLongRunningOneAHealthCheck() {
        services.forEach((name, service) -> {
            assertTrue(service.containsKey("image") || service.containsKey("build"), name + " has neither image nor build");
            if (!ONE_SHOT.contains(name)) {
                Map<String, Object> healthcheck = map(service.get("healthcheck"), name + ".healthcheck");
                assertNotNull(healthcheck.get("test"), name + " health check has no test");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void builtServicesUseTheirDockerfileAndProbeTheirOwnReadinessPort() {
        for (Repository.Service service : Repository.Service.values()) {
            for (String name : composeNamesOf(service)) {
                Map<String, Object> build = map(services.get(name).get("build"), name + ".build");
                Path dockerfile = Repository.ROOT.resolve(String.valueOf(build.get("context")))
                        .resolve(String.valueOf(build.get("dockerfile"))).normalize();
                assertTrue(Files.isRegularFile(dockerfile), name + ": " + dockerfile + " is missing");

                List<Object> test = (List<Object>) map(services.get(name).get("healthcheck"), name).get("test");
                String probe = String.join(" ", test.stream().map(String::valueOf).toList());
                assertTrue(probe.contains("http://localhost:" + service.defaultPort + "/q/health/ready"), name + ": " + probe);
            }
        }
    }

    @Test
    void publishesTheDefaultPorts() {
        assertPublishes("dashboard", "INITWATCH_BIND_ADDRESS", 8080);
        assertPublishes("trainer", "INITWATCH_BIND_ADDRESS", 8081);
        assertPublishes("monitor", "INITWATCH_BIND_ADDRESS", 8082);
        assertPublishes("kafka", "INITWATCH_KAFKA_BIND_ADDRESS", 9092);
    }

    @Test
    void everyPublishedPortListensOnLoopbackUnlessOpenedOnPurpose() {
        services.forEach((name, service) -> {
            Object ports = service.get("ports");
            if (ports == null) {
                return;
            }
            assertTrue(ports instanceof List<?>, name + ".ports should be a list");
            for (Object port : (List<?>) ports) {
                // What Compose publishes when no variable is set: host address, host port, container port.
                String published = DEFAULTED.matcher(String.valueOf(port)).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
                String[] parts = published.split(":");
                assertEquals(3, parts.length, name + " publishes " + port + " without a host address, i.e. on every interface");
                assertEquals("127.0.0.1", parts[0], name + " publishes " + port + " beyond this machine by default");
            }
        });
    }

    @Test
    void composeRefusesToStartWithoutTheTokens() {
        String trainerToken = "\\$\\{INITWATCH_TRAINER_API_TOKEN:\\?.*docs/deploy\\.md}";
        assertTrue(environment("trainer").get("INITWATCH_TRAINER_API_TOKEN").matches(trainerToken),
                "the trainer's run API must not start open: " + environment("trainer").get("INITWATCH_TRAINER_API_TOKEN"));
        Map<String, String> dashboard = environment("dashboard");
        assertTrue(dashboard.get("INITWATCH_DASHBOARD_TRAINER_TOKEN").matches(trainerToken),
                "the dashboard gets the trainer's token: " + dashboard.get("INITWATCH_DASHBOARD_TRAINER_TOKEN"));
        assertTrue(dashboard.get("INITWATCH_DASHBOARD_API_TOKEN")
                        .matches("\\$\\{INITWATCH_DASHBOARD_API_TOKEN:\\?.*docs/deploy\\.md}"),
                "starting runs through the dashboard needs a token of its own: " + dashboard.get("INITWATCH_DASHBOARD_API_TOKEN"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesStartOnlyWhenWhatTheyNeedIsHealthyOrDone() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            Map<String, Object> conditions = map(dependsOn, name + ".depends_on (needs conditions, not a list)");
            conditions.forEach((dependency, spec) -> {
                String condition = String.valueOf(map(spec, name + " -> " + dependency).get("condition"));
                String expected = ONE_SHOT.contains(dependency) ? "service_completed_successfully" : "service_healthy";
                assertEquals(expected, condition, name + " -> " + dependency);
            });
        });
        for (Repository.Service service : Repository.Service.values()) {
            for (String name : composeNamesOf(service)) {
                Set<String> dependencies = ((Map<String, Object>) services.get(name).get("depends_on")).keySet();
                assertTrue(dependencies.containsAll(Set.of("kafka", "kafka-init")), name + " must wait for Kafka and its topics");
            }
        }
    }

    @Test
    void everyVariableHandedToAServiceIsOneItReads() throws IOException {
        Set<String> kafkaClientProperties = new HashSet<>();
        kafkaClientProperties.addAll(ProducerConfig.configNames());
        kafkaClientProperties.addAll(ConsumerConfig.configNames());
        kafkaClientProperties.addAll(AdminClientConfig.configNames());

        for (Repository.Service service : Repository.Service.values()) {
            Set<String> read = variablesRead(service);
            for (String name : composeNamesOf(service)) {
                for (String variable : environment(name).keySet()) {
                    if (variable.startsWith("KAFKA_")) {
                        // Quarkus hands every KAFKA_X_Y variable to all Kafka clients as x.y.
                        String property = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                        assertTrue(kafkaClientProperties.contains(property),
                                name + ": " + variable + " is no Kafka client property (" + property + ")");
                    } else if (!read.contains(variable)) {
                        String family = variable.replaceAll("^([A-Z0-9]+_[A-Z0-9]+)_.*", "$1");
                        fail(name + ": " + service.module + " reads no " + variable + "; of " + family + "_* it reads "
                                + read.stream().filter(v -> v.startsWith(family)).collect(Collectors.toCollection(TreeSet::new)));
                    }
                }
            }
        }
    }

    @Test
    void topicNamesAreTheOnesTheServicesDefaultTo() throws IOException {
        for (Repository.Service service : Repository.Service.values()) {
            Properties properties = applicationProperties(service);
            for (String name : composeNamesOf(service)) {
                Map<String, String> env = environment(name);
                for (String topic : TOPIC_PROPERTIES) {
                    String variable = "INITWATCH_TOPICS_" + topic.toUpperCase(Locale.ROOT).replace('-', '_');
                    String value = env.get(variable);
                    assertNotNull(value, name + " does not set " + variable);
                    assertEquals("${" + variable + ":-" + properties.getProperty("initwatch.topics." + topic) + "}", value,
                            name + ": the default of " + variable + " differs from " + service.module + "'s");
                }
            }
        }
    }

    @Test
    void theDashboardReachesTheTrainerInsideCompose() {
        assertEquals("http://trainer:8081", environment("dashboard").get("INITWATCH_DASHBOARD_TRAINER_URL"));
    }

    @Test
    void theScaleProfileRunsASecondMonitorInTheSameConsumerGroup() {
        Map<String, Object> second = services.get("monitor-2");
        assertNotNull(second, "no monitor-2");
        assertEquals(List.of("scale"), second.get("profiles"));
        assertEquals(services.get("monitor").get("build"), second.get("build"));
        assertEquals(environment("monitor"), environment("monitor-2"), "same settings, hence the same consumer group");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Compose services built from a module's folder (the monitor runs twice in the scale profile). */
    private static List<String> composeNamesOf(Repository.Service service) {
        List<String> names = services.entrySet().stream()
                .filter(e -> e.getValue().get("build") instanceof Map<?, ?> build
                        && Path.of(String.valueOf(build.get("context"))).normalize().equals(Path.of(service.module)))
                .map(Map.Entry::getKey)
                .toList();
        assertFalse(names.isEmpty(), "no compose service builds " + service.module);
        return names;
    }

    /** The environment as Compose hands it over; a variable without a value is passed on from the shell. */
    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        if (env == null) {
            return Map.of();
        }
        Map<String, Object> map = map(env, service + ".environment (use the map form)");
        return map.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue() == null ? "" : String.valueOf(e.getValue()), (a, b) -> b, java.util.TreeMap::new));
    }

    /** {@code ${NAME:-default}}: group 1 the name, group 2 the default. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_0-9]+):-([^}]*)}");

    private static void assertPublishes(String service, String bindVariable, int port) {
        Object ports = services.get(service).get("ports");
        assertTrue(ports instanceof List<?> list && list.stream().map(String::valueOf)
                        .anyMatch(p -> p.matches("\\$\\{" + bindVariable + ":-127\\.0\\.0\\.1}:\\$\\{[A-Z_0-9]+:-" + port + "}:"
                                + port)),
                service + " should publish " + port + " (port and address overridable) on ${" + bindVariable
                        + ":-127.0.0.1}, has " + ports);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertTrue(value instanceof Map, what + " should be a map but is " + value);
        return (Map<String, Object>) value;
    }

    private static Properties applicationProperties(Repository.Service service) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(service.applicationProperties())));
        return properties;
    }

    private static final Pattern PROPERTY_KEY = Pattern.compile("^\\s*#?\\s*(%[\\w-]+\\.)?([a-z][\\w.-]*)\\s*=", Pattern.MULTILINE);
    private static final Pattern ENVIRONMENT_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern NESTED_INTERFACE = Pattern.compile("\\n\\s+interface (\\w+)\\s*\\{");
    private static final Pattern ACCESSOR = Pattern.compile("^\\s*([\\w<>, ?.]+)\\s+(\\w+)\\(\\);", Pattern.MULTILINE);

    /**
     * The environment variables a service reads: its application.properties keys (also commented-out ones,
     * documented defaults) and the properties of its {@code @ConfigMapping} interfaces, in the environment
     * form SmallRye Config looks up (upper case, every other character an underscore).
     */
    private static Set<String> variablesRead(Repository.Service service) throws IOException {
        Set<String> properties = new HashSet<>();
        Matcher keys = PROPERTY_KEY.matcher(Files.readString(service.applicationProperties()));
        while (keys.find()) {
            properties.add(keys.group(2));
        }
        try (Stream<Path> sources = Files.walk(service.moduleDir().resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher mapping = CONFIG_MAPPING.matcher(code);
                if (mapping.find()) {
                    properties.addAll(configMappingProperties(mapping.group(1), code));
                }
            }
        }
        Set<String> variables = properties.stream().map(DockerComposeFileTests::environmentName).collect(Collectors.toSet());
        // Variables a value names explicitly, e.g. group.id=${INITWATCH_MONITOR_GROUP_ID:initwatch-monitor}.
        ENVIRONMENT_REFERENCE.matcher(Files.readString(service.applicationProperties())).results()
                .forEach(reference -> variables.add(reference.group(1)));
        // Quarkus reads this one without a key in application.properties.
        variables.add("QUARKUS_HTTP_PORT");
        return variables;
    }

    /** prefix.accessor for the interface's accessors, prefix.group.accessor for those of its nested interfaces. */
    private static Set<String> configMappingProperties(String prefix, String code) {
        Map<String, String> groupBodies = new java.util.HashMap<>();
        StringBuilder topLevel = new StringBuilder(code);
        Matcher nested = NESTED_INTERFACE.matcher(code);
        while (nested.find()) {
            int depth = 1;
            int end = nested.end();
            while (depth > 0 && end < code.length()) {
                char c = code.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            groupBodies.put(nested.group(1), code.substring(nested.end(), end));
            for (int i = nested.start(); i < end; i++) {
                topLevel.setCharAt(i, ' ');
            }
        }
        Set<String> properties = new HashSet<>();
        ACCESSOR.matcher(topLevel).results().forEach(accessor -> {
            String type = accessor.group(1).trim();
            String name = prefix + "." + kebab(accessor.group(2));
            String body = groupBodies.get(type);
            if (body == null) {
                properties.add(name);
            } else {
                ACCESSOR.matcher(body).results().forEach(inner -> properties.add(name + "." + kebab(inner.group(2))));
            }
        });
        return properties;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
