// The module a worker thread loads when this code runs from a checkout: each imported module
// serves its own role (see threads.ts), and does nothing on the main thread.
import "./markdown-pool.ts";
import "./checker.ts";
