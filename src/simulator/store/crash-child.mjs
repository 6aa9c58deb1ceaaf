// Fixture for store.crash.test.ts, run as `node --import tsx crash-child.mjs <dir> <tag> <compactBytes>`.
// Writes as fast as it can from 16 concurrent clients and prints one line per *acknowledged*
// write, `<op> <name> <rv>`, so the parent knows what must survive the SIGKILL it will send.
// Keys whose number is a multiple of 5 are deleted after being written; no key is re-created.
import { Store } from './store.ts';

const [dir, tag, compactBytes] = process.argv.slice(2);
if (!dir || !tag) throw new Error('usage: crash-child.mjs <dir> <tag> [compactBytes]');

const store = await Store.open(dir, {
  compactJournalBytes: Number(compactBytes) || 8 * 1024 * 1024,
});
// Pipes are written synchronously on Linux: a printed line reaches the parent even if the
// process is killed right after.
const say = (line) => process.stdout.write(`${line}\n`);
say('ready');

let next = 0;
async function client() {
  for (;;) {
    const n = next++;
    const name = `${tag}-${n}`;
    const created = await store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'crash', uid: name },
      spec: { containers: [{ name: 'c', image: 'busybox', args: ['x'.repeat(n % 200)] }] },
    });
    say(`put ${name} ${created.metadata.resourceVersion}`);
    let latest = created;
    if (n % 3 === 0) {
      latest = await store.update(
        'pods',
        { ...created, status: { phase: 'Running' } },
        { expectedResourceVersion: created.metadata.resourceVersion },
      );
      say(`put ${name} ${latest.metadata.resourceVersion}`);
    }
    if (n % 5 === 0) {
      const gone = await store.delete('pods', 'crash', name, {
        expectedResourceVersion: latest.metadata.resourceVersion,
      });
      say(`del ${name} ${gone.metadata.resourceVersion}`);
    }
  }
}

for (let c = 0; c < 16; c++) {
  client().catch((error) => {
    process.stderr.write(`crash-child: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
