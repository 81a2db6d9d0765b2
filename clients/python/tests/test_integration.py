"""The lesson's experiment in PyTorch, published to a real broker: the same deep ReLU network as the
Deeplearning4j trainer's `relu depth 20` runs, under Xavier and under He, and one that goes NaN.

system-tests' PythonClientTests starts a broker and the monitor, runs this file with `-m integration`, and
then asserts what the monitor diagnosed. Run ids are INITWATCH_IT_RUN_PREFIX + "-xavier", "-he", "-nan", and
"-stop": the NaN run again, watched with raise_on_stop, which the monitor's STOP ends CANCELLED."""

import math
import os
import time

import pytest
import torch
from torch import nn

from conftest import validate_record
from initwatch.torch import watch

pytestmark = pytest.mark.integration

HIDDEN_LAYERS = 20
WIDTH = 32
EPOCHS = 4
BATCH_SIZE = 32
SEED = 42

SENT = {}  # run id -> messages the watcher published, checked against what the broker holds


def _environment():
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    prefix = os.environ.get("INITWATCH_IT_RUN_PREFIX")
    if not servers or not prefix:
        pytest.fail("the integration tests need KAFKA_BOOTSTRAP_SERVERS and INITWATCH_IT_RUN_PREFIX; "
                    "system-tests' PythonClientTests sets both")
    return servers, prefix


def blobs(samples=600, classes=3, noise=0.1, seed=SEED):
    """The trainer's `blobs` dataset: one Gaussian blob per class, centres on a circle of radius 2."""
    generator = torch.Generator().manual_seed(seed)
    y = torch.arange(samples) % classes
    angle = 2 * math.pi * y.double() / classes
    centres = torch.stack([2 * torch.cos(angle), 2 * torch.sin(angle)], dim=1)
    x = (centres + (0.5 + noise) * torch.randn(samples, 2, generator=generator, dtype=torch.float64)).float()
    order = torch.randperm(samples, generator=generator)
    split = int(samples * 0.8)
    return (x[order[:split]], y[order[:split]]), (x[order[split:]], y[order[split:]])


def relu_mlp(init):
    layers, n_in = [], 2
    for _ in range(HIDDEN_LAYERS):
        layers += [nn.Linear(n_in, WIDTH), nn.ReLU()]
        n_in = WIDTH
    layers.append(nn.Linear(n_in, 3))
    model = nn.Sequential(*layers)
    for module in model:
        if isinstance(module, nn.Linear):
            init(module.weight)
            nn.init.zeros_(module.bias)  # like the DL4J trainer's layers
    return model


