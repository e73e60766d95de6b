/**
 * Federation over TAXII 2.1 (issue 7): each node serves, per agreement, a `records` collection
 * to the agreement's recipients (read under `withAccess`, with the agreement's projection) and
 * a `feedback` collection back to the provider; nodes pull and push signed envelopes with
 * opaque cursors; tombstones remove copies downstream; feedback and other Tessera-extension
 * objects travel back to the source. The module's only entry point.
 *
 * For other modules:
 *   sendToSource(store, actor, { recordId, type: 'tessera-<name>', body, anonymous? }) → { id, peerId, agreementId, type }
 *     queues an object about a record this node received, for the node it came from;
 *   sendToRecipient(store, actor, { recordId, agreementId, recipientOrgId?, type, body, id? }) → SentObject[]
 *     the other way: about one of our records, for the recipients of an agreement sharing it;
 *   onInbound('tessera-<name>', async (db, object, meta) => …)
 *     acts on such objects when they arrive at the source (inside the receiving transaction);
 *   exchangeFlows(store, actor) → Flow[]  (per peer, agreement and direction: objects, last times).
 */
export { PeerCard, addPeer, getPeer, listPeers, removePeer, selfCard, nodeOrgId, type Peer, type AddPeerOptions } from './peers.ts';
export { syncOnce, startSyncLoop, syncLoopOf, refreshMirrors, ensureMirror, API_ROOT_PATH, type LinkReport, type SyncOptions, type SyncLoop } from './sync.ts';
export { sendToSource, sendToRecipient, sendFeedback, listFeedback, listReceived, exchangeFlows, FeedbackInput, type SentObject, type ReceivedFeedback, type ReceivedCopy, type Flow } from './feedback.ts';
export { onInbound, type InboundHandler } from './receive.ts';
export { collectionId, collectionsFor, findCollection, type CollectionInfo, type Direction } from './collections.ts';
export { FEEDBACK_OUTCOMES, EXCHANGE_EXTENSION_ID, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, exchangeExtensionDefinition, stixIdOfRecord, recordIdOfStix, type FeedbackOutcome } from './stix.ts';
export { nodeKey, type NodeKey } from './signing.ts';
export { taxiiService } from './taxii.ts';
