package io.initwatch.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.initwatch.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(BearerTokenTest.WithToken.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
class BearerTokenTest {

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("initwatch.trainer.api-token", "s3cret");
        }
    }

    @Test
    void theApiNeedsTheTokenWhenOneIsConfigured() {
        given().get("/api/runs").then().statusCode(401).body("error", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer guess").get("/api/runs").then().statusCode(401)
                .body("error", equalTo("wrong bearer token"));
        given().contentType(ContentType.JSON).body("{}").post("/api/experiments").then().statusCode(401);
        given().header("Authorization", "Bearer s3cret").get("/api/runs").then().statusCode(200);
    }

    @Test
    void healthAndOpenApiStayOpenAndReadinessSeesKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Kafka"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/runs'.post.responses.'429'.description", equalTo("Run queue full"));
    }
}
