"""watch() on real PyTorch training, publishing to memory: what a run puts on the topics, and what it leaves
alone in the user's model and optimizer. Every record is checked against the repository's JSON Schemas."""

import math
import warnings

import pytest
import torch
from torch import nn

from conftest import validate_record
from initwatch.publish import MemoryPublisher
from initwatch.torch import watch


def relu_mlp(depth=4, width=16, init=None, seed=0):
    torch.manual_seed(seed)
    layers, n_in = [], 2
    for _ in range(depth):
        layers += [nn.Linear(n_in, width), nn.ReLU()]
        n_in = width
    layers.append(nn.Linear(n_in, 3))
    model = nn.Sequential(*layers)
    if init is not None:
        for m in model:
            if isinstance(m, nn.Linear):
                init(m.weight)
                nn.init.zeros_(m.bias)
    return model


def data(samples=200, seed=1):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, 2, generator=generator)
    return x, (x[:, 0] > 0).long() + (x[:, 1] > 0).long()


def train(model, optimizer, watcher, x, y, epochs, batch_size=32, loss_fn=None):
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    for epoch in range(1, epochs + 1):
        total = 0.0
        for start in range(0, len(x), batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(x[start:start + batch_size]), y[start:start + batch_size])
            loss.backward()
            optimizer.step()
            total += loss.item()
        watcher.log_epoch(epoch, total / math.ceil(len(x) / batch_size), val_loss=total, accuracy=0.5)


def messages(publisher, run_id=None):
    """(topic, parsed message) of every record, each validated against its schema, keys checked."""
    result = []
    for topic, key, value in publisher.records:
        message = validate_record(topic, value)
        assert key == message["runId"]
        assert run_id is None or key == run_id
        result.append((topic, message))
    return result


def kind(topic_and_message):
    topic, m = topic_and_message
    return m.get("type") or m.get("phase") or "METRICS"


def test_a_run_publishes_the_contract_in_order_and_every_message_is_valid():
    x, y = data()
    model = relu_mlp(init=lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    publisher = MemoryPublisher()
    with watch(model, optimizer, run_id="r-1", experiment_id="exp-1", probe_batch=(x[:32], y[:32]), epochs=3,
               batch_size=32, sample_every=5, weight_init="kaiming_normal_", dataset="quadrants",
               publisher=publisher, tags={"team": "vision"}) as watcher:
        train(model, optimizer, watcher, x, y, epochs=3)

    sent = messages(publisher, "r-1")
    assert publisher.closed and watcher.messages_sent == len(sent)
    # 200 examples in batches of 32: 7 steps per epoch, 21 in all; every 5th is sampled
    assert [kind(m) for m in sent] == [
        "STARTED", "PREFLIGHT", "ITERATION", "METRICS", "EPOCH", "PROGRESS", "ITERATION", "METRICS", "EPOCH",
        "PROGRESS", "ITERATION", "ITERATION", "METRICS", "EPOCH", "FINISHED"]
    topics = {kind(m): m[0] for m in sent}
    assert topics == {"STARTED": "initwatch.runs", "PROGRESS": "initwatch.runs", "FINISHED": "initwatch.runs",
                      "PREFLIGHT": "initwatch.layers", "ITERATION": "initwatch.layers", "EPOCH": "initwatch.layers",
                      "METRICS": "initwatch.metrics"}
    layers = [m for t, m in sent if t == "initwatch.layers"]
    assert [(m["phase"], m["epoch"], m["iteration"]) for m in layers] == [
        ("PREFLIGHT", 0, 0), ("ITERATION", 0, 5), ("EPOCH", 1, 7), ("ITERATION", 1, 10), ("EPOCH", 2, 14),
        ("ITERATION", 2, 15), ("ITERATION", 2, 20), ("EPOCH", 3, 21)]

    config = sent[0][1]["config"]
    assert (config["inputSize"], config["outputSize"], config["optimizer"], config["learningRate"],
            config["batchSize"], config["epochs"], config["lossFunction"], config["dataset"]) == (
        2, 3, "adam", 0.01, 32, 3, "mcxent", "quadrants")
    assert config["framework"].startswith("pytorch ") and config["tags"] == {"team": "vision"}
    assert [(l["type"], l["activation"], l["weightInit"], l["nIn"], l["nOut"]) for l in config["layers"]] == \
        [("dense", "relu", "he-normal", 2, 16)] + [("dense", "relu", "he-normal", 16, 16)] * 3 + \
        [("output", "softmax", "he-normal", 16, 3)]
    assert sent[-1][1]["reason"] == "completed 3 epochs"

    every_field = {"index", "name", "activation", "gradientNorm", "biasGradientNorm", "weightNorm", "weightMean",
                   "weightStd", "updateRatio", "activationMean", "activationStd", "zeroFraction",
                   "saturatedFraction", "unitSpread"}
    for snapshot in layers:
        for stat in snapshot["layers"]:
            missing = every_field - set(stat)
            # nothing has been updated before the first step; the first epoch's length is not known in advance
            expected_missing = {"updateRatio"} if (snapshot["phase"], snapshot["epoch"]) in (
                ("PREFLIGHT", 0), ("EPOCH", 1)) else set()
            assert missing == expected_missing, (snapshot["phase"], snapshot["iteration"], missing)


def test_the_first_epochs_last_step_is_measured_when_steps_per_epoch_is_given():
    x, y = data()
    model = relu_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    publisher = MemoryPublisher()
    with watch(model, optimizer, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32, steps_per_epoch=7,
               publisher=publisher) as watcher:
        train(model, optimizer, watcher, x, y, epochs=1)
    epoch = [m for _, m in messages(publisher) if m.get("phase") == "EPOCH"][0]
    assert all(0 < stat["updateRatio"] < 1 for stat in epoch["layers"])


def test_preflight_comes_before_any_update_and_leaves_the_users_model_as_it_was():
    x, y = data()
    model = relu_mlp()
    model.train()
    model[1].eval()  # a module the user keeps in eval mode stays so
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for p in model.parameters():
        p.grad = torch.full_like(p, 7.0)  # a gradient the user's loop holds
    weights = [p.detach().clone() for p in model.parameters()]
    publisher = MemoryPublisher()

    watcher = watch(model, optimizer, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32, publisher=publisher)

    assert all(torch.equal(p, w) for p, w in zip(model.parameters(), weights))
    assert all(torch.equal(p.grad, torch.full_like(p, 7.0)) for p in model.parameters())
    assert model.training and not model[1].training
    preflight = messages(publisher)[1][1]
    assert preflight["phase"] == "PREFLIGHT"
    first = preflight["layers"][0]
    assert first["weightStd"] == pytest.approx(model[0].weight.std(unbiased=False).item(), rel=1e-6)
    assert first["gradientNorm"] > 0 and "updateRatio" not in first
    watcher.finish()
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())


