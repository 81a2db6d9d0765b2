"""The monitor's STOP commands (docs/events.md, ControlCommand on ``initwatch.control``): read by a background
thread with its own consumer, so the training loop never waits on Kafka; the loop only reads a flag."""

import json
import logging
import threading
import time

from . import contract

LOG = logging.getLogger("initwatch")

# A command is a few hundred bytes; anything far larger is not one (the DL4J trainer's ControlListener limit).
MAX_COMMAND_BYTES = 16 * 1024
MAX_REASON_CHARS = 1000
SEVERITIES = ("INFO", "WARNING", "CRITICAL")
POLICIES = ("critical", "warning", "never")


def command_handler(run_id, on_stop):
    """handle(key bytes, value bytes, where) for one control record: calls on_stop(command) for a valid STOP of
    this run. Records of other runs are skipped without reading them; ours that are oversized or malformed are
    ignored with a warning; other actions are ignored (a later contract version may add some)."""
    key = run_id.encode("utf-8")

    def handle(record_key, value, where):
        if record_key != key:
            return
        if value is None or len(value) > MAX_COMMAND_BYTES:
            LOG.warning("initwatch: ignoring %s for run %s: not a ControlCommand (%s bytes, limit %d)", where,
                        run_id, "no" if value is None else len(value), MAX_COMMAND_BYTES)
            return
        try:
            command = json.loads(value.decode("utf-8"))
            problem = _problem(command, run_id)
        except (UnicodeDecodeError, ValueError) as error:
            problem = "not JSON (%s)" % error
        if problem:
            LOG.warning("initwatch: ignoring %s for run %s: not a valid ControlCommand: %s", where, run_id,
                        problem[:300])
            return
        if command["action"] != "STOP":
            LOG.info("initwatch: ignoring %s for run %s: action %r", where, run_id, command["action"][:50])
            return
        on_stop(command)

    return handle


def _problem(command, run_id):
    if not isinstance(command, dict):
        return "not a JSON object"
    if command.get("schemaVersion") != contract.SCHEMA_VERSION:
        return "schemaVersion %r is not supported (this reader understands 1)" % (command.get("schemaVersion"),)
    for field in ("action", "runId", "alertId", "rule", "reason"):
        value = command.get(field)
        if not isinstance(value, str) or (field != "reason" and not value):
            return "%s: required string missing or empty" % field
    if command["runId"] != run_id:
        return "runId %r differs from the record key" % command["runId"][:100]
    if command.get("severity") not in SEVERITIES:
        return "severity: %r is not one of %s" % (command.get("severity"), SEVERITIES)
    for field, required in (("epoch", True), ("timestampMs", True), ("iteration", False)):
        value = command.get(field)
        if value is None and not required:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return "%s: %r is not an integer ≥ 0" % (field, value)
    return None


def end_reason(command, arrived_after, stopped_before):
    """The CANCELLED reason: the command's own (which names the alert id and the rule; named here if it does
    not), and where the command arrived and where training stopped, as the DL4J trainer says it."""
    reason = " ".join(command["reason"].split())[:MAX_REASON_CHARS]
    if command["alertId"] not in reason or command["rule"] not in reason:
        reason = "stopped by initwatch: alert %s (%s, %s)%s" % (command["alertId"][:100], command["rule"][:100],
                                                               command["severity"], "; " + reason if reason else "")
    return "%s; the command arrived after update %d, training stopped before update %d" % (
        reason, arrived_after, stopped_before)


class KafkaControl:
    """A daemon thread with its own KafkaConsumer on the control topic: no consumer group (every watcher sees
    every command, as every trainer instance does), read from the end as it was when the watcher started; a
    partition that appears later (the topic created after the run started) is read from its beginning, since
    all it holds came after. Only this run's key is decoded."""

    POLL_MS = 200

    def __init__(self, servers, consumer_config=None):
        self.servers = servers
        self.consumer_config = dict(consumer_config or {})
        self.ready = threading.Event()
        self._closing = threading.Event()
        self._thread = None
        self.cpu_seconds = 0.0  # the thread's own CPU time, once closed (what listening cost)

    def start(self, topic, handle, timeout_s=10.0):
        """Starts listening; waits until the consumer is positioned (so no command sent after this returns is
        missed), at most timeout_s."""
        self._topic, self._handle = topic, handle
        self._thread = threading.Thread(target=self._run, name="initwatch-control", daemon=True)
        self._thread.start()
        if not self.ready.wait(timeout_s):
            LOG.warning("initwatch: the control consumer is not positioned on %s after %.0f s; a STOP sent "
                        "before it is may be missed", topic, timeout_s)

    def close(self, timeout_s=5.0):
        self._closing.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    def _run(self):
        from kafka import KafkaConsumer, TopicPartition

        started_cpu = time.thread_time()
        consumer = None
        try:
            config = {"group_id": None, "enable_auto_commit": False, "auto_offset_reset": "earliest",
                      "client_id": "initwatch-python-control", "fetch_max_bytes": 1024 * 1024,
                      "max_partition_fetch_bytes": 1024 * 1024, "request_timeout_ms": 30000}
            config.update(self.consumer_config)
            consumer = KafkaConsumer(bootstrap_servers=self.servers.split(","), **config)
            known = set()
            first_lookup = True
            next_lookup = 0.0
            while not self._closing.is_set():
                if not known and time.monotonic() >= next_lookup:
                    partitions = [TopicPartition(self._topic, p)
                                  for p in sorted(consumer.partitions_for_topic(self._topic) or ())]
                    if partitions:
                        known.update(partitions)
                        consumer.assign(partitions)
                        if first_lookup:
                            consumer.seek_to_end(*partitions)
                            for partition in partitions:
                                consumer.position(partition)  # resolves the end offset now
                        else:
                            consumer.seek_to_beginning(*partitions)
                    first_lookup = False
                    self.ready.set()
                    next_lookup = time.monotonic() + 1.0
                if not known:
                    self._closing.wait(0.25)
                    continue
                for records in consumer.poll(timeout_ms=self.POLL_MS).values():
                    for record in records:
                        self._handle(record.key, record.value, "%s-%d@%d" % (record.topic, record.partition,
                                                                             record.offset))
        except Exception as error:  # listening must never break training: the run just is not stoppable
            LOG.warning("initwatch: stopped listening on %s for STOP commands: %s", self._topic, error)
        finally:
            self.ready.set()
            if consumer is not None:
                try:
                    consumer.close(autocommit=False)
                except Exception:
                    pass
            self.cpu_seconds = time.thread_time() - started_cpu


class MemoryControl:
    """Commands delivered by hand (tests): deliver() does what the Kafka thread does with a record."""

    def __init__(self):
        self.closed = False
        self._handle = None

    def start(self, topic, handle, timeout_s=None):
        self.topic, self._handle = topic, handle

    def deliver(self, key, value):
        self._handle(key.encode("utf-8") if isinstance(key, str) else key,
                     value.encode("utf-8") if isinstance(value, str) else value, "memory")

    def close(self, timeout_s=None):
        self.closed = True
