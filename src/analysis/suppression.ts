/**
 * Decides which cells of a breakdown to hide so that no hidden figure can be recovered.
 *
 * Primary suppression hides every cell that holds between 1 and minimum − 1 people. If the hidden
 * cells together hold fewer than `minimum` people, their combined figure could still be recovered
 * by subtracting the shown cells from the published total, so further cells are hidden, smallest
 * first (ties: earliest in the given order), until the hidden total reaches `minimum` or nothing
 * is left to hide. Empty cells show nothing and are never used as cover.
 *
 * `alreadyHidden` marks cells hidden by an earlier decision (e.g. a whole group row); they count
 * towards the hidden total.
 */
export function chooseSuppressed(counts: readonly number[], minimum: number, alreadyHidden?: readonly boolean[]): boolean[] {
  const hidden = counts.map((count, index) => (alreadyHidden?.[index] ?? false) || (count > 0 && count < minimum));
  let hiddenTotal = 0;
  counts.forEach((count, index) => {
    if (hidden[index]) hiddenTotal += count;
  });
  while (hiddenTotal > 0 && hiddenTotal < minimum) {
    let smallest = -1;
    counts.forEach((count, index) => {
      if (!hidden[index] && count > 0 && (smallest === -1 || count < counts[smallest])) smallest = index;
    });
    if (smallest === -1) break;
    hidden[smallest] = true;
    hiddenTotal += counts[smallest];
  }
  return hidden;
}
