/** The peer book as React state, updated wherever in the console a peer is added. */
import { useEffect, useState } from 'react';
import type { PeerBook } from './peer-book.ts';
import { PEERS_CHANGED, readPeerBook } from './peer-storage.ts';

export function usePeerBook(): PeerBook {
  const [book, setBook] = useState<PeerBook>(() => readPeerBook());
  useEffect(() => {
    const update = (): void => setBook(readPeerBook());
    window.addEventListener(PEERS_CHANGED, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(PEERS_CHANGED, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return book;
}
