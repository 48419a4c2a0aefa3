/** The config file a validated folder may hold (its own module, so the cache reads it without the config's parser). */
export const CONFIG_FILE = ".mars-validate.json";
