package io.initwatch.trainer.run;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded queue in front of a fixed number of training threads. Capacity counts running and waiting runs,
 * and a batch (an experiment) is admitted whole or not at all, so a 429 never leaves half an experiment queued.
 */
public final class RunScheduler implements AutoCloseable {

    private final Semaphore slots;
    private final ExecutorService workers;
    private final int capacity;

    public RunScheduler(int concurrentRuns, int queueCapacity) {
        this.capacity = concurrentRuns + queueCapacity;
        this.slots = new Semaphore(capacity);
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrentRuns, r -> {
            Thread t = new Thread(r, "initwatch-run-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs that can be running or waiting at once: no batch larger than this is ever admitted. */
    public int capacity() {
        return capacity;
    }

    /** @throws QueueFullException when fewer than {@code jobs.size()} places are free */
    public void submitAll(List<Runnable> jobs) {
        if (!slots.tryAcquire(jobs.size())) {
            throw new QueueFullException("the run queue is full (" + (capacity - slots.availablePermits()) + " of "
                    + capacity + " places taken, " + jobs.size() + " asked for); retry when runs have finished");
        }
        for (Runnable job : jobs) {
            workers.execute(() -> {
                try {
                    job.run();
                } finally {
                    slots.release();
                }
            });
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
