import type { KubeObject } from '../../kube-object.js';
import { baseStrategy, type Strategy } from './strategy.js';

/**
 * Secrets: `stringData` is a write-only convenience merged into base64 `data` (it wins over
 * the same key in data), and `type` defaults to Opaque.
 */
export const secretStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(object) {
    foldStringData(object);
    if (!object.type) object.type = 'Opaque';
  },
  prepareForUpdate(object, old) {
    foldStringData(object);
    if (!object.type) object.type = old.type;
  },
};

function foldStringData(object: KubeObject) {
  const stringData = object.stringData as Record<string, string> | undefined;
  if (stringData && typeof stringData === 'object') {
    const data = { ...((object.data as Record<string, string> | undefined) ?? {}) };
    for (const [key, value] of Object.entries(stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
    object.data = data;
  }
  delete object.stringData;
}
