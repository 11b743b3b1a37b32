import { useRef } from "react";

/**
 * Stable React keys for an editable list of plain values (strings, or objects replaced on every edit): entries keep
 * their key — and their input keeps focus — while typing; call `removed(i)` when entry i is deleted.
 */
export function useListKeys(length: number) {
  const keys = useRef<string[]>([]);
  const counter = useRef(0);
  while (keys.current.length < length) keys.current.push(`item-${counter.current++}`);
  if (keys.current.length > length) keys.current.length = length;
  return {
    keys: keys.current,
    removed: (i: number) => {
      keys.current.splice(i, 1);
    },
  };
}
