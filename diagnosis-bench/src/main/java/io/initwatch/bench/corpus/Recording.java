package io.initwatch.bench.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Topics;

/**
 * The exact messages one corpus run published, in publication order, as gzip JSON lines: a header line
 * {@code {"header": {"case": ..., "chanceLoss": ...}}}, then one line per message in the format of the monitor's
 * recorded-run fixtures, {@code {"topic": ..., "timestamp": ..., "value": <the message as on the wire>}}.
 *
 * @param chanceLoss the loss of a model that learned nothing: the entropy of the training labels
 *                   (classification) or the variance of the training targets (regression, DL4J's MSE)
 * @param events     RunEvent, EpochMetrics and LayerStats in publication order
 */
public record Recording(CorpusCase corpusCase, double chanceLoss, List<Object> events) {

    private static final ObjectMapper JSON = EventJson.mapper();

    public static Path file(Path runsDir, String id) {
        return runsDir.resolve(id + ".jsonl.gz");
    }

    /** Writes to a temporary file first and renames it, so a file that exists is always whole. */
    public void write(Path runsDir) {
        Path target = file(runsDir, corpusCase.id());
        Path temporary = runsDir.resolve(corpusCase.id() + ".jsonl.gz.tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary));
                Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode();
            ObjectNode body = header.putObject("header");
            body.set("case", JSON.valueToTree(corpusCase));
            body.put("chanceLoss", chanceLoss);
            writer.write(JSON.writeValueAsString(header));
            writer.write('\n');
            for (Object event : events) {
                ObjectNode line = JSON.createObjectNode();
                line.put("topic", topic(event));
                line.put("timestamp", timestamp(event));
                line.set("value", JSON.readTree(EventJson.toBytes(event)));
                writer.write(JSON.writeValueAsString(line));
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + temporary + " to " + target, e);
        }
    }

    public static Recording read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Recording read(InputStream raw, String name) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
        JsonNode header = JSON.readTree(lines.readLine()).get("header");
        if (header == null) {
            throw new IOException(name + ": the first line is not a corpus header");
        }
        CorpusCase corpusCase = JSON.treeToValue(header.get("case"), CorpusCase.class);
        double chance = header.get("chanceLoss").asDouble();
        List<Object> events = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = JSON.readTree(line);
            String value = record.get("value").toString();
            events.add(switch (record.get("topic").asText()) {
                case Topics.RUNS -> EventJson.fromJson(value, RunEvent.class);
                case Topics.METRICS -> EventJson.fromJson(value, EpochMetrics.class);
                case Topics.LAYERS -> EventJson.fromJson(value, LayerStats.class);
                default -> throw new IOException(name + ": unknown topic " + record.get("topic"));
            });
        }
        return new Recording(corpusCase, chance, events);
    }

    public List<EpochMetrics> metrics() {
        return events.stream().filter(EpochMetrics.class::isInstance).map(EpochMetrics.class::cast).toList();
    }

    public List<LayerStats> layerStats() {
        return events.stream().filter(LayerStats.class::isInstance).map(LayerStats.class::cast).toList();
    }

    public List<RunEvent> runEvents() {
        return events.stream().filter(RunEvent.class::isInstance).map(RunEvent.class::cast).toList();
    }

    private static String topic(Object event) {
        if (event instanceof RunEvent) {
            return Topics.RUNS;
        }
        if (event instanceof EpochMetrics) {
            return Topics.METRICS;
        }
        return Topics.LAYERS;
    }

    private static long timestamp(Object event) {
        if (event instanceof RunEvent e) {
            return e.timestampMs();
        }
        if (event instanceof EpochMetrics m) {
            return m.timestampMs();
        }
        return ((LayerStats) event).timestampMs();
    }
}
