import type * as Api from "../api.ts";
import { answeredResult, requestKey } from "./answers.ts";
import { cacheFile, readAnswer } from "./cache.ts";

export { ValidateError } from "./validate-error.ts";

/**
 * The library's API as the command line's quick path sees it: `validate` answers a repeated
 * `--cache` request from the cache file and anything else is a CacheMiss, after which the full
 * validator runs. The quick bundle (bin/answer.ts) is the command line built over this module
 * instead of api.ts, so parsing and reporting are the same code and the output the same bytes;
 * none of the parsers, schemas or rules is loaded.
 */
class CacheMiss extends Error {
  constructor() {
    super("not answered from the cache");
    this.name = "CacheMiss";
  }
}

export const validate: typeof Api.validate = async (paths = ".", options = {}) => {
  if (!options.cache || options.budget) throw new CacheMiss();
  const file = cacheFile(options.cwd ?? process.cwd(), options.cache.location);
  const answered = answeredResult(readAnswer(file, requestKey(paths, options)), options.cache.strategy ?? "metadata");
  if (!answered) throw new CacheMiss();
  return answered;
};

export const fix: typeof Api.fix = () => Promise.reject(new CacheMiss());

export const init: typeof Api.init = () => {
  throw new CacheMiss();
};
