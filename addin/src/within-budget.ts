// A wait with a ceiling: the Send handler must not hold the user's mail, and OfficeRuntime.storage may never answer.
/** `work`'s value, or undefined when it fails or takes longer than `ms`. */
export function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    work.then(
      (value) => { clearTimeout(timer); resolve(value); },
      () => { clearTimeout(timer); resolve(undefined); },
    );
  });
}
