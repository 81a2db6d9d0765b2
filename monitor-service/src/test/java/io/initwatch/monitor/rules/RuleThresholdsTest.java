package io.initwatch.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The one declaration of every threshold: configuration, validation and the docs all follow it. */
class RuleThresholdsTest {

    @Test
    void theDocsListEveryDeclaredThresholdWithItsDefaultAndNoOther() throws IOException {
        String doc = Files.readString(Path.of("../docs/alerts.md"));
        Matcher row = Pattern.compile("\\| `initwatch\\.rules\\.([a-z-]+\\.[a-z-]+)` \\| ([^|]+) \\|").matcher(doc);
        Map<String, Double> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(row.group(1), Double.parseDouble(row.group(2).trim()));
        }
        Map<String, Double> declared = new LinkedHashMap<>();
        RuleThresholds.DEFINITIONS.forEach(d -> declared.put(d.key(), d.defaultValue()));
        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void everyThresholdIsKeyedByTheWireNameOfAnAlertRule() {
        assertThat(RuleThresholds.DEFINITIONS).extracting(Threshold::rule).allMatch(RuleCatalog.alertRules()::contains);
    }

    @Test
    void aConfiguredValueReplacesItsDefaultAndNothingElse() {
        RuleThresholds t = RuleThresholds.from(key -> key.equals("flat-loss.window-epochs") ? Optional.of("8")
                : Optional.empty());
        assertThat(t.flatLoss().windowEpochs()).isEqualTo(8);
        assertThat(t.flatLoss().minRelativeDrop()).isEqualTo(RuleThresholds.defaults().flatLoss().minRelativeDrop());
        assertThat(RuleThresholds.FLAT_WINDOW.activeValue(t)).isEqualTo(8);
    }

    @Test
    void badValuesAreAllNamedWithTheirKeyBeforeTheMonitorStarts() {
        Map<String, String> bad = Map.of(
                "flat-loss.window-epochs", "2.5",
                "dead-relu.max-zero-fraction", "1.5",
                "exploding-gradients.max-gradient-norm", "lots");
        assertThatThrownBy(() -> RuleThresholds.from(key -> Optional.ofNullable(bad.get(key))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initwatch.rules.flat-loss.window-epochs: 2.5 is not a whole number")
                .hasMessageContaining("initwatch.rules.dead-relu.max-zero-fraction: 1.5 is outside [0, 1]")
                .hasMessageContaining("initwatch.rules.exploding-gradients.max-gradient-norm: 'lots' is not a number");
    }

    @Test
    void theUpdateRatioBoundsMustBeInOrder() {
        assertThatThrownBy(() -> RuleThresholds.from(key -> key.equals("update-ratio.min") ? Optional.of("0.5")
                : Optional.empty()))
                .hasMessageContaining("initwatch.rules.update-ratio.min (0.5) must be below initwatch.rules.update-ratio.max");
    }
}
