package io.initwatch.dashboard.browser;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.dashboard.stream.LiveFeed;
import io.initwatch.dashboard.support.EventPublisher;
import io.initwatch.dashboard.support.HistoryBeforeStartup;
import io.initwatch.dashboard.support.SampleRun;
import io.initwatch.dashboard.support.TrainerStub;
import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.Prescription;
import io.initwatch.events.RepairOf;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;
import io.initwatch.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** What a person sees in headless Chromium while events flow through the real broker. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TrainerStub.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = HistoryBeforeStartup.class, restrictToAnnotatedClass = false)
class DashboardPageTest {
    private static Browser browser;
    private static EventPublisher publish;

    @TestHTTPResource("/")
    URL page;

    @Inject
    LiveFeed feed;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
        publish = new EventPublisher();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (publish != null) {
            publish.close();
        }
    }

    @AfterEach
    void screenshotAndNothingBlocked(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
        assertEquals(List.of(), browser.blockedByContentSecurityPolicy(),
                "the page works under its Content-Security-Policy: no inline script or style, nothing from elsewhere");
    }

    private void open(String hash) {
        browser.driver.get(page + (hash.isEmpty() ? "" : "#" + hash));
        // Only the hash may have changed, so the page was not reloaded: a form a test left open stays open.
        browser.js("document.querySelectorAll('dialog[open]').forEach((d) => d.close())");
        browser.waiting().until(ExpectedConditions.textToBe(By.id("connection"), "live"));
    }

    private WebElement runItem(String runId) {
        return browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#run-list li[data-run-id='" + runId + "']")));
    }

    private List<String> tableEpochs() {
        return browser.texts(browser.driver.findElements(By.cssSelector("#epoch-table tbody tr td:first-child")));
    }

    private void waitForRows(int rows) {
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epoch-table tbody tr"), rows));
    }

    @Test
    void aPageLeftForAnotherHoldsNoStreamOpen() {
        open("");
        int withThePage = feed.connectedBrowsers();
        browser.driver.get("about:blank");
        // Kept open in the back/forward cache, each such page would hold one of the six connections Chromium allows
        // per host, and a few of them stalled the next dashboard page's first requests for about a minute.
        await().atMost(Browser.WAIT).until(() -> feed.connectedBrowsers() == withThePage - 1);
    }

    @Test
    void aRunAppearsAndItsPointsArriveLive() {
        open("");
        SampleRun run = new SampleRun(null, "live relu he", "relu", "he-normal", 8, 6);
        publish.run(run.started());
        runItem(run.runId);
        By item = By.cssSelector("#run-list li[data-run-id='" + run.runId + "']");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(item, "live relu he"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(item, "relu · he-normal · 8×32 · spirals"));
        browser.waiting().until(ExpectedConditions.elementToBeClickable(item)).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), "live relu he"));
        for (int epoch = 1; epoch <= 4; epoch++) {
            publish.metrics(run.typicalMetrics(epoch)).run(run.progress(epoch));
            waitForRows(epoch);
        }
        assertEquals(List.of("1", "2", "3", "4"), tableEpochs());
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#run-list li[data-run-id='" + run.runId + "']"), "epoch 4 of 6"));
        assertEquals(List.of("Training loss", "Validation loss"), browser.texts(browser.driver.findElements(
                By.cssSelector("#loss-chart .u-legend .u-series:not(:first-child) .u-label"))));
        String firstLoss = browser.driver.findElement(By.cssSelector("#epoch-table tbody tr:first-child td:nth-child(2)")).getText();
        assertEquals(String.format("%.4f", run.typicalMetrics(1).trainLoss()), firstLoss);
    }

    @Test
    void aPageOpenedMidRunGetsTheHistoryThenTheLiveTail() {
        SampleRun run = new SampleRun(null, "mid-run xavier relu", "relu", "xavier-normal", 12, 8);
        publish.run(run.started()).layers(run.layers(StatsPhase.PREFLIGHT, 0, 0.05, 0.6, 1.0));
        for (int epoch = 1; epoch <= 3; epoch++) {
            publish.metrics(run.typicalMetrics(epoch)).layers(run.layers(StatsPhase.EPOCH, epoch, 0.05, 0.6, 1.0));
        }
        open("run=" + run.runId);
        waitForRows(3);
        publish.metrics(run.typicalMetrics(4)).metrics(run.typicalMetrics(5));
        waitForRows(5);
        assertEquals(List.of("1", "2", "3", "4", "5"), tableEpochs(), "history then live tail, each epoch once");

        // Per-layer views: a line per layer, and a heatmap and pre-flight chart that were drawn.
        assertEquals(13L, browser.js("return window.initwatch.series('gradients').length"), "one line per layer");
        assertEquals("layer 12", browser.js("return window.initwatch.series('gradients')[12]"));
        // The numbers, not a verdict: judging them is the monitor's job.
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preflight-note"),
                "Activation std goes from 1.0000 at the input layer to 0.0022 at the output (÷459)."));
        String png = (String) browser.js("return window.initwatch.exportPng('loss')");
        assertTrue(png.startsWith("data:image/png;base64,"), "PNG export gives a PNG");
        assertTrue(Base64.getDecoder().decode(png.substring(png.indexOf(',') + 1)).length > 5_000);
        String csv = (String) browser.driver.executeAsyncScript(
                "const done = arguments[0]; fetch(document.getElementById('csv-link').href).then(r => r.text()).then(done);");
        assertTrue(csv.startsWith("epoch,iteration,train_loss,validation_loss"), csv);
        assertEquals(6, csv.strip().split("\n").length, csv);
    }

    @Test
    void anAlertAppearsWithItsPrescriptionAndLeadsToItsEpoch() {
        SampleRun run = new SampleRun(null, "deep relu small-normal", "relu", "small-normal", 20, 10);
        publish.run(run.started());
        for (int epoch = 1; epoch <= 4; epoch++) {
            publish.metrics(run.typicalMetrics(epoch));
        }
        open("run=" + run.runId);
        waitForRows(4);
        publish.alert(run.alert("vanishing-gradients", Severity.CRITICAL, 3, "Vanishing gradients in layers 0–17",
                "Gradient norm falls from 1e-2 at the output to 1e-11 at layer 0: small-normal (σ=0.01) shrinks the signal 20 times.",
                "Use he-normal for the relu layers: σ = √(2/32) = 0.25."));
        WebElement alert = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-feed li[data-run-id='" + run.runId + "']")));
        assertTrue(alert.getAttribute("class").contains("severity-CRITICAL"));
        assertEquals("Vanishing gradients in layers 0–17", alert.findElement(By.className("alert-title")).getText());
        assertTrue(alert.findElement(By.className("recommendation")).getText().contains("Use he-normal for the relu layers"));
        assertTrue(alert.findElement(By.className("diagnosis")).getText().contains("1e-11 at layer 0"));
        assertTrue(alert.findElement(By.className("alert-where")).getText().contains("epoch 3"));
        browser.waiting().until(ExpectedConditions.attributeContains(
                By.cssSelector("#epoch-table tr[data-epoch='3']"), "class", "alerted"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#run-list li[data-run-id='" + run.runId + "']"), "critical"));

        open("");
        browser.waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#alert-feed li[data-run-id='" + run.runId + "'] .alert-run"))).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), "deep relu small-normal"));
    }

    @Test
    void theComparisonShowsOneCurvePerInitialization() {
        String experiment = "exp-" + Long.toHexString(System.nanoTime());
        List<String> inits = List.of("zeros", "small-normal", "standard-normal", "xavier-normal", "he-normal");
        SampleRun xavier = null;
        for (String init : inits) {
            SampleRun run = new SampleRun(experiment, "relu 20×32 " + init, "relu", init, 20, 15);
            publish.run(run.started());
            boolean explodes = init.equals("standard-normal");
            double gradient = switch (init) {
                case "zeros" -> 0.0;
                case "small-normal" -> 1e-3;
                case "standard-normal" -> 50.0;
                case "xavier-normal" -> 0.05;
                default -> 0.3;
            };
            double decay = switch (init) {
                case "small-normal" -> 0.35;
                case "standard-normal" -> 1.4;
                case "xavier-normal" -> 0.75;
                default -> 0.97;
            };
            double activationStd = switch (init) {
                case "zeros" -> 0.0;
                case "small-normal" -> 0.05;
                case "standard-normal" -> 8.0;
                default -> 0.9;
            };
            publish.layers(run.layers(StatsPhase.PREFLIGHT, 0, gradient, decay, activationStd));
            for (int epoch = 1; epoch <= 15; epoch++) {
                publish.metrics(explodes && epoch >= 3 ? run.metrics(epoch, Double.NaN, Double.NaN, 0.33)
                        : run.typicalMetrics(epoch));
                publish.layers(run.layers(StatsPhase.EPOCH, epoch, gradient, decay, activationStd));
            }
            publish.run(run.finished());
            if (init.equals("xavier-normal")) {
                xavier = run;
                publish.alert(run.alert("vanishing-gradients", Severity.WARNING, 4,
                        "Vanishing gradients in layers 0–12",
                        "‖∇W‖ falls 0.75× per layer: 1e-4 at layer 0 vs 5e-2 at the output. xavier-normal halves the variance of a relu layer.",
                        "Use he-normal: σ² = 2/n_in = 0.0625 (σ = 0.25) for the 20 relu layers."));
            }
            if (explodes) {
                publish.alert(run.alert("non-finite-loss", Severity.CRITICAL, 3, "Training loss NaN from epoch 3",
                        "Loss became NaN at epoch 3; activations grow 1.4× per layer with standard-normal weights (σ=1).",
                        "Use he-normal (σ = 0.25 for n_in = 32) instead of σ = 1."));
            }
            if (init.equals("zeros")) {
                publish.alert(run.alert("symmetric-weights", Severity.CRITICAL, 0, "All units identical: zero weights",
                        "Every hidden unit computes the same value and gets the same gradient; the loss stays at ln 3 = 1.0986.",
                        "Never initialize with zeros: use he-normal for relu."));
            }
        }
        open("experiment=" + experiment + "&run=" + xavier.runId);
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#comparison-chart .u-legend .u-series"), inits.size() + 1));
        browser.waiting().until(d -> browser.texts(d.findElements(
                By.cssSelector("#comparison-chart .u-legend .u-series:not(:first-child) .u-label"))).equals(inits));
        waitForRows(15);
        assertEquals(inits.size(), browser.driver.findElements(By.cssSelector("#run-list li")).size(),
                "the experiment filter shows only that experiment's runs");
        assertEquals(experiment, new Select(browser.driver.findElement(By.id("experiment-filter")))
                .getFirstSelectedOption().getAttribute("value"));
        browser.screenshot("dashboard-comparison");

        // The zeros run: nothing to draw on a log axis, so the page says it in words.
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//ul[@id='run-list']//span[@class='run-name' and text()='relu 20×32 zeros']"))).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), "relu 20×32 zeros"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("gradient-note"),
                "‖∇W‖ is exactly 0 in layers 0–20: those weights never change."));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preflight-note"),
                "Activation std is exactly 0 in layers 0–20"));
    }

    @Test
    void theAlertListFollowsTheSelectedRunOrExperiment() {
        String experiment = "exp-" + Long.toHexString(System.nanoTime());
        SampleRun zeros = new SampleRun(experiment, "deep tanh, 30 layers", "tanh 30 zeros", "tanh", "zeros", 30, 5);
        SampleRun he = new SampleRun(experiment, "deep tanh, 30 layers", "tanh 30 xavier", "tanh", "xavier-normal", 30, 5);
        SampleRun elsewhere = new SampleRun(null, "lone relu", "relu", "he-normal", 3, 5);
        publish.run(zeros.started()).run(he.started()).run(elsewhere.started())
                .alert(zeros.alert("symmetric-weights", Severity.CRITICAL, 0, "All units identical: zero weights",
                        "Every hidden unit computes the same value.", "Use xavier-normal for tanh.", Cause.SYMMETRY))
                .alert(he.alert("saturated-activations", Severity.WARNING, 2, "Saturated tanh units in layers 20–29",
                        "Most units sit at ±1.", "Lower the learning rate.", Cause.TRAINING_SETUP))
                .alert(elsewhere.alert("overfitting", Severity.INFO, 4, "Overfitting from epoch 4",
                        "Validation loss rises while training loss falls.", "Regularize.", Cause.OVERFITTING));

        open("run=" + zeros.runId);
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), "tanh 30 zeros"));
        browser.waiting().until(d -> feedRuns().equals(List.of(zeros.runId)));
        browser.waiting().until(ExpectedConditions.textToBe(By.id("alert-scope-text"), "for run tanh 30 zeros"));
        browser.waiting().until(ExpectedConditions.textToBe(By.cssSelector("#alert-feed li .cause"),
                "Cause: symmetry: identical units — an initialization problem"));
        assertTrue(browser.driver.findElement(By.id("run-config")).getText().contains("experiment deep tanh, 30 layers"),
                "the run says which experiment by its name");
        browser.screenshot("alerts-follow-the-run");

        // The way back to every run's alerts, and to this run's again, without losing the run.
        browser.waiting().until(ExpectedConditions.textToBe(By.id("alert-scope"), "Show all runs"));
        browser.driver.findElement(By.id("alert-scope")).click();
        browser.waiting().until(d -> feedRuns().containsAll(List.of(zeros.runId, he.runId, elsewhere.runId)));
        browser.waiting().until(ExpectedConditions.textToBe(By.id("alert-scope-text"), "for all runs"));
        assertEquals("tanh 30 zeros", browser.driver.findElement(By.id("run-name")).getText());
        browser.driver.findElement(By.id("alert-scope")).click();
        browser.waiting().until(d -> feedRuns().equals(List.of(zeros.runId)));

        // An experiment: its runs' alerts, and it is called by its name wherever one is chosen.
        new Select(browser.driver.findElement(By.id("experiment-filter"))).selectByValue(experiment);
        browser.waiting().until(d -> feedRuns().size() == 2 && feedRuns().containsAll(List.of(zeros.runId, he.runId)));
        browser.waiting().until(ExpectedConditions.textToBe(By.id("alert-scope-text"), "for experiment deep tanh, 30 layers"));
        assertTrue(new Select(browser.driver.findElement(By.id("experiment-filter"))).getFirstSelectedOption().getText()
                .startsWith("deep tanh, 30 layers · tanh 30×32 spirals (2 runs)"));
        browser.waiting().until(ExpectedConditions.textToBe(By.id("comparison-title"), "deep tanh, 30 layers"));
        browser.waiting().until(ExpectedConditions.textToBe(
                By.cssSelector("#alert-feed li[data-run-id='" + he.runId + "'] .cause"), "Cause: training setup — not the initialization"));
        browser.screenshot("alerts-follow-the-experiment");

        new Select(browser.driver.findElement(By.id("experiment-filter"))).selectByValue("");
        browser.waiting().until(d -> feedRuns().containsAll(List.of(zeros.runId, he.runId, elsewhere.runId)));
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("alert-scope")));
        browser.waiting().until(ExpectedConditions.textToBe(
                By.cssSelector("#run-list li[data-run-id='" + zeros.runId + "'] .run-experiment"), "in deep tanh, 30 layers"));
    }

    /** The runs the alert feed shows, read in one go: the feed is redrawn as updates arrive. */
    @SuppressWarnings("unchecked")
    private List<String> feedRuns() {
        return ((List<String>) browser.js("return [...document.querySelectorAll('#alert-feed li')].map((li) => li.dataset.runId)"))
                .stream().distinct().toList();
    }

    @Test
    void alertsAtOneEpochShareOneMarkerOnTheCharts() {
        SampleRun run = new SampleRun(null, "three alerts at epoch 2", "relu", "small-normal", 10, 6);
        publish.run(run.started());
        for (int epoch = 1; epoch <= 5; epoch++) {
            publish.metrics(run.typicalMetrics(epoch));
        }
        publish.alert(run.alert("flat-loss", Severity.WARNING, 2, "Training loss stuck at 1.0966", "d", "r"))
                .alert(run.alert("vanishing-gradients", Severity.CRITICAL, 2, "Vanishing gradients in layers 0–7", "d", "r"))
                .alert(run.alert("update-ratio", Severity.WARNING, 2, "Updates too small", "d", "r"))
                .alert(run.alert("dead-relu", Severity.WARNING, 4, "Dead ReLUs in layer 3", "d", "r"));
        open("run=" + run.runId);
        waitForRows(5);
        browser.waiting().until(d -> browser.driver.findElements(By.cssSelector("#alert-feed li")).size() == 4);
        // One marker per epoch, labelled by the worst rule and how many more fired there.
        browser.waiting().until(d -> List.of("⚠ vanishing-gradients +2", "⚠ dead-relu")
                .equals(browser.js("return window.initwatch.markers('loss')")));
        assertEquals(List.of("⚠ vanishing-gradients +2", "⚠ dead-relu"), browser.js("return window.initwatch.markers('accuracy')"));
        browser.screenshot("alert-markers-grouped-per-epoch");
    }

    @Test
    void layersWhoseGradientIsExactlyZeroSitOnAFloorLine() {
        SampleRun run = new SampleRun(null, "dead input side", "relu", "small-normal", 6, 6);
        publish.run(run.started()).layers(run.layers(StatsPhase.PREFLIGHT, 0, 1e-3, 0.5, 0.05, 3));
        for (int epoch = 1; epoch <= 4; epoch++) {
            publish.metrics(run.typicalMetrics(epoch)).layers(run.layers(StatsPhase.EPOCH, epoch, 1e-3, 0.5, 0.05, 3));
        }
        publish.alert(run.alert("variance-not-preserved", Severity.CRITICAL, 0,
                "Activation std shrinks 32× from layer 0 to layer 6", "d", "Use he-normal.", Cause.VANISHING));
        open("run=" + run.runId);
        waitForRows(4);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("gradient-note"),
                "‖∇W‖ is exactly 0 in layers 0, 1, 2: those weights never change."));
        assertEquals(List.of("exactly 0: layers 0, 1, 2"), browser.js("return window.initwatch.lines('gradients')"));
        assertEquals(7L, browser.js("return window.initwatch.drawnSeries('gradients')"),
                "every layer has a line, the three zero ones on the floor");
        // The pre-flight verdict is the monitor's alert, not the page's own.
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preflight-alerts"),
                "Activation std shrinks 32× from layer 0 to layer 6"));
        assertEquals("The monitor, before the first update:", browser.driver.findElement(By.id("preflight-verdict")).getText());
        browser.screenshot("zero-gradient-layers-on-the-floor");
    }

    @Test
    void aRunNamedLikeHtmlIsShownAsText() {
        String evil = "<img src=x onerror=alert(1)>";
        SampleRun run = new SampleRun(null, evil, "relu", "he-normal", 3, 5);
        publish.run(run.started()).metrics(run.typicalMetrics(1))
                .alert(run.alert("<script>alert(2)</script>", Severity.WARNING, 1, "<b>bold?</b>",
                        "<img src=y onerror=alert(3)>", "<a href=javascript:alert(4)>fix</a>"));
        open("run=" + run.runId);
        runItem(run.runId);
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), evil));
        browser.waiting().until(ExpectedConditions.textToBe(
                By.cssSelector("#run-list li[data-run-id='" + run.runId + "'] .run-name"), evil));
        WebElement alert = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-feed li[data-run-id='" + run.runId + "']")));
        assertEquals("<b>bold?</b>", alert.findElement(By.className("alert-title")).getText());
        assertEquals("<img src=y onerror=alert(3)>", alert.findElement(By.className("diagnosis")).getText());
        assertEquals(evil, alert.findElement(By.className("alert-run")).getText());
        assertEquals(0L, browser.js("return document.querySelectorAll('#run-list img, #alert-feed img, #alert-feed b, "
                + "#alert-feed a, #run-panel img').length"), "no element was built from the data");
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert(), "no script ran");
    }

    @Test
    void applyFixOnAnAlertWithAPrescriptionAsksTheTrainerToRepairThatRun() {
        TrainerStub.RECEIVED.clear();
        SampleRun run = new SampleRun(null, "deep relu zeros", "relu", "zeros", 6, 4);
        SampleRun other = new SampleRun(null, "deep relu flat", "relu", "he-normal", 6, 4);
        publish.run(run.started()).run(other.started());
        Alert plain = run.alert("symmetric-weights", Severity.CRITICAL, 0, "All units identical: zero weights", "d",
                "Use He.", Cause.SYMMETRY);
        publish.alert(new Alert(plain.schemaVersion(), plain.alertId(), plain.runId(), plain.experimentId(),
                plain.rule(), plain.severity(), plain.epoch(), plain.iteration(), plain.layers(), plain.title(),
                plain.diagnosis(), plain.recommendation(), plain.cause(), plain.evidence(), plain.timestampMs(),
                new Prescription(List.of(new LayerPrescription(1, "relu", 32, 32, "zeros", "he-normal", 2.0 / 32,
                        "he-uniform", Math.sqrt(6.0 / 32), false)), null)));
        // an alert without a prescription a program can apply gets no button
        publish.alert(other.alert("flat-loss", Severity.WARNING, 3, "Training loss stuck", "d", "r"));
        open("");
        browser.js("sessionStorage.setItem('initwatch.dashboardToken', '" + TrainerStub.DASHBOARD_TOKEN + "')");
        WebElement alert = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-feed li[data-run-id='" + run.runId + "']")));
        WebElement flat = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-feed li[data-run-id='" + other.runId + "']")));
        assertTrue(flat.findElements(By.className("apply-fix")).isEmpty(), "no fix to apply without a prescription");

        alert.findElement(By.className("apply-fix")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#alert-feed li[data-run-id='" + run.runId + "'] .fix-result"),
                "Repair run run-stub queued"));
        browser.screenshot("apply-fix-queued");
        TrainerStub.Received received = TrainerStub.RECEIVED.stream()
                .filter(r -> r.path().endsWith("/repair")).findFirst().orElseThrow();
        assertEquals("/api/runs/" + run.runId + "/repair", received.path());
        assertEquals("Bearer " + TrainerStub.TOKEN, received.authorization(), "the dashboard lends the trainer token");
    }

    @Test
    void aStoppedRunAndItsRepairAreShownSideBySide() {
        // The original: 6 ReLU layers at 0.01·N(0,1), gradients vanish, the monitor stops it at epoch 3.
        SampleRun original = new SampleRun(null, "deep relu small init", "relu", "small-normal", 6, 10);
        publish.run(original.started()).layers(original.layers(StatsPhase.PREFLIGHT, 0, 1e-2, 0.08, 1.0));
        for (int epoch = 1; epoch <= 3; epoch++) {
            publish.metrics(original.typicalMetrics(epoch))
                    .layers(original.layers(StatsPhase.EPOCH, epoch, 1e-2, 0.08, 1.0, epoch == 3 ? 2 : 0));
        }
        Alert diagnosis = original.alert("vanishing-gradients", Severity.CRITICAL, 3, "Gradients vanish toward the input",
                "d", "Use he-normal.", Cause.VANISHING);
        String reason = "stopped by the monitor: alert " + diagnosis.alertId() + " (vanishing-gradients, CRITICAL) met the"
                + " run's policy onAlert=critical; the command arrived after update 45, training stopped before update 46";
        publish.alert(diagnosis).run(original.cancelled(3, reason));
        open("run=" + original.runId);
        waitForRows(3);
        assertTrue(browser.driver.findElement(By.id("repair-panel")).getAttribute("hidden") != null,
                "no repair yet, no pair to show");

        // Its repair starts while the page is open: same model and seed, the prescribed initializer.
        double lossAtDiagnosis = original.typicalMetrics(3).trainLoss();
        SampleRun repair = new SampleRun(null, "deep relu small init · repair", "relu", "he-normal", 6, 10)
                .repairing(new RepairOf(original.runId, diagnosis.alertId(), "vanishing-gradients", 3, lossAtDiagnosis));
        publish.run(repair.started()).layers(repair.layers(StatsPhase.PREFLIGHT, 0, 5e-2, 0.9, 1.0));
        for (int epoch = 1; epoch <= 5; epoch++) {
            publish.metrics(repair.typicalMetrics(epoch)).layers(repair.layers(StatsPhase.EPOCH, epoch, 5e-2, 0.9, 1.0))
                    .run(repair.progress(epoch));
        }
        publish.alert(repair.alert("repair-verification", Severity.INFO, 3,
                "The prescription helped: loss 0.3286 at epoch 3 (was 1.085), vanishing-gradients gone",
                "Repair of run " + original.runId + ": at epoch 3 the training loss is 0.3286; the original's was 1.085.",
                "Keep the prescribed initialization for this model."));

        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("repair-panel")));
        By legend = By.cssSelector("#repair-loss-chart .u-legend .u-series:not(:first-child) .u-label");
        browser.waiting().until(d -> d.findElements(legend).size() == 2);
        assertEquals(List.of("Original: deep relu small init (small-normal)", "Repair: deep relu small init · repair (he-normal)"),
                browser.texts(browser.driver.findElements(legend)));
        browser.waiting().until(d -> Long.valueOf(2).equals(browser.js("return window.initwatch.drawnSeries('repairLoss')")));
        browser.waiting().until(d -> Long.valueOf(5).equals(browser.js("return window.initwatch.points('repairLoss')")));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("repair-stop"),
                "Original stopped: " + reason));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("repair-verdict"),
                "The prescription helped: loss 0.3286 at epoch 3 (was 1.085), vanishing-gradients gone"));
        assertEquals("INFO", browser.driver.findElement(By.id("repair-verdict")).getAttribute("data-severity"));
        assertEquals(List.of("diagnosed: vanishing-gradients (epoch 3)", "original stopped (epoch 3)", "✓ repair-verification"),
                browser.js("return window.initwatch.markers('repairLoss')"));
        assertEquals(List.of("Original, pre-flight", "Repair, pre-flight", "Original, epoch 3", "Repair, epoch 3"),
                browser.js("return window.initwatch.series('repairGradients')"));
        assertEquals(List.of("exactly 0"), browser.js("return window.initwatch.lines('repairGradients')"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("repair-gradient-note"),
                "Original epoch 3: exactly 0 in layers 0, 1"));
        browser.screenshot("repair-side-by-side");

        // From the repair run, the same pair, named from its side.
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#repair-role a.run-link")).click();
            return true;
        });
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-name"), "deep relu small init · repair"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("repair-role"),
                "This run repairs deep relu small init"));
        browser.waiting().until(d -> d.findElements(legend).size() == 2);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("repair-stop"), reason));
    }

    @Test
    void theFormStartsAnExperimentOnTheTrainer() throws Exception {
        TrainerStub.RECEIVED.clear();
        open("");
        browser.js("sessionStorage.clear()");
        browser.driver.findElement(By.id("new-run-button")).click();
        WebElement form = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-form")));
        // Asked once: the dashboard's token, which the page keeps for this tab.
        WebElement token = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("token")));
        token.sendKeys(TrainerStub.DASHBOARD_TOKEN);
        form.findElement(By.cssSelector("input[name='mode'][value='experiment']")).click();
        WebElement name = form.findElement(By.name("name"));
        name.clear();
        name.sendKeys("tanh depth 10");
        new Select(form.findElement(By.name("activation"))).selectByVisibleText("tanh");
        WebElement depth = form.findElement(By.name("hiddenLayers"));
        depth.clear();
        depth.sendKeys("10");
        form.findElement(By.cssSelector("input[name='weightInits'][value='small-normal']")).click();
        form.findElement(By.cssSelector("input[name='weightInits'][value='standard-normal']")).click();
        form.findElement(By.id("form-submit")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-result"),
                "Experiment “tanh depth 10” (exp-stub) queued: 2 runs"));
        browser.screenshot("form-experiment-queued");

        TrainerStub.Received received = TrainerStub.RECEIVED.get(0);
        assertEquals("/api/experiments", received.path());
        assertEquals("Bearer " + TrainerStub.TOKEN, received.authorization());
        JsonNode body = new ObjectMapper().readTree(received.body());
        assertEquals("tanh depth 10", body.get("name").asText());
        assertEquals("tanh", body.get("base").get("activation").asText());
        assertEquals(10, body.get("base").get("hiddenLayers").asInt());
        assertEquals(32, body.get("base").get("width").asInt());
        assertEquals("spirals", body.get("base").get("dataset").asText());
        assertEquals(0.01, body.get("base").get("learningRate").asDouble());
        assertEquals(20, body.get("base").get("epochs").asInt());
        assertEquals(List.of("zeros", "xavier-normal", "he-normal"), asList(body.get("weightInits")));
        assertEquals(42, body.get("seeds").get(0).asInt());

        assertEquals(TrainerStub.DASHBOARD_TOKEN, browser.js("return sessionStorage.getItem('initwatch.dashboardToken')"));
        assertTrue(!token.isDisplayed(), "the token is not asked for again");

        // A refusal from the trainer is shown with the trainer's own words.
        form.findElement(By.cssSelector("input[name='mode'][value='run']")).click();
        browser.js("const s = document.querySelector('#run-form select[name=weightInit]');"
                + "s.add(new Option('bogus-init', 'bogus-init')); s.value = 'bogus-init';");
        form.findElement(By.id("form-submit")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-result"),
                "The trainer refused (400): unknown weightInit 'bogus-init'"));
        assertEquals("/api/runs", TrainerStub.RECEIVED.get(1).path());
    }

    @Test
    void aWrongTokenIsRefusedAndAskedForAgain() {
        TrainerStub.RECEIVED.clear();
        open("");
        browser.js("sessionStorage.setItem('initwatch.dashboardToken', 'stale-token')");
        browser.driver.findElement(By.id("new-run-button")).click();
        WebElement form = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-form")));
        WebElement token = form.findElement(By.name("token"));
        assertTrue(!token.isDisplayed(), "a token kept from before is used without asking");
        form.findElement(By.id("form-submit")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-result"),
                "The dashboard refused (401): wrong dashboard token"));
        browser.waiting().until(ExpectedConditions.visibilityOf(token));
        assertEquals(null, browser.js("return sessionStorage.getItem('initwatch.dashboardToken')"),
                "the wrong token is forgotten");
        assertEquals(0, TrainerStub.RECEIVED.size(), "nothing reached the trainer");

        token.sendKeys(TrainerStub.DASHBOARD_TOKEN);
        form.findElement(By.id("form-submit")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-result"),
                "Run run-stub queued"));
        assertEquals(1, TrainerStub.RECEIVED.size());
        browser.driver.findElement(By.id("form-cancel")).click();
    }

    private static List<String> asList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void afterTheStreamDropsThePageReconnectsWithoutDuplicatingPoints() {
        SampleRun run = new SampleRun(null, "flaky network", "tanh", "xavier-normal", 4, 8);
        publish.run(run.started()).metrics(run.typicalMetrics(1)).metrics(run.typicalMetrics(2));
        open("run=" + run.runId);
        waitForRows(2);
        int dropped = Integer.parseInt(given().contentType("application/json")
                .header("Authorization", "Bearer " + TrainerStub.DASHBOARD_TOKEN).post("/test-support/streams/drop").then().statusCode(200).extract().asString());
        assertTrue(dropped >= 1, "the page had a stream open");
        publish.metrics(run.typicalMetrics(3)).metrics(run.typicalMetrics(4));
        waitForRows(4);
        browser.waiting().until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        publish.metrics(run.typicalMetrics(5));
        waitForRows(5);
        assertEquals(List.of("1", "2", "3", "4", "5"), tableEpochs());
        assertEquals(5L, browser.js("return window.initwatch.points('loss')"),
                "the loss chart holds each epoch once");
    }

    @Test
    void aRunFromBeforeTheDashboardStartedIsThere() {
        open("run=" + HistoryBeforeStartup.RUN.runId);
        waitForRows(HistoryBeforeStartup.EPOCHS);
        browser.waiting().until(ExpectedConditions.textToBe(By.id("run-status"), "finished"));
    }
}