def train(run, init, init_name, optimizer_factory):
    """Trains like the DL4J trainer: shuffled mini-batches, mean loss per epoch, validation after each epoch.
    Stops with FloatingPointError when the training loss is not finite, as a careful training script would."""
    servers, prefix = _environment()
    torch.manual_seed(SEED)
    (x, y), (vx, vy) = blobs()
    model = relu_mlp(init)
    optimizer = optimizer_factory(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    run_id = "%s-%s" % (prefix, run)
    watcher = watch(model, optimizer, run_id=run_id, experiment_id=prefix, run_name="torch relu depth 20, " + run,
                    dataset="blobs", probe_batch=(x[:32], y[:32]), epochs=EPOCHS, batch_size=BATCH_SIZE,
                    loss_fn=loss_fn, seed=SEED, weight_init=init_name, bootstrap_servers=servers)
    try:
        with watcher:
            for epoch in range(1, EPOCHS + 1):
                total = 0.0
                for batch in torch.randperm(len(x)).split(BATCH_SIZE):
                    optimizer.zero_grad()
                    loss = loss_fn(model(x[batch]), y[batch])
                    loss.backward()
                    optimizer.step()
                    total += loss.item() * len(batch)
                with torch.no_grad():
                    val_loss = loss_fn(model(vx), vy).item()
                    accuracy = (model(x).argmax(1) == y).double().mean().item()
                train_loss = total / len(x)
                watcher.log_epoch(epoch, train_loss, val_loss=val_loss, accuracy=accuracy)
                if not math.isfinite(train_loss):
                    raise FloatingPointError("training loss is %s at epoch %d" % (train_loss, epoch))
    finally:
        SENT[run_id] = watcher.messages_sent
        assert watcher.delivery_errors == [], "the broker did not accept every message"


# The monitor's verdicts on these runs are asserted by PythonClientTests; the equivalent DL4J runs (trainer CLI,
# blobs, 20 hidden layers of 32, Adam 0.001, 4 epochs, seed 42) get init-mismatch and variance-not-preserved
# under Xavier, and nothing under He.
def test_a_deep_relu_net_under_xavier():
    train("xavier", nn.init.xavier_normal_, "xavier_normal_", lambda p: torch.optim.Adam(p, lr=0.001))


def test_the_same_net_under_he():
    train("he", lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"), "kaiming_normal_",
          lambda p: torch.optim.Adam(p, lr=0.001))


def test_a_run_that_goes_nan_ends_failed():
    # N(0, 1) weights multiply the signal by about √(32/2) = 4 per layer; plain SGD then overflows.
    with pytest.raises(FloatingPointError):
        train("nan", nn.init.normal_, ("normal_", 1.0), lambda p: torch.optim.SGD(p, lr=0.1))


STOP_PLANNED_EPOCHS = 1000
STOP = {}  # the stopped run: its watcher's view, checked against the broker below and by PythonClientTests


def test_a_run_that_goes_nan_is_stopped_by_the_monitor():
    """The NaN run without the script's own check: it keeps training (a slow epoch every 50 ms) until the
    monitor's STOP arrives, on a CRITICAL alert (the client says onAlert=critical, the contract's default), and
    then ends CANCELLED naming the alert, at the next step after it arrived."""
    import initwatch

    servers, prefix = _environment()
    torch.manual_seed(SEED)
    (x, y), _ = blobs()
    model = relu_mlp(nn.init.normal_)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    run_id = prefix + "-stop"
    watcher = watch(model, optimizer, run_id=run_id, experiment_id=prefix, run_name="torch relu depth 20, stopped",
                    dataset="blobs", probe_batch=(x[:32], y[:32]), epochs=STOP_PLANNED_EPOCHS,
                    batch_size=BATCH_SIZE, loss_fn=loss_fn, seed=SEED, weight_init=("normal_", 1.0),
                    bootstrap_servers=servers, raise_on_stop=True)
    started = time.monotonic()
    stopped_at = None
    try:
        with watcher:
            for epoch in range(1, STOP_PLANNED_EPOCHS + 1):
                total = 0.0
                for batch in torch.randperm(len(x)).split(BATCH_SIZE):
                    optimizer.zero_grad()
                    loss = loss_fn(model(x[batch]), y[batch])
                    loss.backward()
                    try:
                        optimizer.step()
                    except initwatch.StopTraining:
                        stopped_at = time.monotonic()
                        raise
                    total += loss.item() * len(batch)
                try:
                    watcher.log_epoch(epoch, total / len(x))
                except initwatch.StopTraining:
                    stopped_at = time.monotonic()
                    raise
                time.sleep(0.05)
    finally:
        SENT[run_id] = watcher.messages_sent
        assert watcher.delivery_errors == [], "the broker did not accept every message"
    assert stopped_at is not None and watcher.should_stop, "no STOP arrived in %.0f s" % (
        time.monotonic() - started)
    command = watcher.stop_command
    assert command["runId"] == run_id and command["severity"] == "CRITICAL" and command["alertId"] in \
        watcher.stop_reason
    assert watcher.completed_epochs < STOP_PLANNED_EPOCHS
    STOP.update(command=command, epochs=watcher.completed_epochs)
    print("stopped by %s (%s) after %d epochs, %.1f s" % (command["alertId"], command["rule"],
                                                          watcher.completed_epochs, stopped_at - started))


def test_the_broker_holds_every_message_valid_and_keyed_by_run_id():
    from kafka import KafkaConsumer

    servers, prefix = _environment()
    assert set(SENT) == {prefix + "-xavier", prefix + "-he", prefix + "-nan", prefix + "-stop"}, \
        "the runs above did not all run"
    topics = ("initwatch.runs", "initwatch.metrics", "initwatch.layers")
    ends = {}
    consumer = KafkaConsumer(*topics, bootstrap_servers=servers.split(","), auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, consumer_timeout_ms=1000)
    received = {run_id: 0 for run_id in SENT}
    deadline = time.monotonic() + 30
    try:
        while received != SENT and time.monotonic() < deadline:
            for record in consumer:
                key = record.key.decode("utf-8")
                if key not in received:
                    continue
                message = validate_record(record.topic, record.value)
                assert message["runId"] == key
                received[key] += 1
                if message.get("type") in ("FINISHED", "FAILED", "CANCELLED"):
                    ends[key] = message
    finally:
        consumer.close()
    assert received == SENT
    assert ends[prefix + "-nan"]["type"] == "FAILED"
    stopped = ends[prefix + "-stop"]
    command = STOP["command"]
    assert stopped["type"] == "CANCELLED" and stopped["epoch"] == STOP["epochs"]
    assert command["alertId"] in stopped["reason"] and command["rule"] in stopped["reason"]

    # the STOP itself, as the monitor published it
    consumer = KafkaConsumer("initwatch.control", bootstrap_servers=servers.split(","),
                             auto_offset_reset="earliest", enable_auto_commit=False, group_id=None,
                             consumer_timeout_ms=2000)
    try:
        stops = [validate_record("initwatch.control", r.value) for r in consumer if r.key == stopped["runId"].encode()]
    finally:
        consumer.close()
    assert command in stops
