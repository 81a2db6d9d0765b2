package io.initwatch.monitor.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/** How numbers and layer lists read in alert text: three significant digits, ranges with an en dash. */
public final class Fmt {

    private Fmt() {
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e5)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "layer 3", "layers 3–30", "layers 1–4, 7, 9–12" from ascending indexes. */
    public static String layers(List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return "no layers";
        }
        StringBuilder text = new StringBuilder(indexes.size() == 1 ? "layer " : "layers ");
        int start = indexes.get(0);
        int previous = start;
        for (int i = 1; i <= indexes.size(); i++) {
            int current = i < indexes.size() ? indexes.get(i) : Integer.MIN_VALUE;
            if (current != previous + 1) {
                if (text.charAt(text.length() - 1) != ' ') {
                    text.append(", ");
                }
                text.append(start);
                if (previous != start) {
                    text.append('–').append(previous);
                }
                start = current;
            }
            previous = current;
        }
        return text.toString();
    }
}
