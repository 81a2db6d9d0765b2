package io.initwatch.systemtests;

import static io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.initwatch.kafka.LocalKafkaBroker;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * Deployments configure Kafka security with environment variables only (KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_*). Each packaged service is started against a
 * broker that accepts SASL clients only: it can become ready only if every one of its Kafka clients got
 * the settings, and the configuration each client logs says so. Without the variables the same service
 * still talks PLAINTEXT to a plain broker, and readiness reports an unreachable broker.
 */
class KafkaClientSecurityTests {

    private static final String USER = "initwatch";
    private static final String PASSWORD = "initwatch-secret";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"%s\" password=\"%s\";";

    /** Kafka clients log their whole configuration at creation; the services keep that category quiet. */
    private static final Map<String, String> LOG_CLIENT_CONFIGS =
            Map.of("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA_COMMON_CONFIG__LEVEL", "INFO");

    private static EmbeddedKafkaBroker saslBroker;
    private static String saslBootstrap;
    private static String plainBootstrap;

    @BeforeAll
    static void startBrokers() {
        int port = Repository.freePort();
        int interBrokerPort = Repository.freePort();
        // Clients bootstrap on the SASL port; the broker's own PLAINTEXT listener is for inter-broker traffic.
        saslBroker = new EmbeddedKafkaBroker()
                .withKafkaPort(interBrokerPort)
                .withAdvertisedListeners(endpoint(SecurityProtocol.SASL_PLAINTEXT, "localhost", port),
                        endpoint(SecurityProtocol.PLAINTEXT, "localhost", interBrokerPort))
                .withAdditionalProperties(props -> {
                    props.put("sasl.enabled.mechanisms", "PLAIN");
                    props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                    + "username=\"admin\" password=\"admin-secret\" "
                                    + "user_admin=\"admin-secret\" user_" + USER + "=\"" + PASSWORD + "\";");
                    props.put("offsets.topic.replication.factor", "1");
                    props.put("auto.create.topics.enable", "true");
                })
                .start();
        saslBootstrap = "localhost:" + port;
        plainBootstrap = LocalKafkaBroker.sharedBootstrapServers();
        System.out.println("SASL_PLAINTEXT broker on " + saslBootstrap + ", PLAINTEXT broker on " + plainBootstrap);
    }

    @AfterAll
    static void stopBrokers() {
        if (saslBroker != null) {
            saslBroker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Repository.Service.class)
    void saslSettingsFromTheEnvironmentReachEveryKafkaClient(Repository.Service service) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(LOG_CLIENT_CONFIGS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", saslBootstrap);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_SASL_JAAS_CONFIG", JAAS.formatted(USER, PASSWORD));
        try (ServiceProcess process = ServiceProcess.start(service, service.module + "-sasl", env)) {
            process.awaitReady();

            List<ClientConfig> clients = clientConfigs(process.log());
            assertFalse(clients.isEmpty(), "the service created no Kafka client; see its log");
            for (ClientConfig client : clients) {
                assertEquals("SASL_PLAINTEXT", client.value("security.protocol"), client.describe());
                assertEquals("PLAIN", client.value("sasl.mechanism"), client.describe());
                assertEquals("[hidden]", client.value("sasl.jaas.config"), client.describe());
            }
            System.out.printf("  %s: %d Kafka clients authenticated with SASL/PLAIN: %s%n",
                    service.module, clients.size(), clients.stream().map(ClientConfig::kind).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Repository.Service.class)
    void withoutSecurityVariablesTheClientsUsePlaintext(Repository.Service service) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(LOG_CLIENT_CONFIGS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", plainBootstrap);
        try (ServiceProcess process = ServiceProcess.start(service, service.module + "-plaintext", env)) {
            process.awaitReady();

            List<ClientConfig> clients = clientConfigs(process.log());
            assertFalse(clients.isEmpty(), "the service created no Kafka client; see its log");
            for (ClientConfig client : clients) {
                assertEquals("PLAINTEXT", client.value("security.protocol"), client.describe());
                assertEquals("null", client.value("sasl.jaas.config"), client.describe());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Repository.Service.class)
    void readinessIsDownWhileKafkaCannotBeReached(Repository.Service service) throws Exception {
        // The Kafka health check waits default.api.timeout.ms (60 s) for the cluster before it says DOWN.
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Repository.freePort(),
                "KAFKA_DEFAULT_API_TIMEOUT_MS", "5000");
        try (ServiceProcess process = ServiceProcess.start(service, service.module + "-no-kafka", env)) {
            process.awaitStarted();

            Http.Response readiness = process.readiness();
            assertEquals(503, readiness.status(), readiness.body());
            assertEquals("DOWN", readiness.json().path("status").asText(), readiness.body());
        }
    }

    /** One "XxxConfig values:" block a Kafka client logged when it was created. */
    record ClientConfig(String kind, String block) {
        String value(String key) {
            Matcher m = Pattern.compile("^\\s*" + Pattern.quote(key) + " = (.*)$", Pattern.MULTILINE).matcher(block);
            assertTrue(m.find(), key + " missing in " + kind);
            return m.group(1).trim();
        }

        String describe() {
            return kind + " (client.id " + value("client.id") + ")";
        }
    }

    private static final Pattern CONFIG_BLOCK = Pattern.compile(
            "(ProducerConfig|ConsumerConfig|AdminClientConfig) values:\\s*\\n((?:\\t.*\\n)+)");

    static List<ClientConfig> clientConfigs(String log) {
        List<ClientConfig> configs = new ArrayList<>();
        Matcher m = CONFIG_BLOCK.matcher(log);
        while (m.find()) {
            configs.add(new ClientConfig(m.group(1), m.group(2)));
        }
        return configs;
    }
}
