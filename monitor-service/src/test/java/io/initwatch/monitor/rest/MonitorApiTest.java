package io.initwatch.monitor.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.initwatch.monitor.messaging.TelemetryProcessor;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.Processing;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class MonitorApiTest {
    private static final String BROKEN = "api-nan-from-start";
    private static final String HEALTHY = "api-healthy";
    private static final String SLOW = "api-lecun-deep-relu";

    @Inject
    TelemetryProcessor processor;

    @BeforeEach
    void streamRuns() {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(SyntheticRuns.nanFromStart(BROKEN).events());
            kafka.publish(SyntheticRuns.healthyHeRelu(HEALTHY).events());
            kafka.publish(SyntheticRuns.lecunDeepRelu(SLOW).events());
        }
        Processing.awaitAllProcessed(processor);
    }

    @Test
    void alertsAreListedNewestFirstAndFilteredByRunSeverityAndRule() {
        given().queryParam("runId", BROKEN).get("/api/alerts").then().statusCode(200)
                .body("$", hasSize(4))
                .body("severity", everyItem(equalTo("CRITICAL")))
                .body("runId", everyItem(equalTo(BROKEN)))
                // the pre-flight snapshot is fine; epoch 1's metrics and layer snapshot carry the NaNs
                .body("[0].rule", equalTo("non-finite-gradients"));
        given().queryParam("runId", SLOW).get("/api/alerts").then().statusCode(200)
                .body("rule", contains("flat-loss", "update-ratio", "vanishing-gradients", "variance-not-preserved",
                        "init-mismatch"));
        // severity= keeps that severity and worse, as on the dashboard: INFO keeps everything
        given().queryParam("runId", SLOW).queryParam("severity", "INFO").get("/api/alerts").then().statusCode(200)
                .body("rule", contains("flat-loss", "update-ratio", "vanishing-gradients", "variance-not-preserved",
                        "init-mismatch"));
        given().queryParam("runId", SLOW).queryParam("severity", "warning").queryParam("rule", "flat-loss")
                .get("/api/alerts").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].diagnosis", containsString("Training loss went from"))
                .body("[0].evidence.relativeDrop", lessThan(0.01f));
    }

    @Test
    void badFiltersAreRejectedWithAMessageSayingWhatIsWrong() {
        given().queryParam("severity", "urgent").get("/api/alerts").then().statusCode(400)
                .body("error", equalTo("severity must be one of [INFO, WARNING, CRITICAL], got 'urgent'"));
        given().queryParam("limit", 0).get("/api/alerts").then().statusCode(400)
                .body("error", containsString("limit must be between 1 and"));
    }

    @Test
    void runHealthIsTheWorstSeverityRaisedAndOkForAHealthyRun() {
        given().get("/api/runs/{id}/health", BROKEN).then().statusCode(200)
                .body("health", equalTo("critical")).body("worst", equalTo("CRITICAL"));
        given().get("/api/runs/{id}/health", SLOW).then().statusCode(200).body("health", equalTo("warning"));
        given().get("/api/runs/{id}/health", HEALTHY).then().statusCode(200).body("health", equalTo("ok"));
        given().get("/api/runs/{id}/health", "never-seen").then().statusCode(404)
                .body("error", equalTo("run never-seen has not been seen by this monitor instance"));
    }

    @Test
    void rulesListTheActiveThresholdsByConfigKey() {
        given().get("/api/rules").then().statusCode(200)
                .body("name", hasItem("flat-loss"))
                .body("find { it.name == 'flat-loss' }.thresholds.'initwatch.rules.flat-loss.min-relative-drop'",
                        equalTo(0.01f))
                .body("find { it.name == 'overfitting' }.severities", contains("INFO"));
    }

    @Test
    void prometheusCountsAlertsByRuleAndSeverityAndEventsProcessed() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("initwatch_monitor_alerts_total{rule=\"non-finite-loss\",severity=\"CRITICAL\"}"))
                .body(containsString("initwatch_monitor_events_processed_total{topic=\"initwatch.metrics\"}"));
    }

    @Test
    void readinessIncludesTheKafkaConnection() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }
}
