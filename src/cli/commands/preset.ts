import { readFile } from 'node:fs/promises';
import { Document, parseAllDocuments, visit } from 'yaml';
import {
  applyPodPresets,
  type PresetConflict,
  PresetSelectorError,
  selectorMatches,
} from '../../course/podpreset-merge.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';
import { type PresetMessages, presetMessages } from '../ui/preset-messages.js';

export const PRESET_OPTIONS = { output: { type: 'string', short: 'o' } } as const;

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * `pod-course preset PRESET.yaml POD.yaml [-o yaml|json]`: what the PodPreset admission plugin
 * (removed in Kubernetes 1.20) would have made of the Pod, printed as a manifest on stdout so
 * that `pod-course preset preset.yaml pod.yaml | kubectl apply -f -` creates it. Notes go to
 * stderr. Exit 0 when the Pod was merged or left alone by the rules, 1 on a conflict (the Pod
 * comes out unchanged, as the plugin let it through), 2 on bad input.
 *
 * `positionals` are as the command line parser returns them, the command word first.
 */
export async function runPreset(
  positionals: readonly string[],
  values: { output?: string | undefined; json?: boolean | undefined },
  language: Language,
): Promise<number> {
  const t = presetMessages(language);
  const [presetFile, podFile, ...extra] = positionals.slice(1);
  if (!presetFile || !podFile || extra.length > 0) throw new CliError(t.usage(), EXIT.usage);
  const format = values.output ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new CliError(t.badOutput(format), EXIT.usage);

  const presetDocs = await readDocuments(presetFile, t);
  const podDocs = await readDocuments(podFile, t);
  const presets = presetDocs.map((doc) => checkPreset(doc, presetFile, t));
  if (presets.length === 0) throw new CliError(t.noPreset(presetFile), EXIT.usage);
  if (podDocs.length !== 1) throw new CliError(t.onePod(podFile, podDocs.length), EXIT.usage);
  const pod = checkPod(podDocs[0], podFile, t);

  const outcome = applyPodPresets(pod, presets);
  const podName = String(asRecord(pod.metadata).name ?? asRecord(pod.metadata).generateName);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  if (outcome.kind === 'merged') note(t.merged(outcome.applied, podName));
  else if (outcome.kind === 'unchanged') {
    if (outcome.why === 'excluded') note(t.excluded(podName));
    else if (outcome.why === 'mirror') note(t.mirror(podName));
    else note(t.noMatch(presets.map(nameOf), podName, labelsOf(pod)));
  } else {
    note(t.pluginSaid());
    note(outcome.message);
    for (const conflict of outcome.conflicts) note(t.conflictLine(explained(conflict)));
    note(t.conflictOutcome(podName));
  }

  if (values.json) {
    const report = {
      outcome: outcome.kind,
      ...(outcome.kind === 'merged' ? { applied: outcome.applied } : {}),
      ...(outcome.kind === 'unchanged' ? { reason: outcome.why } : {}),
      ...(outcome.kind === 'conflict'
        ? { presets: outcome.presets, message: outcome.message }
        : {}),
      pod: outcome.pod,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (format === 'json') {
    process.stdout.write(`${JSON.stringify(outcome.pod, null, 2)}\n`);
  } else {
    process.stdout.write(manifestYaml(outcome.pod));
  }
  return outcome.kind === 'conflict' ? EXIT.notPassed : EXIT.ok;
}

/**
 * YAML that kubectl reads back as the same strings. kubectl's YAML (go-yaml v2) follows YAML
 * 1.1, where a plain `yes`, `on` or `2024-01-01` is no string, and it reads numbers with Go's
 * base prefixes (`0o17`, `1_000`): so write YAML 1.1, and quote every string that starts like
 * a number.
 */
function manifestYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^[-+.]?\d/.test(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** The file's non-empty YAML documents as plain values; unreadable or broken files exit 2. */
async function readDocuments(file: string, t: PresetMessages): Promise<unknown[]> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(t.cannotRead(file, reason), EXIT.usage);
  }
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const broken = list.flatMap((doc) => doc.errors)[0];
  if (broken) {
    const detail = broken.message.split('\n')[0] ?? broken.message;
    throw new CliError(t.badYaml(file, detail), EXIT.usage);
  }
  return list.map((doc) => doc.toJS() as unknown).filter((value) => value != null);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const nameOf = (object: Json) => String(asRecord(object.metadata).name ?? '');

/** `apiVersion/kind` of a document, or a short description of what else it is. */
function whatIs(doc: unknown): string {
  const d = asRecord(doc);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return JSON.stringify(doc);
  return `${String(d.apiVersion ?? '?')} ${String(d.kind ?? '?')}`;
}

function checkPreset(doc: unknown, file: string, t: PresetMessages): Json {
  const d = asRecord(doc);
  if (d.kind === 'Pod') throw new CliError(t.looksSwapped(file), EXIT.usage);
  if (d.kind !== 'PodPreset' || d.apiVersion !== 'settings.k8s.io/v1alpha1')
    throw new CliError(t.notPreset(file, whatIs(doc)), EXIT.usage);
  const name = nameOf(d);
  if (!name) throw new CliError(t.noName(file, 'PodPreset'), EXIT.usage);
  const spec = asRecord(d.spec);
  if (!['env', 'envFrom', 'volumeMounts', 'volumes'].some((field) => spec[field] != null))
    throw new CliError(t.emptyPreset(file, name), EXIT.usage);
  try {
    selectorMatches(spec.selector, {});
  } catch (error) {
    if (error instanceof PresetSelectorError)
      throw new CliError(t.badSelector(name, error.message), EXIT.usage);
    throw error;
  }
  checkStrings(file, d, t);
  for (const [i, env] of listOf(spec.env).entries())
    stringField(file, `spec.env[${i}].value`, env.value, t);
  return d;
}

function checkPod(doc: unknown, file: string, t: PresetMessages): Json {
  const d = asRecord(doc);
  if (d.kind !== 'Pod' || d.apiVersion !== 'v1')
    throw new CliError(t.notPod(file, whatIs(doc)), EXIT.usage);
  const meta = asRecord(d.metadata);
  if (!meta.name && !meta.generateName) throw new CliError(t.noName(file, 'Pod'), EXIT.usage);
  const spec = asRecord(d.spec);
  if (listOf(spec.containers).length === 0) throw new CliError(t.noContainers(file), EXIT.usage);
  checkStrings(file, d, t);
  for (const list of ['containers', 'initContainers']) {
    for (const [i, container] of listOf(spec[list]).entries()) {
      for (const [j, env] of listOf(container.env).entries())
        stringField(file, `spec.${list}[${i}].env[${j}].value`, env.value, t);
    }
  }
  return d;
}

const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);

/**
 * Labels and annotations are maps of strings: an unquoted `true` or `6379` would make the API
 * server refuse the manifest, so the plugin never saw such a Pod.
 */
function checkStrings(file: string, doc: Json, t: PresetMessages) {
  const meta = asRecord(doc.metadata);
  for (const map of ['labels', 'annotations']) {
    for (const [key, value] of Object.entries(asRecord(meta[map])))
      stringField(file, `metadata.${map}["${key}"]`, value, t);
  }
}

function stringField(file: string, path: string, value: unknown, t: PresetMessages) {
  if (value !== undefined && typeof value !== 'string')
    throw new CliError(t.notString(file, path, JSON.stringify(value)), EXIT.usage);
}

function labelsOf(pod: Json): string {
  return Object.entries(asRecord(asRecord(pod.metadata).labels))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(',');
}

/** A conflict's two sides in manifest terms, for the line under the plugin's message. */
function explained(c: PresetConflict) {
  const side = (value: unknown) => {
    const v = asRecord(value);
    if (c.field === 'env')
      return v.valueFrom ? JSON.stringify(v.valueFrom) : JSON.stringify(String(v.value ?? ''));
    if (c.field === 'volumes') {
      const { name: _, ...source } = v;
      return JSON.stringify(Object.keys(source).length > 0 ? source : { emptyDir: {} });
    }
    return c.byPath ? String(v.name ?? '') : JSON.stringify(v);
  };
  return { ...c, wanted: side(c.wanted), found: side(c.found) };
}
