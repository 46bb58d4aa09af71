import { type DeadLetter, StorageUnavailableError } from '../storage/types';
import { acceptedText, ingest } from './ingest';
import type { ReplayDeps, WebhookKind } from './types';

/**
 * Re-run normalize → key → accept on a dead letter's stored body, without authentication (it was
 * authenticated when it arrived) and with its original arrival time (so plausibility checks and 3CX
 * event times are what they were). Resolves to the result text; rejects when storage is unavailable.
 */
export async function replayDeadLetter(letter: DeadLetter, deps: ReplayDeps): Promise<string> {
  if (letter.status === 413) return 'cannot replay: the body was over the size limit and was not kept';
  const kind = webhookKindOf(letter.kind);
  if (!kind) return `cannot replay: ${letter.kind} is not a webhook source`;
  const outcome = await ingest(
    {
      source: letter.source,
      kind,
      receivedAt: letter.receivedAt,
      contentType: letter.contentType,
      body: letter.body,
    },
    deps,
  );
  switch (outcome.status) {
    case 200: {
      deps.logger.info(
        { id: letter.id, events: outcome.accepted, duplicate: outcome.duplicate },
        'dead letter replayed',
      );
      if (outcome.duplicate) return 'duplicate';
      const text = acceptedText(outcome.accepted);
      return outcome.ignored === undefined ? text : `${text} (ignored: ${outcome.ignored})`;
    }
    case 503:
      // Any failure of `accept` is a storage failure to the caller (503, try again later).
      throw outcome.error instanceof StorageUnavailableError
        ? outcome.error
        : new StorageUnavailableError('storage error', { cause: outcome.error });
    default:
      return `still invalid: ${outcome.reason}`;
  }
}

function webhookKindOf(kind: string): WebhookKind | undefined {
  return kind === 'portsip-webhook' || kind === '3cx' || kind === 'voipstudio' ? kind : undefined;
}
