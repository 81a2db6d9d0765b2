"""Watch a PyTorch training run and publish initwatch's event contract (docs/events.md) to Kafka.

    with initwatch.torch.watch(model, optimizer, probe_batch=(x[:32], y[:32]), epochs=10, batch_size=32,
                               weight_init="kaiming_normal_") as watcher:
        for epoch in range(1, 11):
            ...  # the usual loop: zero_grad, forward, backward, optimizer.step()
            watcher.log_epoch(epoch, train_loss, val_loss=val_loss, accuracy=accuracy)

What is measured, and when, follows initwatch's Deeplearning4j trainer (TelemetryListener):
- PREFLIGHT, when watch() is called: one forward and backward pass on the probe batch with the initial
  weights, before any update;
- ITERATION, every ``sample_every``-th optimizer step: the gradient norms of that step's batch (read just
  before the step, on the DL4J trainer's scale: see _gradient_scale), the weights and the update ratio of
  the step, and the activations of the probe batch after it;
- EPOCH, at log_epoch(): the same measurements of the epoch's last step.
Between sampled steps the watcher does nothing but count, which is what keeps its overhead small
(bench_overhead.py measures it)."""

import logging
import math
import time
import types
import uuid

import torch
from torch import nn

from . import StopTraining, contract, stats
from .control import POLICIES, KafkaControl, command_handler, end_reason
from .layers import find_layers
from .publish import KafkaPublisher, bootstrap_servers as _servers

LOG = logging.getLogger("initwatch")

DEFAULT_SAMPLE_EVERY = 20

# Loss modules and the names the Deeplearning4j trainer uses for the same loss.
_LOSS_NAMES = {nn.CrossEntropyLoss: "mcxent", nn.MSELoss: "mse", nn.NLLLoss: "negativeloglikelihood",
               nn.BCEWithLogitsLoss: "xent", nn.BCELoss: "xent", nn.L1Loss: "l1"}


def watch(model, optimizer=None, *, probe_batch, epochs, batch_size, run_id=None, experiment_id=None,
          run_name=None, dataset="unknown", loss_fn=None, learning_rate=None, seed=None,
          sample_every=DEFAULT_SAMPLE_EVERY, steps_per_epoch=None, activations=None, weight_init=None, tags=None,
          on_alert="critical", raise_on_stop=False, control=None, bootstrap_servers=None, topics=None,
          publisher=None, **producer_config):
    """Starts watching: publishes STARTED with the layer specs and the PREFLIGHT snapshot, then hooks
    ``optimizer.step`` to sample statistics. Use the result as a context manager (an exception inside the
    ``with`` block publishes FAILED, Ctrl-C CANCELLED, a normal exit FINISHED), or call finish()/fail().

    model: an nn.Module; its nn.Linear and nn.Conv2d layers are reported, input side first.
    optimizer: the torch.optim optimizer; its step() calls are the iterations. Without one, only PREFLIGHT
        and EPOCH snapshots are published and ``learning_rate`` must be given.
    probe_batch: (inputs, targets), a fixed small batch (e.g. 32 training examples) on the model's device;
        every activation statistic is measured on it.
    epochs, batch_size: as planned; the contract's RunConfig requires them.
    loss_fn: the loss on the probe batch; default nn.CrossEntropyLoss for integer targets, else nn.MSELoss.
    sample_every: publish an ITERATION snapshot every this many steps (the DL4J trainer's default is 20).
    steps_per_epoch: steps in an epoch (len(train_loader)), so the first epoch's last step can be measured;
        without it the watcher learns it from the first epoch (see log_epoch).
    activations: {layer name: activation} or a list by layer index; default: detected from the modules.
    weight_init: how the weights were initialized: one name for all layers ("kaiming_normal_", "he-normal",
        ("custom-normal", 0.05)), {layer name: name} or a list by layer index. Default "unknown".
    bootstrap_servers: default KAFKA_BOOTSTRAP_SERVERS, else localhost:9092. topics: {"runs": ...,
        "metrics": ..., "layers": ...}; default the INITWATCH_TOPICS_* variables, else initwatch.*.
    on_alert: when the monitor should stop this run (RunConfig.onAlert): "critical" (the contract's default),
        "warning" (WARNING or CRITICAL) or "never". Unless "never", a background consumer reads the monitor's
        STOP commands for this run from initwatch.control: ``watcher.should_stop`` turns True and
        ``watcher.stop_reason`` names the alert and its rule; leaving the loop then ends the run CANCELLED.
    raise_on_stop: also raise initwatch.StopTraining at the next optimizer step (before the update) or at the
        end of the next log_epoch; the watch() block catches it and ends the run CANCELLED.
    control: where STOP commands come from: default a Kafka consumer when publishing to Kafka (none with
        ``publisher=``); False for none; or an object like initwatch.control.MemoryControl.
    producer_config: passed to kafka.KafkaProducer (security_protocol, sasl_mechanism, ...); its connection
        settings also to the control consumer.
    """
    return Watcher(model, optimizer, probe_batch=probe_batch, epochs=epochs, batch_size=batch_size,
                   run_id=run_id, experiment_id=experiment_id, run_name=run_name, dataset=dataset,
                   loss_fn=loss_fn, learning_rate=learning_rate, seed=seed, sample_every=sample_every,
                   steps_per_epoch=steps_per_epoch, activations=activations, weight_init=weight_init, tags=tags,
                   on_alert=on_alert, raise_on_stop=raise_on_stop, control=control,
                   bootstrap_servers=bootstrap_servers, topics=topics, publisher=publisher,
                   producer_config=producer_config)


