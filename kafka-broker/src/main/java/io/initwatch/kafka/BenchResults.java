package io.initwatch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark reports to {@code ./bench.sh}: one row per figure (median with its min–max spread, its ratio
 * to the anchor measured in the same run, and the load average when it was measured) and free-text notes,
 * appended as tab-separated lines to the file named by {@code -Dbench.results} and printed. {@code -Dbench.smoke}
 * asks for tiny sizes. It lives in this module because every service's tests already depend on it (it is their
 * shared test infrastructure, like {@link KafkaBrokerResource}).
 */
public final class BenchResults {
    public static final boolean SMOKE = Boolean.getBoolean("bench.smoke");

    private BenchResults() {
    }

    /** Repetitions: {@code -Dbench.repetitions}, else 1 in smoke mode, else {@code full}. */
    public static int repetitions(int full) {
        return Integer.getInteger("bench.repetitions", SMOKE ? 1 : full);
    }

    /** One-minute load average of the machine now. */
    public static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Median, min and max of repeated measurements. */
    public record Spread(double median, double min, double max, int n) {
        public static Spread of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
        }

        public String format(String unit) {
            String u = unit.isEmpty() ? "" : " " + unit;
            if (n == 1) {
                return num(median) + u + " (n = 1)";
            }
            return num(median) + u + " (" + num(min) + " … " + num(max) + ", n = " + n + ")";
        }
    }

    /** Three significant digits, thousands separated. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public static void row(String benchmark, String figure, Spread value, String unit, String ratio, double load) {
        write("row", benchmark, figure, value.format(unit), ratio, String.format(Locale.ROOT, "%.1f", load));
    }

    /** A row whose figure is already worded (percentiles rather than a median over repetitions). */
    public static void row(String benchmark, String figure, String value, String ratio, double load) {
        write("row", benchmark, figure, value, ratio, String.format(Locale.ROOT, "%.1f", load));
    }

    /** A ratio to an anchor, "× anchor" appended. */
    public static String ratio(Spread ratio, String anchor) {
        String spread = ratio.n() == 1 ? "" : " (" + fmt2(ratio.min()) + " … " + fmt2(ratio.max()) + ")";
        return "**" + fmt2(ratio.median()) + "×** " + anchor + spread;
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static void note(String benchmark, String text) {
        write("note", benchmark, text);
    }

    private static synchronized void write(String... fields) {
        String line = String.join("\t", fields);
        System.out.println("bench: " + line);
        String file = System.getProperty("bench.results");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line.replace("\n", " ") + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
