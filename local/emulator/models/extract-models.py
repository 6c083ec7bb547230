#!/usr/bin/env python3
"""Trim botocore's service models to what the emulator validates against.

The emulator checks requests against the real API models so that a handler sending a request AWS would
reject fails here too. botocore ships those models; this keeps only metadata, operations (name, http,
input, output, errors) and shapes without their documentation, so the committed JSON stays small and its
diffs readable when botocore is updated.

Run: python3 local/emulator/models/extract-models.py
"""
import gzip
import json
import os
import sys

import botocore

SERVICES = ["interconnect", "directconnect", "networkmanager", "iotwireless", "secretsmanager"]
OPERATION_KEYS = ["name", "http", "input", "output", "errors"]
METADATA_KEYS = [
    "apiVersion", "endpointPrefix", "jsonVersion", "protocol", "protocols", "serviceId", "signingName",
    "targetPrefix",
]


def strip_docs(value):
    if isinstance(value, dict):
        return {k: strip_docs(v) for k, v in value.items() if k not in ("documentation", "documentationUrl")}
    if isinstance(value, list):
        return [strip_docs(v) for v in value]
    return value


def load(data_dir, service):
    service_dir = os.path.join(data_dir, service)
    # The newest API version wins; versions are ISO dates, so they sort as strings.
    version = sorted(os.listdir(service_dir))[-1]
    base = os.path.join(service_dir, version, "service-2.json")
    if os.path.exists(base + ".gz"):
        with gzip.open(base + ".gz", "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(base, encoding="utf-8") as f:
        return json.load(f)


def trim(model):
    metadata = {k: model["metadata"][k] for k in METADATA_KEYS if k in model["metadata"]}
    operations = {
        name: {k: op[k] for k in OPERATION_KEYS if k in op}
        for name, op in sorted(model["operations"].items())
    }
    shapes = {name: strip_docs(shape) for name, shape in sorted(model["shapes"].items())}
    return {"metadata": metadata, "operations": operations, "shapes": shapes}


def main():
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    out_dir = os.path.dirname(os.path.abspath(__file__))
    for service in SERVICES:
        trimmed = trim(load(data_dir, service))
        path = os.path.join(out_dir, service + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(trimmed, f, indent=1, sort_keys=False)
            f.write("\n")
        print(f"{service}: {len(trimmed['operations'])} operations, {len(trimmed['shapes'])} shapes -> {path}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