class Watcher:
    """One watched run. Create it with watch()."""

    def __init__(self, model, optimizer, *, probe_batch, epochs, batch_size, run_id, experiment_id, run_name,
                 dataset, loss_fn, learning_rate, seed, sample_every, steps_per_epoch, activations, weight_init,
                 tags, on_alert, raise_on_stop, control, bootstrap_servers, topics, publisher, producer_config):
        on_alert = str(on_alert).strip().lower()
        if on_alert not in POLICIES:
            raise ValueError("on_alert must be one of %s, got %r" % (", ".join(POLICIES), on_alert))
        if int(sample_every) < 1 or int(epochs) < 1 or int(batch_size) < 1:
            raise ValueError("sample_every, epochs and batch_size must be at least 1")
        if steps_per_epoch is not None and int(steps_per_epoch) < 1:
            raise ValueError("steps_per_epoch must be at least 1")
        self.model = model
        self.optimizer = optimizer
        self.run_id = run_id or "torch-" + uuid.uuid4().hex[:12]
        self.experiment_id = experiment_id
        self.epochs = int(epochs)
        self.batch_size = int(batch_size)
        self.sample_every = int(sample_every)
        self._probe_inputs, self._probe_targets = _probe(probe_batch)
        self.loss_fn = loss_fn if loss_fn is not None else _default_loss(self._probe_targets)
        self.layers = find_layers(model, activations, weight_init, self.loss_fn)
        self._topics = contract.topics(topics)
        config = self._config(run_name, dataset, learning_rate, batch_size, seed, tags)
        config["onAlert"] = on_alert
        self.raise_on_stop = bool(raise_on_stop)
        self._stop = None  # (command, updates done when it arrived): set once, by the control thread
        self._publisher = publisher if publisher is not None else KafkaPublisher(bootstrap_servers,
                                                                                 **(producer_config or {}))
        self._control = None
        if on_alert != "never" and control is not False and (control is not None or publisher is None):
            try:
                self._control = control if control is not None else KafkaControl(
                    _servers(bootstrap_servers), _consumer_config(producer_config))
                self._control.start(self._topics["control"], command_handler(self.run_id, self._on_stop))
            except Exception as error:
                LOG.warning("initwatch: cannot listen for STOP commands on %s: %s", self._topics["control"], error)
        self.messages_sent = 0
        self.iterations = 0
        self.completed_epochs = 0
        self._declared_steps_per_epoch = int(steps_per_epoch) if steps_per_epoch else None
        self._epoch_end_iteration = 0
        self._next_epoch_end = self._declared_steps_per_epoch
        self._last_measured = None
        self._epoch_started = time.monotonic()
        self._non_finite_epochs = []
        self._closed = False
        self._step_wrapper = None
        self._rows_hook = None
        self._batch_rows = None
        self._probing = False

        self._send("runs", contract.run_event("STARTED", self.run_id, experiment_id, config=config, epoch=0,
                                              total_epochs=self.epochs))
        try:
            self._preflight()
        except BaseException as error:
            self.fail(error)
            raise
        if optimizer is not None:
            self._hook_optimizer()

    # ---- the user's calls -------------------------------------------------------------------------------

    @property
    def should_stop(self):
        """True once the monitor's STOP for this run has arrived: leave the training loop (before the next
        update, as the contract asks). Reading it costs an attribute lookup."""
        return self._stop is not None

    @property
    def stop_reason(self):
        """Why the monitor stopped the run (its command's reason, naming the alert id and the rule); None
        before a STOP arrived. ``stop_command`` is the whole ControlCommand (alertId, rule, severity, ...)."""
        return self._stop[0]["reason"] if self._stop is not None else None

    @property
    def stop_command(self):
        return self._stop[0] if self._stop is not None else None

    def _on_stop(self, command):
        if self._stop is None and not self._closed:
            self._stop = (command, self.iterations)
            LOG.warning("initwatch: run %s: %s", self.run_id, command["reason"][:300])

    def _stop_training(self):
        command, arrived = self._stop
        return StopTraining(self.run_id, end_reason(command, arrived, self.iterations + 1), command)

    def log_epoch(self, epoch, train_loss, val_loss=None, accuracy=None, val_accuracy=None, epoch_time_ms=None):
        """Publishes the epoch's EpochMetrics and its EPOCH snapshot (and PROGRESS, if more epochs are
        planned). ``epoch`` counts from 1; the losses and accuracies may be tensors and may be NaN.

        The EPOCH snapshot is the measurement of the epoch's last step, as in the DL4J trainer. The watcher
        knows which step is the last from ``steps_per_epoch`` or from the length of the previous epoch; when
        it could not know (the first epoch without steps_per_epoch, or an epoch of another length) it measures
        now instead: weights and probe activations as they are, gradient norms of the probe batch, and no
        update ratio (left out, as the contract allows for a number that was not measured)."""
        epoch = int(epoch)
        if self._closed:
            raise RuntimeError("run %s has ended; log_epoch belongs inside the watch() block" % self.run_id)
        if epoch <= self.completed_epochs:
            raise ValueError("epoch %d was already logged; epochs count from 1 and increase" % epoch)
        now = time.monotonic()
        elapsed_ms = epoch_time_ms if epoch_time_ms is not None else (now - self._epoch_started) * 1000
        metrics = contract.epoch_metrics(self.run_id, self.experiment_id, epoch, self.iterations, train_loss,
                                         val_loss, accuracy, val_accuracy, elapsed_ms)
        self._send("metrics", metrics)
        if not math.isfinite(metrics["trainLoss"]):
            self._non_finite_epochs.append(epoch)

        measured = self._last_measured
        if measured is not None and measured[0] == self.iterations and self.iterations > self._epoch_end_iteration:
            layer_stats = measured[1]
        else:
            layer_stats = self._measure(with_probe_gradients=True)
        self._send("layers", contract.layer_stats(self.run_id, self.experiment_id, "EPOCH", epoch, self.iterations,
                                                  layer_stats))

        steps = self.iterations - self._epoch_end_iteration
        steps_per_epoch = self._declared_steps_per_epoch or steps
        self._epoch_end_iteration = self.iterations
        self._next_epoch_end = self.iterations + steps_per_epoch if steps_per_epoch else None
        if self._step_wrapper is not None:
            self._watch_batch_rows()
        self.completed_epochs = epoch
        if self._stop is not None and self.raise_on_stop:
            self._epoch_started = time.monotonic()
            raise self._stop_training()
        if epoch < self.epochs:
            self._send("runs", contract.run_event("PROGRESS", self.run_id, self.experiment_id, epoch=epoch,
                                                  total_epochs=self.epochs))
        self._epoch_started = time.monotonic()

    def finish(self, reason=None):
        """Publishes FINISHED and closes the Kafka producer (waiting for every message to be delivered). A run
        the monitor stopped (a STOP arrived and fewer epochs than planned were logged) ends CANCELLED instead,
        with the command's reason."""
        if self._stop is not None and self.completed_epochs < self.epochs:
            self._end("CANCELLED", self._stop_training().reason)
            return
        if reason is None:
            reason = "completed %d epochs" % self.completed_epochs
            if self._non_finite_epochs:
                reason += "; training loss was non-finite in %d of them, first at epoch %d" % (
                    len(self._non_finite_epochs), self._non_finite_epochs[0])
        self._end("FINISHED", reason)

    def fail(self, error):
        """Publishes FAILED with the exception as the reason, and closes the producer."""
        message = str(error)
        self._end("FAILED", type(error).__name__ + (": " + message if message else ""))

    def cancel(self, reason="cancelled"):
        self._end("CANCELLED", reason)

    @property
    def delivery_errors(self):
        """(topic, error) of every message Kafka did not accept; complete once the watcher is closed."""
        return list(self._publisher.delivery_errors)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc is None:
            self.finish()
        elif isinstance(exc, StopTraining) and exc.run_id == self.run_id:
            self._end("CANCELLED", exc.reason)
            return True  # the exception's work is done: it left the training loop
        elif isinstance(exc, KeyboardInterrupt):
            self.cancel("interrupted (KeyboardInterrupt) after %d epochs" % self.completed_epochs)
        else:
            self.fail(exc)
        return False

    # ---- measuring --------------------------------------------------------------------------------------

    def _preflight(self):
        self._send("layers", contract.layer_stats(self.run_id, self.experiment_id, "PREFLIGHT", 0, 0,
                                                  self._measure(with_probe_gradients=True)))

    def _hook_optimizer(self):
        """Wraps this optimizer's step() (the instance attribute, so other optimizers are untouched). A bound
        method, because LR schedulers re-wrap optimizer.step and need its __func__ and __self__."""
        watcher = self
        original = self.optimizer.step

        def step(optimizer, *args, **kwargs):
            if watcher._closed:
                return original(*args, **kwargs)
            if watcher._stop is not None and watcher.raise_on_stop:
                raise watcher._stop_training()
            completed = watcher.iterations
            publish = (completed + 1) % watcher.sample_every == 0
            measure = publish or completed + 1 == watcher._next_epoch_end
            before = watcher._before_step() if measure else None
            result = original(*args, **kwargs)
            watcher.iterations = completed + 1
            if measure:
                watcher._after_step(before, publish)
            watcher._watch_batch_rows()
            return result

        self._original_step = original
        self._had_instance_step = "step" in self.optimizer.__dict__
        self._step_wrapper = types.MethodType(step, self.optimizer)
        self.optimizer.step = self._step_wrapper
        self._watch_batch_rows()

    def _watch_batch_rows(self):
        """Records the rows of the model's input only while the next step is one to measure, so unmeasured
        steps pay nothing: the gradient scale needs the size of the measured step's batch (a last batch of
        an epoch is often smaller than batch_size)."""
        upcoming = self.iterations + 1
        wanted = upcoming % self.sample_every == 0 or upcoming == self._next_epoch_end
        if wanted and self._rows_hook is None:
            def record(module, inputs):
                if not self._probing and inputs and isinstance(inputs[0], torch.Tensor) and inputs[0].dim() > 0:
                    self._batch_rows = inputs[0].shape[0]
            self._batch_rows = None
            self._rows_hook = self.model.register_forward_pre_hook(record)
        elif not wanted and self._rows_hook is not None:
            self._rows_hook.remove()
            self._rows_hook = None

    def _before_step(self):
        """The step's gradients (before the optimizer may change them) and the weights before the update."""
        rows = self._batch_rows if self._batch_rows is not None else self.batch_size
        weights = {tuple(indexes): stack  # stacking copies them: the update cannot reach these
                   for indexes, stack in stats.grouped([layer.module.weight.detach() for layer in self.layers])}
        return (self._gradient_sums(), self._gradient_scale(rows)), weights

    def _gradient_scale(self, rows):
        """The factor that puts a PyTorch gradient on the DL4J trainer's scale. DL4J's listener reads the
        gradient before its updater divides it by the mini-batch size, so the contract's gradient norms are
        those of the loss summed over the batch; a PyTorch loss with the default reduction="mean" averages
        over the batch, hence × rows. The monitor's absolute limits (max-gradient-norm 1000,
        min-gradient-norm 1e-8) are set on that scale."""
        return 1.0 if getattr(self.loss_fn, "reduction", "mean") == "sum" else float(rows)

    def _gradient_sums(self):
        """[(field, layer indexes, Σg² per layer)] for the weight and bias gradients that exist."""
        weights = [layer.module.weight.grad for layer in self.layers]
        biases = [layer.module.bias.grad if layer.module.bias is not None else None for layer in self.layers]
        return [(field, indexes, stats.squared_norms(stack))
                for field, grads in (("gradientSquares", weights), ("biasGradientSquares", biases))
                for indexes, stack in stats.grouped(grads)]

    def _after_step(self, before, publish):
        gradients, weights_before = before
        layer_stats = self._measure(gradients=gradients, weights_before=weights_before)
        self._last_measured = (self.iterations, layer_stats)
        if publish:
            self._send("layers", contract.layer_stats(self.run_id, self.experiment_id, "ITERATION",
                                                      self.completed_epochs, self.iterations, layer_stats))

    def _measure(self, gradients=None, weights_before=None, with_probe_gradients=False):
        """One LayerStat per layer. Activations come from a forward pass on the probe batch in eval mode (the
        DL4J trainer's inference-mode feedForward): dropout off, and batch-norm running statistics left alone.

        gradients: (gradient sums, scale) read before the step; weights_before: weight stacks by layer indexes.
        with_probe_gradients: instead, run backward on the probe batch and report its gradient norms."""
        outputs, probe_gradients = self._probe_pass(with_probe_gradients)
        if with_probe_gradients:
            gradients = probe_gradients
        snapshot = stats.Snapshot(len(self.layers))
        for indexes, stack in stats.grouped([layer.module.weight.detach() for layer in self.layers]):
            for field, values in zip(("weightSquares", "weightMean", "weightVariance"), stats.weight_sums(stack)):
                snapshot.add(field, indexes, values)
            if weights_before is not None:
                before = weights_before[tuple(indexes)]
                snapshot.add("deltaSquares", indexes, stats.squared_norms(stack - before))
                snapshot.add("beforeSquares", indexes, stats.squared_norms(before))
        if gradients is not None:
            for field, indexes, values in gradients[0]:
                snapshot.add(field, indexes, values)
        saturation = [stats.saturation_kind(layer.activation) for layer in self.layers]
        for indexes, stack in stats.grouped(outputs, key=saturation.__getitem__):
            sums = stats.activation_sums(stack, saturation[indexes[0]])
            for field, values in zip(("mean", "squares", "zeros", "saturated", "unitVariance"), sums):
                snapshot.add(field, indexes, values)

        result = []
        for i, (layer, v) in enumerate(zip(self.layers, snapshot.values())):
            stat = {"index": layer.index, "name": layer.name, "activation": layer.activation}
            if "gradientSquares" in v:
                stat["gradientNorm"] = math.sqrt(v["gradientSquares"]) * gradients[1]
            if "biasGradientSquares" in v:
                stat["biasGradientNorm"] = math.sqrt(v["biasGradientSquares"]) * gradients[1]
            stat["weightNorm"], stat["weightMean"], stat["weightStd"] = stats.weight_from_sums(
                v["weightSquares"], v["weightMean"], v["weightVariance"])
            if "deltaSquares" in v:
                stat["updateRatio"] = stats.update_ratio(v["deltaSquares"], v["beforeSquares"])
            if outputs[i] is not None:
                (stat["activationMean"], stat["activationStd"], stat["zeroFraction"], stat["saturatedFraction"],
                 stat["unitSpread"]) = stats.activation_from_sums(outputs[i].numel(), v["mean"], v["squares"],
                                                                  v["zeros"], v.get("saturated", 0.0),
                                                                  v["unitVariance"])
            result.append(stat)
        return result

    def _probe_pass(self, with_gradients):
        """Every layer's output on the probe batch (rows × units, float64; None if the layer did not run), and,
        if asked, the probe batch's (gradient sums, scale). Leaves the model as it was: training flags, and any
        gradients the user's loop holds."""
        activations = [None] * len(self.layers)
        handles = [layer.source.register_forward_hook(self._activation_hook(i, layer, activations))
                   for i, layer in enumerate(self.layers)]
        modes = [(m, m.training) for m in self.model.modules()]
        gradients = None
        self.model.eval()
        self._probing = True
        try:
            if with_gradients:
                saved = [(p, p.grad) for p in self.model.parameters()]
                for p, _ in saved:
                    p.grad = None
                try:
                    with torch.enable_grad():
                        self.loss_fn(self.model(self._probe_inputs), self._probe_targets).backward()
                    gradients = (self._gradient_sums(), self._gradient_scale(self._probe_inputs.shape[0]))
                finally:
                    for p, grad in saved:
                        p.grad = grad
            else:
                with torch.no_grad():
                    self.model(self._probe_inputs)
        finally:
            self._probing = False
            for handle in handles:
                handle.remove()
            for module, training in modes:
                if module.training != training:
                    module.training = training
        return activations, gradients

    @staticmethod
    def _activation_hook(i, layer, slots):
        def hook(module, inputs, output):
            # Copied at once: an in-place activation later in the forward pass would overwrite this tensor.
            if slots[i] is None and isinstance(output, torch.Tensor):
                with torch.no_grad():
                    out = layer.apply(output) if layer.apply is not None else output
                    slots[i] = stats.rows_by_units(out, layer.unit_dim)
        return hook

    # ---- publishing -------------------------------------------------------------------------------------

    def _config(self, run_name, dataset, learning_rate, batch_size, seed, tags):
        if self.optimizer is not None:
            optimizer_name = type(self.optimizer).__name__.lower()
            lr = self.optimizer.param_groups[0]["lr"] if learning_rate is None else learning_rate
        else:
            optimizer_name = "unknown"
            lr = learning_rate
        if lr is None or not float(lr) > 0:
            raise ValueError("the contract needs a learning rate > 0: pass an optimizer or learning_rate=")
        return {
            "runId": self.run_id, "experimentId": self.experiment_id, "runName": run_name, "dataset": str(dataset),
            "inputSize": int(self._probe_inputs[0].numel()), "outputSize": self.layers[-1].n_out,
            "layers": [layer.spec() for layer in self.layers], "optimizer": optimizer_name,
            "learningRate": float(lr), "batchSize": int(batch_size), "epochs": self.epochs,
            "seed": contract.java_long(torch.initial_seed() if seed is None else seed),
            "lossFunction": _loss_name(self.loss_fn), "framework": "pytorch " + torch.__version__,
            "tags": {str(k): str(v) for k, v in tags.items()} if tags else None,
        }

    def _send(self, topic, message):
        self._publisher.send(self._topics[topic], self.run_id, message)
        self.messages_sent += 1

    def _end(self, event_type, reason):
        if self._closed:
            return
        self._closed = True
        if self._control is not None:
            try:
                self._control.close()
            except Exception as error:
                LOG.warning("initwatch: closing the control consumer of run %s: %s", self.run_id, error)
        if self._rows_hook is not None:
            self._rows_hook.remove()
            self._rows_hook = None
        if self._step_wrapper is not None and self.optimizer.__dict__.get("step") is self._step_wrapper:
            # Nobody wrapped it after us: put back what was there. Otherwise the wrapper stays, as a pass-through.
            if self._had_instance_step:
                self.optimizer.step = self._original_step
            else:
                del self.optimizer.step
        try:
            self._publisher.send(self._topics["runs"], self.run_id,
                                 contract.run_event(event_type, self.run_id, self.experiment_id,
                                                    epoch=self.completed_epochs, total_epochs=self.epochs,
                                                    reason=reason))
            self.messages_sent += 1
            self._publisher.close()
        except Exception as error:  # the run's own outcome, or its exception, matters more than telemetry
            LOG.warning("initwatch: could not publish the end of run %s: %s", self.run_id, error)
            self._publisher.delivery_errors.append((self._topics["runs"], error))
        if self.delivery_errors:
            LOG.warning("initwatch: %d of %d messages of run %s were not delivered", len(self.delivery_errors),
                        self.messages_sent, self.run_id)


def _consumer_config(producer_config):
    """The connection settings of producer_config (security, SASL, SSL, ...) that a KafkaConsumer accepts too."""
    from kafka import KafkaConsumer
    skip = {"client_id", "bootstrap_servers", "request_timeout_ms"}
    return {key: value for key, value in (producer_config or {}).items()
            if key in KafkaConsumer.DEFAULT_CONFIG and key not in skip}


def _probe(batch):
    if not isinstance(batch, (tuple, list)) or len(batch) != 2:
        raise ValueError("probe_batch must be (inputs, targets), e.g. the first 32 training examples")
    inputs, targets = batch
    return inputs.detach(), targets.detach()


def _default_loss(targets):
    return nn.CrossEntropyLoss() if not targets.is_floating_point() else nn.MSELoss()


def _loss_name(loss_fn):
    for cls, name in _LOSS_NAMES.items():
        if isinstance(loss_fn, cls):
            return name
    if isinstance(loss_fn, nn.Module):
        return type(loss_fn).__name__.lower()
    return getattr(loss_fn, "__name__", type(loss_fn).__name__).lower()
