package io.initwatch.monitor.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.initwatch.monitor.config.MonitorConfig;

/**
 * Threads that decode and evaluate independent partitions of a batch side by side, so one monitor uses every
 * core (JSON decoding is most of the cost). The calling thread takes a share itself.
 */
@ApplicationScoped
public class ProcessingWorkers {

    @Inject
    MonitorConfig config;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        int threads = config.processingThreads() > 0 ? config.processingThreads()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        // the caller is one of the threads, so the pool needs one fewer
        pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread thread = new Thread(r, "initwatch-rules-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Runs the tasks, in parallel when there is more than one, and returns when all are done. */
    void runAll(List<Runnable> tasks) {
        if (pool == null || tasks.size() < 2) {
            tasks.forEach(Runnable::run);
            return;
        }
        List<Future<?>> submitted = new ArrayList<>();
        for (Runnable task : tasks.subList(1, tasks.size())) {
            submitted.add(pool.submit(task));
        }
        tasks.get(0).run();
        for (Future<?> future : submitted) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating rules", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("rule evaluation failed", e.getCause());
            }
        }
    }

    @PreDestroy
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
