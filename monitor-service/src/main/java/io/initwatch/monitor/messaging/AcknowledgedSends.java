package io.initwatch.monitor.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends to an output topic and tells when the broker has the record: an id enters the
 * {@link PublishedAlertLedger} only on the broker's acknowledgement, and the batch that raised it is
 * acknowledged (so its offsets committed) only after that. A send the producer gave up on (after its own
 * retries, {@code delivery.timeout.ms}) is retried with a growing pause while the input partition is still
 * owned here; meanwhile the readiness check is DOWN and {@code initwatch_monitor_publish_failures_total}
 * counts the failures. Errors that no retry can fix (a record too large for the broker) are logged with the
 * record and counted, and the batch moves on.
 */
@ApplicationScoped
public class AcknowledgedSends {
    private static final Logger LOG = Logger.getLogger(AcknowledgedSends.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** How long a retry may spend reading the output topics for an earlier copy before it counts as failed. */
    private static final Duration RETRY_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    PublishedAlertLedger ledger;

    @Inject
    MonitorMetrics metrics;

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "initwatch-publish-retry");
        thread.setDaemon(true);
        return thread;
    });

    private final Object lock = new Object();
    private int inFlight;
    /** Sends waiting for a retry, by the input partition number whose records raised them. */
    private final Map<Integer, Set<Pending>> waiting = new HashMap<>();
    /**
     * Sends that failed and have not succeeded since, including while a retry is in flight: a retry during an
     * outage spends up to {@code delivery.timeout.ms} in the producer, far longer than the pause before it.
     */
    private final Set<Pending> failed = new HashSet<>();

    /**
     * Sends unless the ledger has the id already; the future completes when the broker has it, or when the
     * send is abandoned (partition given away, or an error no retry fixes). Never completes exceptionally.
     */
    <T> CompletableFuture<Void> send(String id, String topic, int partition, Emitter<T> emitter,
            Supplier<Message<T>> message, String description) {
        if (!ledger.claim(id)) {
            return null;
        }
        Pending pending = new Pending(id, topic, partition, emitter, message, description);
        synchronized (lock) {
            inFlight++;
        }
        pending.attempt();
        return pending.done;
    }

    /** Sends that failed and are being retried: the readiness check is DOWN while there are any. */
    public int failing() {
        synchronized (lock) {
            return failed.size();
        }
    }

    /** Gives up retrying what the revoked partitions raised: their next owner replays and raises it again. */
    void revoked(Collection<Integer> partitionNumbers) {
        List<Pending> dropped = new ArrayList<>();
        synchronized (lock) {
            for (Integer number : partitionNumbers) {
                Set<Pending> set = waiting.remove(number);
                if (set != null) {
                    dropped.addAll(set);
                }
            }
        }
        for (Pending pending : dropped) {
            LOG.warnf("partition %d given away: not retrying %s; its next owner raises it again", pending.partition,
                    pending.description);
            pending.abandon();
        }
    }

    /** Waits until every send so far is acknowledged or abandoned; false on timeout. */
    public boolean awaitInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("%d records still in flight after %s", inFlight, timeout);
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }

    private final class Pending {
        final String id;
        final String topic;
        final int partition;
        final Emitter<Object> emitter;
        final Supplier<Message<Object>> message;
        final String description;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Duration pause = FIRST_PAUSE;
        ScheduledFuture<?> retry;

        @SuppressWarnings("unchecked")
        <T> Pending(String id, String topic, int partition, Emitter<T> emitter, Supplier<Message<T>> message,
                String description) {
            this.id = id;
            this.topic = topic;
            this.partition = partition;
            this.emitter = (Emitter<Object>) emitter;
            this.message = () -> (Message<Object>) message.get();
            this.description = description;
        }

        void attempt() {
            Message<Object> m = message.get().withAck(() -> {
                succeeded();
                return CompletableFuture.completedFuture(null);
            }).withNack(failure -> {
                failed(failure);
                return CompletableFuture.completedFuture(null);
            });
            try {
                emitter.send(m);
            } catch (RuntimeException e) {
                // e.g. the channel is closing: the same path as a failed send
                failed(e);
            }
        }

        void succeeded() {
            ledger.acknowledged(id);
            finish();
        }

        void failed(Throwable failure) {
            metrics.publishFailed(topic);
            boolean retriable = false;
            for (Throwable t = failure; t != null && !retriable; t = t.getCause() == t ? null : t.getCause()) {
                retriable = t instanceof RetriableException;
            }
            if (!retriable) {
                LOG.errorf(failure, "could not send %s to %s (not retried: %s)", description, topic, failure);
                ledger.release(id);
                finish();
                return;
            }
            LOG.warnf("could not send %s to %s (%s); retrying in %s", description, topic, failure, pause);
            synchronized (lock) {
                failed.add(this);
                waiting.computeIfAbsent(partition, p -> new HashSet<>()).add(this);
                retry = retries.schedule(this::retry, pause.toMillis(), TimeUnit.MILLISECONDS);
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }

        void retry() {
            synchronized (lock) {
                Set<Pending> set = waiting.get(partition);
                if (set == null || !set.remove(this)) {
                    return; // abandoned meanwhile
                }
            }
            // The producer gave up waiting for an answer, but the broker may have written the record before the
            // answer was lost (a broker stopping does that); a new send would then publish it twice. So look at
            // the topic first. Failing to look (the broker still away) counts as one more failed attempt.
            try {
                ledger.catchUp(RETRY_LOOKUP_TIMEOUT);
            } catch (RuntimeException e) {
                failed(new org.apache.kafka.common.errors.TimeoutException(
                        "cannot read " + topic + " to check for an earlier copy: " + e, e));
                return;
            }
            if (ledger.isPublished(id)) {
                LOG.infof("%s was on %s after all (written before the broker's answer was lost); not sent again",
                        description, topic);
                succeeded();
                return;
            }
            attempt();
        }

        void abandon() {
            if (retry != null) {
                retry.cancel(false);
            }
            ledger.release(id);
            finish();
        }

        private void finish() {
            synchronized (lock) {
                failed.remove(this);
                inFlight--;
                lock.notifyAll();
            }
            done.complete(null);
        }
    }
}
