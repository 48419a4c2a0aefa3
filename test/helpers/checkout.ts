import { afterEach, beforeAll } from "vitest";
import { cleanCopy } from "./repo.ts";
import { restoreTree, snapshotTree } from "./tree.ts";

/**
 * One clean copy for a whole test file, put back to its first state after each test: the tests
 * that edit a checkout and run the generator need a fresh tree each, not a fresh copy each.
 * Call at the top of a file or describe; the returned function gives the copy's path.
 */
export function sharedCleanCopy(): () => string {
  let root: string | undefined;
  let pristine: Map<string, Buffer> | undefined;
  beforeAll(() => {
    root = cleanCopy();
    pristine = snapshotTree(root);
  });
  afterEach(() => {
    if (root && pristine) restoreTree(root, pristine);
  });
  return () => {
    if (!root) throw new Error("sharedCleanCopy: the copy is made in beforeAll; use it inside a test");
    return root;
  };
}
