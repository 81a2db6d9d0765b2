package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.initwatch.monitor.config.MonitorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An alert counts as published only when the broker acknowledged it: until then it is not in the ledger, the
 * batch waiting on it does not finish, a failed send is retried and readiness says so.
 */
class AcknowledgedSendsTest {
    private final AcknowledgedSends sends = new AcknowledgedSends();
    /** Ids the stand-in broker wrote although its answer was a failure: what a retry finds on the topic. */
    private final Set<String> writtenDespiteFailure = ConcurrentHashMap.newKeySet();
    private final PublishedAlertLedger ledger = new PublishedAlertLedger() {
        @Override
        public synchronized void catchUp(Duration timeout) {
            writtenDespiteFailure.forEach(this::acknowledged);
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void wire() {
        ledger.config = (MonitorConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MonitorConfig.class}, (proxy, method, args) -> 1_000);
        MonitorMetrics metrics = new MonitorMetrics();
        metrics.registry = registry;
        metrics.register();
        sends.ledger = ledger;
        sends.metrics = metrics;
    }

    @Test
    void aSendTheBrokerRefusesForAWhileIsRetriedAndOnlyThenPublished() {
        BrokerStub broker = new BrokerStub(2, new TimeoutException("broker unavailable"));
        CompletableFuture<Void> sent = sends.send("alert-1", "alerts", 0, broker, () -> Message.of("a"), "alert 1");

        await().atMost(Duration.ofSeconds(5)).until(() -> sends.failing() == 1);
        assertThat(sent).as("the batch that raised it still waits").isNotDone();
        assertThat(ledger.isPublished("alert-1")).isFalse();
        assertThat(sends.send("alert-1", "alerts", 0, broker, () -> Message.of("a"), "alert 1"))
                .as("not sent twice while in flight").isNull();

        await().atMost(Duration.ofSeconds(10)).until(sent::isDone);
        assertThat(broker.attempts).hasValue(3);
        assertThat(ledger.isPublished("alert-1")).isTrue();
        assertThat(sends.failing()).as("readiness UP again").isZero();
        assertThat(registry.get("initwatch.monitor.publish.failures").tag("topic", "alerts").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aSendTheBrokerWroteBeforeItsAnswerWasLostIsNotSentAgain() {
        BrokerStub broker = new BrokerStub(1, new TimeoutException("expired before the broker answered"));
        writtenDespiteFailure.add("alert-3");
        CompletableFuture<Void> sent = sends.send("alert-3", "alerts", 0, broker, () -> Message.of("a"), "alert 3");

        await().atMost(Duration.ofSeconds(10)).until(sent::isDone);
        assertThat(broker.attempts).as("found on the topic by the retry, so sent once").hasValue(1);
        assertThat(ledger.isPublished("alert-3")).isTrue();
        assertThat(sends.failing()).isZero();
    }

    @Test
    void aSendNoRetryCanFixIsLoggedCountedAndReleasedSoTheBatchGoesOn() {
        BrokerStub broker = new BrokerStub(Integer.MAX_VALUE, new RecordTooLargeException("too large"));
        CompletableFuture<Void> sent = sends.send("dead-letter:x", "dead-letter", 0, broker, () -> Message.of("a"),
                "dead letter");
        await().atMost(Duration.ofSeconds(5)).until(sent::isDone);
        assertThat(broker.attempts).hasValue(1);
        assertThat(ledger.isPublished("dead-letter:x")).as("a later replay may try again").isFalse();
        assertThat(sends.failing()).isZero();
    }

    @Test
    void retriesForAPartitionGivenAwayAreAbandonedForItsNextOwner() {
        BrokerStub broker = new BrokerStub(Integer.MAX_VALUE, new TimeoutException("broker unavailable"));
        CompletableFuture<Void> sent = sends.send("alert-2", "alerts", 1, broker, () -> Message.of("a"), "alert 2");
        await().atMost(Duration.ofSeconds(5)).until(() -> sends.failing() == 1);

        sends.revoked(List.of(1));
        assertThat(sent).isDone();
        assertThat(sends.failing()).isZero();
        assertThat(ledger.isPublished("alert-2")).isFalse();
        assertThat(sends.awaitInFlight(Duration.ofSeconds(1))).isTrue();
    }

    /** Nacks the first {@code failures} sends with {@code error}, acknowledges the rest. */
    static final class BrokerStub implements Emitter<String> {
        final AtomicInteger attempts = new AtomicInteger();
        final List<Message<?>> accepted = new CopyOnWriteArrayList<>();
        private final int failures;
        private final RuntimeException error;

        BrokerStub(int failures, RuntimeException error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            if (attempts.incrementAndGet() <= failures) {
                message.nack(error);
            } else {
                accepted.add(message);
                message.ack();
            }
        }

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
