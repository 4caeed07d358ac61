// When the page changes state (verified, withdrawn, …) keyboard and screen-reader users land on the new heading.
import { useEffect, useRef, type RefObject } from 'react';

export function useHeadingFocus<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
