"""The stop command (docs/events.md, ControlCommand on initwatch.control): which records the watcher obeys,
and how a stopped run ends. Commands are delivered in memory (MemoryControl does what the Kafka thread does
with a record); every command built here and every message published is checked against the JSON Schemas."""

import json
import logging

import pytest
import torch
from torch import nn

import initwatch
from conftest import validate_record
from initwatch.control import MAX_COMMAND_BYTES, MemoryControl, command_handler
from initwatch.publish import MemoryPublisher
from initwatch.torch import watch
from test_watch import data, messages, relu_mlp


def stop_command(run_id="r-stop", alert_id="5b0f2d91c3a74e66", rule="non-finite-loss", **overrides):
    command = {"schemaVersion": 1, "action": "STOP", "runId": run_id, "alertId": alert_id, "rule": rule,
               "severity": "CRITICAL", "epoch": 1, "iteration": 7,
               "reason": "stopped by initwatch: alert %s (%s, CRITICAL) met the run's policy onAlert=critical"
                         % (alert_id, rule), "timestampMs": 1763827260012}
    command.update(overrides)
    value = json.dumps(command).encode("utf-8")
    validate_record("initwatch.control", value)
    return value


def handled(records, run_id="r-stop"):
    stops = []
    handle = command_handler(run_id, stops.append)
    for key, value in records:
        handle(key, value, "test")
    return stops


def test_only_a_valid_stop_keyed_by_this_run_is_obeyed(caplog):
    caplog.set_level(logging.WARNING, logger="initwatch")
    other_run = stop_command(run_id="r-other")
    assert handled([(b"r-other", other_run), (None, stop_command()), (b"r-other", b"x" * (MAX_COMMAND_BYTES + 1))]) \
        == []
    assert caplog.records == []  # other runs' records are not even read

    malformed = [b"x" * (MAX_COMMAND_BYTES + 1), None, b"{not json", b"\xff\xfe", b"[1]",
                 json.dumps({"schemaVersion": 2, "action": "STOP"}).encode(),
                 stop_command(run_id="r-other"),  # keyed by our run, naming another: not trusted
                 json.dumps({**json.loads(stop_command()), "alertId": ""}).encode(),
                 json.dumps({**json.loads(stop_command()), "epoch": -1}).encode(),
                 json.dumps({**json.loads(stop_command()), "epoch": 1.5}).encode(),
                 json.dumps({**json.loads(stop_command()), "severity": "FATAL"}).encode()]
    assert handled([(b"r-stop", value) for value in malformed]) == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == len(malformed)
    assert "limit 16384" in warnings[0].getMessage() and "not JSON" in warnings[2].getMessage()

    assert handled([(b"r-stop", json.dumps({**json.loads(stop_command()), "action": "PAUSE"}).encode())]) == []
    stops = handled([(b"r-stop", stop_command())])
    assert [(c["alertId"], c["rule"]) for c in stops] == [("5b0f2d91c3a74e66", "non-finite-loss")]


def run(raise_on_stop, deliver_at, epochs=3, on_alert="critical", break_on_stop=False, command=None):
    """Trains 3 epochs of 7 steps, delivering a STOP after update `deliver_at`; (watcher, messages, updates
    done, weights before the step that raised)."""
    x, y = data()
    model = relu_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    publisher, control = MemoryPublisher(), MemoryControl()
    loss_fn = nn.CrossEntropyLoss()
    updates = 0
    with watch(model, optimizer, run_id="r-stop", probe_batch=(x[:32], y[:32]), epochs=epochs, batch_size=32,
               sample_every=5, publisher=publisher, control=control, raise_on_stop=raise_on_stop,
               on_alert=on_alert) as watcher:
        for epoch in range(1, epochs + 1):
            for start in range(0, len(x), 32):
                if break_on_stop and watcher.should_stop:
                    break
                optimizer.zero_grad()
                loss_fn(model(x[start:start + 32]), y[start:start + 32]).backward()
                weights = model[0].weight.detach().clone()
                optimizer.step()
                updates += 1
                if updates == deliver_at:
                    control.deliver("r-stop", command or stop_command())
            if break_on_stop and watcher.should_stop:
                break
            watcher.log_epoch(epoch, 1.0)
    assert control.closed and publisher.closed
    return watcher, messages(publisher, "r-stop"), updates, (weights, model[0].weight.detach())


