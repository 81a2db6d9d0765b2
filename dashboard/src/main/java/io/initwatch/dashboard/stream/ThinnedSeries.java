package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Points keyed by their position (epoch, iteration), at most {@code capacity} of them. A point sent twice
 * replaces the first, so replaying a topic never duplicates a point. When full, every second point is
 * dropped (the first and last are kept): the early epochs, where initialization shows, never disappear;
 * the curve just gets coarser. Keeps the estimated bytes of what it holds ({@link RetainedSize}) as points come
 * and go, so the store's byte cap costs nothing per event.
 */
final class ThinnedSeries<K extends Comparable<K>, V> {
    private final int capacity;
    private final ToLongFunction<V> size;
    private final TreeMap<K, V> points = new TreeMap<>();
    private long bytes;

    ThinnedSeries(int capacity, ToLongFunction<V> size) {
        if (capacity < 3) {
            throw new IllegalArgumentException("a series needs room for at least 3 points, got " + capacity);
        }
        this.capacity = capacity;
        this.size = size;
    }

    void put(K key, V value) {
        V replaced = points.put(key, value);
        bytes += bytesOf(value) - (replaced == null ? 0 : bytesOf(replaced));
        if (points.size() > capacity) {
            thin();
        }
    }

    private void thin() {
        K last = points.lastKey();
        Iterator<Map.Entry<K, V>> it = points.entrySet().iterator();
        boolean keep = true;
        while (it.hasNext()) {
            Map.Entry<K, V> entry = it.next();
            if (!keep && !entry.getKey().equals(last)) {
                bytes -= bytesOf(entry.getValue());
                it.remove();
            }
            keep = !keep;
        }
    }

    private long bytesOf(V value) {
        return RetainedSize.SERIES_ENTRY + size.applyAsLong(value);
    }

    V last() {
        return points.isEmpty() ? null : points.lastEntry().getValue();
    }

    List<V> values() {
        return new ArrayList<>(points.values());
    }

    int size() {
        return points.size();
    }

    /** Estimated heap of the points held. */
    long bytes() {
        return bytes;
    }
}