def test_under_xavier_the_preflight_activations_of_a_deep_relu_net_shrink_and_under_he_they_do_not():
    # The monitor's variance-not-preserved rule reads this: the last hidden layer's activation std over the
    # first's, 10× either way at most.
    x, y = data()

    def drift(init):
        publisher = MemoryPublisher()
        model = relu_mlp(depth=20, width=32, init=init)
        watch(model, None, learning_rate=0.01, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32,
              publisher=publisher).finish()
        hidden = messages(publisher)[1][1]["layers"][:-1]
        return hidden[-1]["activationStd"] / hidden[0]["activationStd"]

    assert drift(nn.init.xavier_normal_) < 0.1
    assert 0.1 < drift(lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu")) < 10


def test_gradient_norms_are_of_the_loss_summed_over_the_batch_like_the_dl4j_trainers():
    x, y = data()

    def first_step_gradient_norms(reduction):
        model = relu_mlp(seed=5)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-9)
        loss_fn = nn.CrossEntropyLoss(reduction=reduction)
        publisher = MemoryPublisher()
        with watch(model, optimizer, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32, sample_every=1,
                   loss_fn=loss_fn, publisher=publisher) as watcher:
            optimizer.zero_grad()
            loss_fn(model(x[:20]), y[:20]).backward()  # a batch smaller than batch_size, like an epoch's last
            optimizer.step()
        snapshots = [m for _, m in messages(publisher) if "phase" in m]
        return [[stat["gradientNorm"] for stat in s["layers"]] for s in snapshots[:2]], model, watcher

    (preflight_mean, step_mean), model, _ = first_step_gradient_norms("mean")
    (preflight_sum, step_sum), _, _ = first_step_gradient_norms("sum")
    assert preflight_mean == pytest.approx(preflight_sum, rel=1e-5)
    assert step_mean == pytest.approx(step_sum, rel=1e-5)
    model.zero_grad()
    nn.CrossEntropyLoss(reduction="sum")(model(x[:20]), y[:20]).backward()
    assert step_sum[0] == pytest.approx(model[0].weight.grad.norm().item(), rel=1e-5)


