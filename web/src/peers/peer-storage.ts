/** The peer book in this browser's local storage (one per node, since each node serves the console on its origin). */
import { parsePeers, type PeerBook } from './peer-book.ts';

const KEY = 'foedera.peers';
export const PEERS_CHANGED = 'foedera:peers-changed';

export function readPeerBook(storage: Storage = localStorage): PeerBook {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    return parsePeers(
      Object.entries(value)
        .map(([id, address]) => `${id}=${String(address)}`)
        .join(','),
    );
  } catch {
    return {};
  }
}

export function rememberPeers(peers: PeerBook, storage: Storage = localStorage): PeerBook {
  const book = { ...readPeerBook(storage), ...peers };
  storage.setItem(KEY, JSON.stringify(book));
  window.dispatchEvent(new CustomEvent(PEERS_CHANGED));
  return book;
}
