import {
  EventStoreDBClient,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type Filter,
  type JSONEventData,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';

/** A live subscription to $all: events as an async iterable; iteration throws when the connection drops. */
export interface LiveFeed extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
}

/**
 * The slice of @eventstore/db-client 6 the adapter uses, with the client's own types. The real client satisfies
 * it as it is; tests give an in-memory fake (test/store/eventstoredb.fake.ts) that throws the client's own errors.
 */
export interface EsdbClient {
  appendToStream(
    streamName: string,
    events: JSONEventData[],
    options: { expectedRevision: AppendExpectedRevision; deadline?: number },
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError while iterating when the stream does not exist. */
  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: Direction; maxCount?: number | bigint; deadline?: number },
  ): AsyncIterable<ResolvedEvent>;
  readAll(options: {
    fromPosition?: ReadPosition;
    direction?: Direction;
    maxCount?: number | bigint;
    deadline?: number;
  }): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }): LiveFeed;
  dispose(): Promise<void>;
}

/** Default gRPC deadline for each call, when the URL gives none (`defaultDeadline=` in ms). */
export const DEFAULT_DEADLINE_MS = 10_000;

/**
 * A client from an esdb:// or esdb+discover:// URL. Every option of the URL (tls, tlsVerifyCert, tlsCAFile,
 * userCertFile, userKeyFile, nodePreference, keepAlive…, maxDiscoverAttempts, credentials) reaches the client as
 * written: the client's own parser reads them. Only a default deadline is added when the URL sets none.
 */
export function connectEsdb(url: string): EsdbClient {
  const withDeadline = /[?&]defaultDeadline=/i.test(url)
    ? url
    : `${url}${url.includes('?') ? '&' : '?'}defaultDeadline=${DEFAULT_DEADLINE_MS}`;
  return EventStoreDBClient.connectionString(withDeadline);
}
