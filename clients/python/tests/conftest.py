"""Shared test helpers: the repository's JSON Schemas and a strict reader of what the client puts on the wire."""

import importlib.util
import json
import pathlib

import pytest

# Debian packages, because on the build machines PyPI is not reachable; CI (.ci/run) installs them.
_REQUIRED = {"torch": "python3-torch", "kafka": "python3-kafka", "jsonschema": "python3-jsonschema"}
_missing = [package for module, package in _REQUIRED.items() if importlib.util.find_spec(module) is None]
if _missing:
    raise pytest.UsageError("initwatch's Python client tests need %s: apt-get install -y %s (and run them with "
                            "/usr/bin/python3, which sees Debian's packages)" % (", ".join(_missing),
                                                                                 " ".join(_missing)))

import jsonschema  # noqa: E402  (after the check above, so a missing package gets the message, not a traceback)

SCHEMAS_DIR = pathlib.Path(__file__).resolve().parents[3] / "events" / "src" / "main" / "resources" / "schemas"
TOPIC_SCHEMAS = {
    "initwatch.runs": "run-event.schema.json",
    "initwatch.metrics": "epoch-metrics.schema.json",
    "initwatch.layers": "layer-stats.schema.json",
    "initwatch.control": "control-command.schema.json",  # what the monitor sends; the tests build commands
}


def _schema(name):
    with open(SCHEMAS_DIR / name, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATORS = {topic: _schema(name) for topic, name in TOPIC_SCHEMAS.items()}


def strict_json(value):
    """Parses a record value the way a strict JSON reader (Jackson) does: a bare NaN or Infinity fails."""
    def reject(constant):
        raise ValueError("bare %s is not JSON" % constant)
    return json.loads(value.decode("utf-8"), parse_constant=reject)


def validate_record(topic, value):
    """The parsed message, after checking it against the repository's schema for the topic."""
    message = strict_json(value)
    VALIDATORS[topic].validate(message)
    return message


@pytest.fixture
def validate():
    return validate_record
