package io.initwatch.dashboard.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.dashboard.config.DashboardConfig;
import io.initwatch.events.EventJson;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Numbers every update and fans it out to the connected browsers, remembering the last ones so a browser that
 * reconnects with the last id it saw gets exactly what it missed: nothing twice, nothing lost. Sequences start
 * again after a restart, so each process has an {@link #instance()} id; a browser that sees a new one reloads.
 */
@ApplicationScoped
public class LiveFeed {
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final StreamMessage PING = new StreamMessage("ping", null, "{}");

    private final String instance = UUID.randomUUID().toString();
    private final int replayBuffer;
    private final Duration heartbeat;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final ArrayDeque<StreamMessage> recent = new ArrayDeque<>();
    private final Set<MultiEmitter<? super StreamMessage>> browsers = ConcurrentHashMap.newKeySet();
    private long seq;
    private ScheduledFuture<?> pinger;

    LiveFeed(DashboardConfig config) {
        this.replayBuffer = config.stream().replayBuffer();
        this.heartbeat = config.stream().heartbeat();
        this.maxConnections = config.stream().maxConnections();
    }

    public int maxConnections() {
        return maxConnections;
    }

    public String instance() {
        return instance;
    }

    public synchronized long lastSeq() {
        return seq;
    }

    synchronized long publish(String kind, String runId, RunSummary run, Object data) {
        long next = seq + 1;
        StreamMessage message = new StreamMessage("update", next, json(new Update(next, kind, runId, run, data)));
        seq = next;
        recent.addLast(message);
        if (recent.size() > replayBuffer) {
            recent.removeFirst();
        }
        browsers.forEach(b -> b.emit(message));
        return next;
    }

    /**
     * A browser's stream: {@code hello}, then what it missed after {@code since} (or {@code resync} when that
     * is no longer known), then live updates and a {@code ping} every heartbeat.
     *
     * @param since            last sequence the browser has, or null for a fresh page
     * @param browserInstance  the instance that sequence came from, or null
     */
    public Multi<StreamMessage> subscribe(Long since, String browserInstance) {
        // Room for a full replay plus a burst; a browser slower than that gets an error and reconnects.
        return Multi.createFrom().emitter(emitter -> attach(emitter, since, browserInstance), replayBuffer + 1024);
    }

    /**
     * {@link #subscribe}, or empty when {@code max-connections} streams are open already. Each open stream holds
     * a connection, a replay-sized buffer and a share of every update, so their number is capped. The place is
     * taken here, before the HTTP answer is chosen, so the caller can still answer 503 rather than a broken stream;
     * it is given back however the stream ends (completed, failed, or the browser went away).
     */
    public Optional<Multi<StreamMessage>> trySubscribe(Long since, String browserInstance) {
        int now;
        do {
            now = open.get();
            if (now >= maxConnections) {
                return Optional.empty();
            }
        } while (!open.compareAndSet(now, now + 1));
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
        return Optional.of(subscribe(since, browserInstance).onTermination().invoke(release));
    }

    private synchronized void attach(MultiEmitter<? super StreamMessage> emitter, Long since, String browserInstance) {
        emitter.emit(new StreamMessage("hello", null, json(Map.of("instance", instance, "seq", seq,
                "heartbeatMs", heartbeat.toMillis()))));
        if (since != null) {
            long oldestKept = recent.isEmpty() ? seq + 1 : recent.peekFirst().id();
            boolean sameProcess = browserInstance == null || browserInstance.equals(instance);
            if (!sameProcess || since > seq || since < oldestKept - 1) {
                emitter.emit(new StreamMessage("resync", null, json(Map.of("instance", instance, "seq", seq,
                        "reason", !sameProcess || since > seq ? "the dashboard restarted"
                                : "more than " + replayBuffer + " updates were missed"))));
            } else {
                recent.stream().filter(m -> m.id() > since).forEach(emitter::emit);
            }
        }
        browsers.add(emitter);
        emitter.onTermination(() -> browsers.remove(emitter));
    }

    public int connectedBrowsers() {
        return browsers.size();
    }

    /** Ends every stream; browsers reconnect with their last id. Used at shutdown, so pages are not left hanging. */
    public synchronized void disconnectAll() {
        List.copyOf(browsers).forEach(MultiEmitter::complete);
    }

    void onStart(@Observes StartupEvent event) {
        long every = heartbeat.toMillis();
        pinger = Infrastructure.getDefaultWorkerPool().scheduleAtFixedRate(this::ping, every, every,
                TimeUnit.MILLISECONDS);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (pinger != null) {
            pinger.cancel(false);
        }
        disconnectAll();
    }

    /** Under the same lock as {@link #publish}: a stream's events must never be emitted concurrently. */
    private synchronized void ping() {
        browsers.forEach(b -> b.emit(PING));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream update as JSON", e);
        }
    }
}
