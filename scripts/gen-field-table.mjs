#!/usr/bin/env node
// Generates the field table that strict decoding walks: for every model of a Kubernetes 1.32
// generation of @kubernetes/client-node (the `k8s-client-1-32` npm alias), the JSON name and type
// of each field, taken from the model's static `attributeTypeMap`.
//
// Why at build time: importing client-node costs ~500 ms, which the simulator's start path must
// not pay; a compact JSON file loads in a few milliseconds.
//
// Usage: node scripts/gen-field-table.mjs [--out <file>]
// Default output: src/simulator/admission/generated/field-table.json (git-ignored, rebuilt by every build).

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_PACKAGE = 'k8s-client-1-32';
const EXPECTED_SPEC = 'v1.32.';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultOut = join(root, 'src/simulator/admission/generated/field-table.json');

// Formats that the type string already implies; every other format is kept as `type:format`
// (`number:int32`, `{ [key: string]: string; }:byte`) because the Go type in decode errors
// (`of type int32`, `[]uint8`) depends on it.
const IMPLIED_FORMATS = new Set(['', 'date-time', 'int-or-string']);

function parseArgs(argv) {
  let out = defaultOut;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      const value = argv[++i];
      if (!value) throw new Error('--out needs a file path');
      out = resolve(value);
    } else {
      throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return { out };
}

/** The models are generated from an OpenAPI document whose version every file names in its header. */
async function assertKubernetesVersion(entryUrl) {
  const podModel = new URL('./gen/models/V1Pod.js', entryUrl);
  const header = await readFile(podModel, 'utf8');
  const match = /OpenAPI spec version: (v[\d.]+)/.exec(header);
  if (!match?.[1]?.startsWith(EXPECTED_SPEC)) {
    throw new Error(
      `${SOURCE_PACKAGE} must be generated from Kubernetes ${EXPECTED_SPEC}x, found ${match ? match[1] : 'no version'}`,
    );
  }
  return match[1];
}

function typeString({ type, format }) {
  return IMPLIED_FORMATS.has(format ?? '') ? type : `${type}:${format}`;
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const entryUrl = import.meta.resolve(SOURCE_PACKAGE);
  const specVersion = await assertKubernetesVersion(entryUrl);
  const models = await import(entryUrl);

  const table = {};
  for (const name of Object.keys(models).sort()) {
    const model = models[name];
    if (typeof model !== 'function' || !Array.isArray(model.attributeTypeMap)) continue;
    const fields = {};
    for (const attribute of model.attributeTypeMap)
      fields[attribute.baseName] = typeString(attribute);
    table[name] = fields;
  }
  if (!table.V1Pod || !table.V1PodSpec) throw new Error(`${SOURCE_PACKAGE} exports no V1Pod model`);

  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(table));
  const count = Object.keys(table).length;
  process.stdout.write(`field table: ${count} models from Kubernetes ${specVersion} -> ${out}\n`);
}

main().catch((error) => {
  process.stderr.write(
    `gen-field-table: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
