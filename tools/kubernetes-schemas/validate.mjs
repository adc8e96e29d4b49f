// Reads Kubernetes YAML files and checks every document against its schema: the Kubernetes OpenAPI schemas
// (package kubernetes-models) or KEDA's CRD schemas (package @kubernetes-models/keda), both compiled to ajv
// validators by their authors. A document whose apiVersion and kind have no schema here is an error, not a pass.
//
//   node validate.mjs FILE...
//
// Prints one JSON object: { "documents": [ { source, index, apiVersion, kind, name, object, errors } ] },
// where object is the document as parsed (YAML 1.2, so 2 is a number and "2" a string) and errors is empty
// when the document is valid. Exits 0 when every document is valid, 1 when any is not, 2 on bad usage.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = [
    { test: apiVersion => apiVersion.startsWith("keda.sh/"), root: "@kubernetes-models/keda" },
    { test: () => true, root: "kubernetes-models" },
];

const modules = new Map();

async function modelFor(apiVersion, kind) {
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
        return { error: "apiVersion and kind must both be strings" };
    }

    const { root } = packages.find(p => p.test(apiVersion));
    const specifier = `${root}/${apiVersion}`;
    if (!modules.has(specifier)) {
        modules.set(specifier, await import(specifier).catch(() => null));
    }

    const module = modules.get(specifier);
    const model = module?.[kind];
    return typeof model === "function" && typeof model.prototype?.validate === "function"
        ? { model }
        : { error: `no schema for ${apiVersion} ${kind} (known to ${root}: ${module ? "the group" : "nothing"})` };
}

// kubectl and kustomize write a long base64 value (Secret data, ConfigMap binaryData) as a block of lines. The API
// server's base64 decoder skips line breaks; the schemas' "byte" format does not, so they are removed first.
function joinBase64Lines(object) {
    const field = object?.kind === "Secret" ? "data" : object?.kind === "ConfigMap" ? "binaryData" : null;
    const values = field ? object[field] : null;
    if (values && typeof values === "object") {
        for (const [key, value] of Object.entries(values)) {
            if (typeof value === "string") {
                values[key] = value.replace(/[\r\n]/g, "");
            }
        }
    }
}

async function check(source, index, object) {
    const apiVersion = object?.apiVersion;
    const kind = object?.kind;
    const result = { source, index, apiVersion, kind, name: object?.metadata?.name ?? null, object, errors: [] };

    const { model, error } = await modelFor(apiVersion, kind);
    if (error) {
        result.errors.push(error);
        return result;
    }

    try {
        joinBase64Lines(object);
        new model(object).validate();
    } catch (failure) {
        result.errors.push(String(failure?.message ?? failure));
    }

    return result;
}

async function checkFile(path) {
    const results = [];
    const documents = parseAllDocuments(readFileSync(path, "utf8"));
    for (const [index, document] of documents.entries()) {
        if (document.errors.length > 0) {
            results.push({ source: path, index, errors: document.errors.map(e => `YAML: ${e.message}`) });
            continue;
        }

        const object = document.toJS();
        if (object !== null && object !== undefined) {
            results.push(await check(path, index, object));
        }
    }

    return results;
}

const files = process.argv.slice(2);
if (files.length === 0) {
    process.stderr.write("usage: node validate.mjs FILE...\n");
    process.exit(2);
}

const documents = [];
for (const file of files) {
    documents.push(...await checkFile(file));
}

process.stdout.write(JSON.stringify({ documents }));
process.exitCode = documents.some(d => d.errors.length > 0) ? 1 : 0;