def test_raise_on_stop_leaves_the_loop_before_the_next_update_and_ends_cancelled():
    watcher, sent, updates, (before, after) = run(raise_on_stop=True, deliver_at=10)
    assert updates == 10 and torch.equal(before, after)  # the 11th step raised before updating
    assert watcher.should_stop and watcher.stop_command["alertId"] == "5b0f2d91c3a74e66"
    assert "non-finite-loss" in watcher.stop_reason
    started, end = sent[0][1], sent[-1][1]
    assert started["config"]["onAlert"] == "critical"
    assert (end["type"], end["epoch"], end["totalEpochs"]) == ("CANCELLED", 1, 3)
    assert end["reason"] == ("stopped by initwatch: alert 5b0f2d91c3a74e66 (non-finite-loss, CRITICAL) met the "
                             "run's policy onAlert=critical; the command arrived after update 10, training "
                             "stopped before update 11")


def test_a_stop_at_the_end_of_an_epoch_raises_after_log_epoch_has_published_it():
    watcher, sent, updates, _ = run(raise_on_stop=True, deliver_at=7)
    assert updates == 7
    kinds = [m.get("type") or m.get("phase") or "METRICS" for _, m in sent]
    assert kinds == ["STARTED", "PREFLIGHT", "ITERATION", "METRICS", "EPOCH", "CANCELLED"]  # no PROGRESS
    assert "after update 7, training stopped before update 8" in sent[-1][1]["reason"]


def test_should_stop_without_the_exception_and_a_loop_that_breaks_ends_cancelled():
    watcher, sent, updates, _ = run(raise_on_stop=False, deliver_at=3, break_on_stop=True)
    assert updates == 3 and watcher.should_stop
    assert sent[-1][1]["type"] == "CANCELLED" and "alert 5b0f2d91c3a74e66" in sent[-1][1]["reason"]


def test_a_reason_that_does_not_name_the_alert_gets_it_named():
    _, sent, _, _ = run(raise_on_stop=True, deliver_at=2, command=stop_command(reason="stop now"))
    assert sent[-1][1]["reason"].startswith("stopped by initwatch: alert 5b0f2d91c3a74e66 (non-finite-loss, "
                                            "CRITICAL); stop now; the command arrived after update 2")


def test_a_stop_after_the_last_epoch_changes_nothing():
    watcher, sent, _, _ = run(raise_on_stop=False, deliver_at=21)
    assert watcher.should_stop and sent[-1][1]["type"] == "FINISHED"


def test_on_alert_never_does_not_listen_and_says_so_in_the_config():
    x, y = data()
    control, publisher = MemoryControl(), MemoryPublisher()
    with watch(relu_mlp(), None, learning_rate=0.1, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32,
               publisher=publisher, control=control, on_alert="Never") as watcher:
        assert control._handle is None and not watcher.should_stop and watcher.stop_reason is None
    assert messages(publisher)[0][1]["config"]["onAlert"] == "never"
    with pytest.raises(ValueError, match="on_alert"):
        watch(relu_mlp(), None, learning_rate=0.1, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32,
              publisher=publisher, on_alert="sometimes")


def test_stop_training_is_importable_without_torch_and_other_runs_exceptions_propagate():
    assert issubclass(initwatch.StopTraining, Exception)
    x, y = data()
    publisher = MemoryPublisher()
    with pytest.raises(initwatch.StopTraining):
        with watch(relu_mlp(), None, learning_rate=0.1, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32,
                   publisher=publisher, run_id="r-a"):
            raise initwatch.StopTraining("r-b", "another run's stop", {})
    assert messages(publisher)[-1][1]["type"] == "FAILED"
