import { imagePresentArgs, loadImageArgs, pullImageArgs } from './kind-commands.js';
import { KIND_CLUSTER_NAME } from './kind-config.js';
import { type KindOptions, type KindSession, openKindSession, runTool } from './kind-session.js';
import { lastLine } from './kind-tools.js';

export interface PreloadResult {
  image: string;
  loaded: boolean;
  /** Why not: the last line the failing command printed. */
  error?: string;
}

/**
 * Copies images into every node of the kind cluster (`kind load docker-image`), pulling each
 * into the local Docker store first when it is not there, since kind loads only from it. The
 * pull goes through Docker itself, so Docker's own registry mirrors apply. One failing image
 * does not stop the others: preloading only saves time, pods can still pull.
 */
export async function preloadImages(
  images: readonly string[],
  options: KindOptions & { session?: KindSession } = {},
): Promise<PreloadResult[]> {
  const session = options.session ?? (await openKindSession(options));
  const { t, provider } = session;
  const results: PreloadResult[] = [];
  session.progress(t.preloading(images.length, KIND_CLUSTER_NAME));
  for (const image of images) {
    const present = await runTool(session, provider.path, imagePresentArgs(image));
    if (!present.ok) {
      session.progress(t.preloadPulling(image));
      const pulled = await runTool(session, provider.path, pullImageArgs(image), true);
      if (!pulled.ok) {
        const error = reason(pulled);
        results.push({ image, loaded: false, error });
        session.progress(t.preloadFailed(image, error));
        continue;
      }
    }
    const loaded = await runTool(session, session.kind, loadImageArgs(image, KIND_CLUSTER_NAME));
    if (loaded.ok) {
      results.push({ image, loaded: true });
      session.progress(t.preloadLoaded(image));
    } else {
      const error = reason(loaded);
      results.push({ image, loaded: false, error });
      session.progress(t.preloadFailed(image, error));
    }
  }
  return results;
}

function reason(result: {
  all: string;
  spawnError: string | undefined;
  exitCode: number | undefined;
}) {
  return lastLine(result.all) || result.spawnError || `exit ${result.exitCode}`;
}
