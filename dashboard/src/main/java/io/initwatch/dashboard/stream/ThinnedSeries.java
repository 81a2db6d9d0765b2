package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Points keyed by their position (epoch, iteration), at most {@code capacity} of them. A point sent twice
 * replaces the first, so replaying a topic never duplicates a point. When full, every second point is
 * dropped (the first and last are kept): the early epochs, where initialization shows, never disappear;
 * the curve just gets coarser.
 */
final class ThinnedSeries<K extends Comparable<K>, V> {
    private final int capacity;
    private final TreeMap<K, V> points = new TreeMap<>();

    ThinnedSeries(int capacity) {
        if (capacity < 3) {
            throw new IllegalArgumentException("a series needs room for at least 3 points, got " + capacity);
        }
        this.capacity = capacity;
    }

    void put(K key, V value) {
        points.put(key, value);
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
                it.remove();
            }
            keep = !keep;
        }
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
}
