import {
  EventStoreDBClient,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type Filter,
  type GetStreamMetadataResult,
  type JSONEventData,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';

/** A streaming read: events as an async iterable (iteration throws the client's errors); cancel() ends the call. */
export interface EsdbRead<E> extends AsyncIterable<E> {
  cancel(): Promise<void>;
}

/** A live subscription to $all: events as an async iterable; iteration throws when the connection drops. */
export interface LiveFeed extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  /** The server confirms a subscription before it sends anything (the client emits 'confirmation'). */
  once(event: 'confirmation', listener: () => void): unknown;
}

/**
 * `requiresLeader`: a follower answers NotLeaderError instead of serving the call, and the client then
 * reconnects to the leader it names (client 6.2.1 Client/index.js shouldReconnect/handleError).
 */
interface Routed {
  requiresLeader?: boolean;
}

/**
 * The slice of @eventstore/db-client 6 the adapter uses, with the client's own types. The real client satisfies
 * it as it is; tests give an in-memory fake (test/store/eventstoredb.fake.ts) that answers as the server does.
 * Reads and subscriptions take no deadline: client 6.2.1 gives them none whatever the options say
 * (streams/readAll.js, readStream.js and subscribeToAll.js call with `deadline: Infinity`), so the adapter keeps
 * its own (see guard.ts).
 */
export interface EsdbClient {
  appendToStream(
    streamName: string,
    events: JSONEventData[],
    options: { expectedRevision: AppendExpectedRevision; deadline?: number } & Routed,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError while iterating when the stream does not exist (or was deleted). */
  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: Direction; maxCount?: number | bigint } & Routed,
  ): EsdbRead<ResolvedEvent>;
  readAll(
    options: { fromPosition?: ReadPosition; direction?: Direction; maxCount?: number | bigint } & Routed,
  ): EsdbRead<AllStreamResolvedEvent>;
  getStreamMetadata(streamName: string, options?: Routed): Promise<GetStreamMetadataResult>;
  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } & Routed): LiveFeed;
  dispose(): Promise<void>;
}

/** A client from a connection string the adapter has already checked (see settings.ts). */
export function connectEsdb(connectionString: string): EsdbClient {
  return EventStoreDBClient.connectionString(connectionString);
}
