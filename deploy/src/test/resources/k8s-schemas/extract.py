#!/usr/bin/env python3
"""Regenerates the JSON Schemas DeployManifestsSchemaTests validates deploy/k8s against.

Usage: extract.py KUBERNETES_SWAGGER_JSON CRD_YAML... (run from this directory)

- kubernetes.json: the definitions the kinds Batchpulse deploys reach, taken from the
  Kubernetes OpenAPI v2 document (swagger.json of the release we target).
- <group>_<version>_<Kind>.json: a CRD's openAPIV3Schema for the version it stores.

Both are made strict the way kubeconform's openapi2jsonschema --strict does: every object
schema with properties and no additionalProperties (and no x-kubernetes-preserve-unknown-fields)
gets additionalProperties: false, so a misspelt field is an error, as the API server's strict
field validation makes it. Descriptions are dropped (they only make the files large);
int-or-string and Quantity accept a string or a number. Nothing else is changed.
"""
import json
import sys

import yaml

CORE_KINDS = {
    ("", "v1", "ConfigMap"), ("", "v1", "Secret"), ("", "v1", "Service"), ("", "v1", "Namespace"),
    ("", "v1", "ServiceAccount"), ("", "v1", "PersistentVolumeClaim"),
    ("apps", "v1", "Deployment"), ("policy", "v1", "PodDisruptionBudget"),
    ("autoscaling", "v2", "HorizontalPodAutoscaler"),
}
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"


def strict(node):
    if isinstance(node, dict):
        node.pop("description", None)
        if (node.get("type") == "object" and "properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for key, value in list(node.items()):
            if key == "properties" and isinstance(value, dict):
                for child in value.values():
                    strict(child)
            elif key != "enum" and key != "default" and key != "example":
                strict(value)
    elif isinstance(node, list):
        for child in node:
            strict(child)
    return node


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            found.add(ref[len("#/definitions/"):])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def core(swagger_path):
    with open(swagger_path) as file:
        definitions = json.load(file)["definitions"]
    wanted = [name for name, schema in definitions.items()
              if any((gvk.get("group", ""), gvk["version"], gvk["kind"]) in CORE_KINDS
                     for gvk in schema.get("x-kubernetes-group-version-kind", []))
              and not name.startswith("io.k8s.apimachinery")]
    kept, todo = set(), list(wanted)
    while todo:
        name = todo.pop()
        if name in kept:
            continue
        kept.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(found - kept)
    out = {name: strict(json.loads(json.dumps(definitions[name]))) for name in sorted(kept)}
    for name in (INT_OR_STRING,):
        out[name] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    if QUANTITY in out:
        out[QUANTITY] = {"anyOf": [{"type": "string"}, {"type": "number"}]}
    # A Deployment etc. may leave out apiVersion/kind nowhere; pin them so a wrong one fails.
    for name in wanted:
        gvk = out[name]["x-kubernetes-group-version-kind"][0]
        api_version = (gvk["group"] + "/" if gvk.get("group") else "") + gvk["version"]
        out[name]["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
        out[name]["properties"]["kind"] = {"type": "string", "enum": [gvk["kind"]]}
        out[name]["required"] = sorted(set(out[name].get("required", [])) | {"apiVersion", "kind", "metadata"})
    with open("kubernetes.json", "w") as file:
        json.dump({"definitions": out}, file, indent=1, sort_keys=True)
        file.write("\n")


def crd(path):
    with open(path) as file:
        for document in yaml.safe_load_all(file):
            if not document or document.get("kind") != "CustomResourceDefinition":
                continue
            spec = document["spec"]
            for version in spec["versions"]:
                if not version.get("storage"):
                    continue
                schema = strict(version["schema"]["openAPIV3Schema"])
                kind = spec["names"]["kind"]
                schema.setdefault("properties", {})
                schema["properties"]["apiVersion"] = {"type": "string", "enum": [spec["group"] + "/" + version["name"]]}
                schema["properties"]["kind"] = {"type": "string", "enum": [kind]}
                schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
                name = "%s_%s_%s.json" % (spec["group"], version["name"], kind)
                with open(name, "w") as out:
                    json.dump(schema, out, indent=1, sort_keys=True)
                    out.write("\n")
                print(name)


if __name__ == "__main__":
    core(sys.argv[1])
    for path in sys.argv[2:]:
        crd(path)
