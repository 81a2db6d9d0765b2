"""Where messages go: Kafka (kafka-python) by default, or a list in memory for tests."""

import logging
import os

from . import contract

LOG = logging.getLogger("initwatch")

DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092"


def bootstrap_servers(explicit=None):
    """The broker address: the argument, else KAFKA_BOOTSTRAP_SERVERS (the variable the services read), else
    localhost:9092."""
    return explicit or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or DEFAULT_BOOTSTRAP_SERVERS


class KafkaPublisher:
    """Sends each message keyed by run id. Sends are asynchronous; a failed delivery is logged and counted,
    never raised into the training loop: losing telemetry must not lose a training run."""

    def __init__(self, servers=None, **producer_config):
        from kafka import KafkaProducer  # imported here: initwatch.contract works without kafka-python
        from kafka.errors import NoBrokersAvailable

        self.servers = bootstrap_servers(servers)
        # max_block_ms: with the broker gone, send() waits this long for metadata or buffer space; kafka-python's
        # 60 s default would stall the training loop for a minute per message.
        config = {"acks": "all", "linger_ms": 20, "retries": 5, "max_block_ms": 5000,
                  "client_id": "initwatch-python"}
        config.update(producer_config)
        try:
            self._producer = KafkaProducer(bootstrap_servers=self.servers.split(","), **config)
        except NoBrokersAvailable as error:
            raise ConnectionError("initwatch: no Kafka broker answers at %s (set bootstrap_servers= or "
                                  "KAFKA_BOOTSTRAP_SERVERS)" % self.servers) from error
        self.delivery_errors = []

    def send(self, topic, key, message):
        try:
            future = self._producer.send(topic, key=key.encode("utf-8"), value=contract.to_json_bytes(message))
        except Exception as error:  # e.g. KafkaTimeoutError: the broker is unreachable
            self._failed(error, topic)
            return
        future.add_errback(self._failed, topic)

    def _failed(self, error, topic):
        LOG.warning("initwatch: a message to %s was not delivered: %s", topic, error)
        self.delivery_errors.append((topic, error))

    def close(self, timeout_s=30):
        self._producer.flush(timeout=timeout_s)
        self._producer.close(timeout=timeout_s)


class MemoryPublisher:
    """Keeps every record as (topic, key, value bytes): the bytes Kafka would have carried."""

    def __init__(self):
        self.records = []
        self.delivery_errors = []
        self.closed = False

    def send(self, topic, key, message):
        self.records.append((topic, key, contract.to_json_bytes(message)))

    def close(self, timeout_s=None):
        self.closed = True
