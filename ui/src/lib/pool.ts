// Runs `worker` over `items` with at most `limit` at a time; one failure does not stop the rest.
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await worker(items[index] as T, index);
      } catch {
        // the worker reports its own failures
      }
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane);
  await Promise.all(lanes);
}
