package io.initwatch.monitor.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;

/**
 * The event streams of real Deeplearning4j demo runs, recorded from the three telemetry topics
 * ({@code src/test/resources/recorded-runs/<name>.jsonl.gz}: one JSON line per record,
 * {@code {"topic": ..., "timestamp": ..., "value": <the event as on the wire>}}, in consumption order per topic).
 */
public final class RecordedRuns {
    private static final ObjectMapper JSON = EventJson.mapper();

    private RecordedRuns() {
    }

    /**
     * The run's events decoded with the contract's {@link EventJson}, the three topics merged by record timestamp
     * (each topic's own order kept, as a consumer sees it).
     */
    public static List<Object> events(String name) {
        String resource = "/recorded-runs/" + name + ".jsonl.gz";
        Map<String, List<Record>> byTopic = new LinkedHashMap<>();
        try (InputStream raw = RecordedRuns.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("no recorded run " + resource);
            }
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = JSON.readTree(line);
                String topic = record.get("topic").asText();
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                        .add(new Record(record.get("timestamp").asLong(), decode(topic, record.get("value").toString())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return merge(new ArrayList<>(byTopic.values()));
    }

    private static Object decode(String topic, String json) {
        return switch (topic) {
            case "initwatch.runs" -> EventJson.fromJson(json, RunEvent.class);
            case "initwatch.metrics" -> EventJson.fromJson(json, EpochMetrics.class);
            case "initwatch.layers" -> EventJson.fromJson(json, LayerStats.class);
            default -> throw new IllegalArgumentException("unknown topic " + topic);
        };
    }

    private static List<Object> merge(List<List<Record>> streams) {
        List<Object> merged = new ArrayList<>();
        int[] next = new int[streams.size()];
        while (true) {
            int pick = -1;
            for (int s = 0; s < streams.size(); s++) {
                if (next[s] < streams.get(s).size() && (pick < 0
                        || streams.get(s).get(next[s]).timestamp() < streams.get(pick).get(next[pick]).timestamp())) {
                    pick = s;
                }
            }
            if (pick < 0) {
                return merged;
            }
            merged.add(streams.get(pick).get(next[pick]++).event());
        }
    }

    private record Record(long timestamp, Object event) {
    }
}