def test_a_run_that_goes_nan_says_nan_on_every_topic():
    x, y = data()
    model = relu_mlp(init=lambda w: nn.init.normal_(w, 0, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e30)
    publisher = MemoryPublisher()
    with pytest.raises(FloatingPointError):
        with watch(model, optimizer, run_id="r-nan", probe_batch=(x[:32], y[:32]), epochs=5, batch_size=32,
                   sample_every=1, publisher=publisher) as watcher:
            for _ in range(3):
                optimizer.zero_grad()
                loss = nn.functional.cross_entropy(model(x[:32]), y[:32])
                loss.backward()
                optimizer.step()
            watcher.log_epoch(1, loss, val_loss=float("inf"))
            raise FloatingPointError("loss is %s" % loss.item())

    sent = messages(publisher)
    metrics = [m for t, m in sent if t == "initwatch.metrics"][0]
    assert (metrics["trainLoss"], metrics["validationLoss"]) == ("NaN", "Infinity")
    last = [m for _, m in sent if m.get("phase") == "EPOCH"][0]["layers"][0]
    assert last["weightNorm"] == "NaN" and last["activationMean"] == "NaN"
    assert sent[-1][1]["type"] == "FAILED" and sent[-1][1]["reason"] == "FloatingPointError: loss is nan"
    assert sent[-1][1]["epoch"] == 1


def test_ctrl_c_ends_the_run_cancelled():
    x, y = data()
    model = relu_mlp()
    publisher = MemoryPublisher()
    with pytest.raises(KeyboardInterrupt):
        with watch(model, torch.optim.SGD(model.parameters(), lr=0.1), probe_batch=(x[:32], y[:32]), epochs=2,
                   batch_size=32, publisher=publisher):
            raise KeyboardInterrupt()
    end = messages(publisher)[-1][1]
    assert end["type"] == "CANCELLED" and end["epoch"] == 0


def test_the_optimizer_is_given_back_and_lr_schedulers_still_work():
    x, y = data()
    model = relu_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    publisher = MemoryPublisher()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "lr_scheduler.step() before optimizer.step()"
        with watch(model, optimizer, probe_batch=(x[:32], y[:32]), epochs=2, batch_size=32, sample_every=1,
                   publisher=publisher) as watcher:
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
            train(model, optimizer, watcher, x, y, epochs=1)
            scheduler.step()
        assert optimizer.param_groups[0]["lr"] == 0.05
        sent = len(publisher.records)
        train(model, optimizer, type("Quiet", (), {"log_epoch": lambda *a, **k: None})(), x, y, epochs=1)
    assert len(publisher.records) == sent, "a closed watcher publishes nothing"

    plain = torch.optim.SGD(model.parameters(), lr=0.1)
    watch(model, plain, probe_batch=(x[:32], y[:32]), epochs=1, batch_size=32, publisher=MemoryPublisher()).finish()
    assert "step" not in plain.__dict__


def test_a_conv_net_reports_channel_statistics():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1), nn.Tanh(),
                          nn.Flatten(), nn.Linear(4 * 6 * 6, 2))
    x, y = torch.randn(16, 1, 6, 6), torch.randint(0, 2, (16,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    publisher = MemoryPublisher()
    with watch(model, optimizer, probe_batch=(x, y), epochs=1, batch_size=16, publisher=publisher,
               weight_init="default") as watcher:
        train(model, optimizer, watcher, x, y, epochs=1, batch_size=16)
    sent = messages(publisher)
    config = sent[0][1]["config"]
    assert config["inputSize"] == 36
    assert [(l["type"], l["nIn"], l["nOut"], l["weightInit"]) for l in config["layers"]] == [
        ("conv2d", 9, 4, "uniform"), ("conv2d", 36, 4, "uniform"), ("output", 144, 2, "uniform")]
    tanh = sent[1][1]["layers"][1]
    assert tanh["activation"] == "tanh" and 0 <= tanh["saturatedFraction"] <= 1 and tanh["unitSpread"] > 0


def test_the_contract_needs_a_learning_rate_and_the_planned_epochs():
    x, y = data()
    with pytest.raises(ValueError, match="learning rate"):
        watch(relu_mlp(), None, probe_batch=(x, y), epochs=1, batch_size=32, publisher=MemoryPublisher())
    with pytest.raises(TypeError):
        watch(relu_mlp(), None, probe_batch=(x, y), learning_rate=0.1, publisher=MemoryPublisher())


def test_an_unreachable_broker_is_reported_at_watch_with_its_address():
    x, y = data()
    with pytest.raises(ConnectionError, match="localhost:1 "):
        watch(relu_mlp(), None, learning_rate=0.1, probe_batch=(x, y), epochs=1, batch_size=32,
              bootstrap_servers="localhost:1")
