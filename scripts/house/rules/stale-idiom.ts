import { posix } from "node:path";
import { PYTHON_LANGS } from "../../core/python.ts";
import type { CodeBlock, Rule, SourceFile } from "../../core/types.ts";
import { blockOffset } from "../../rules/code/blocks.ts";

interface Idiom {
  /** What the message calls it. */
  name: string;
  pattern: RegExp;
  /** Why it is stale, for the message. */
  why: string;
  hint: string;
  /** Python-only idioms are looked for in Python blocks and .py files; the rest in any code. */
  python: boolean;
  /** A lower-case substring every match contains: blocks without it are skipped cheaply. */
  needle: string;
  /** Extra condition on the text around the match. */
  also?: (text: string, index: number) => boolean;
}

/** How far from a match its enclosing call is looked for: each match costs at most this much. */
const CALL_WINDOW = 1000;
/** Matches of one idiom examined per piece of code; past it the count is a lower bound. */
const MAX_MATCHES = 1000;

/** The call that encloses an offset, from its "(" to the matching ")", within CALL_WINDOW characters. */
function enclosingCall(text: string, index: number): string {
  let depth = 0;
  let start = -1;
  for (let i = index; i >= Math.max(0, index - CALL_WINDOW); i--) {
    const c = text[i];
    if (c === ")") depth++;
    else if (c === "(") {
      if (depth === 0) {
        start = i;
        break;
      }
      depth--;
    }
  }
  if (start === -1) return "";
  depth = 0;
  const end = Math.min(text.length, start + CALL_WINDOW);
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start, end);
}

const PYDANTIC_DUMP_ARGS = "(?:exclude_unset|exclude_none|exclude_defaults|by_alias|include|exclude)\\s*=";

// The content guide's denylist (§2.3). Patterns stay narrow: a missed case costs less than a false alarm.
const IDIOMS: Idiom[] = [
  {
    name: ".dict()",
    needle: ".dict(",
    // No arguments, or Pydantic's own keyword arguments; `response.json()` and friends never match.
    pattern: new RegExp(`\\b[A-Za-z_][\\w\\])]*\\.dict\\((?:\\s*\\)|\\s*${PYDANTIC_DUMP_ARGS})`),
    why: "Pydantic v1 API, deprecated in v2",
    hint: "use model_dump()",
    python: true,
  },
  {
    name: ".json(...)",
    needle: ".json(",
    pattern: new RegExp(`\\.json\\(\\s*${PYDANTIC_DUMP_ARGS}`),
    why: "Pydantic v1 API, deprecated in v2",
    hint: "use model_dump_json()",
    python: true,
  },
  {
    name: ".parse_obj(",
    needle: ".parse_",
    pattern: /\.parse_(?:obj|raw)\(/,
    why: "Pydantic v1 API, deprecated in v2",
    hint: "use model_validate() / model_validate_json()",
    python: true,
  },
  {
    name: "class Config:",
    needle: "class config",
    // Only nested in a class body: a top-level Config class is an application's own settings object.
    pattern: /^[ \t]+class Config\s*:/m,
    why: "Pydantic v1 model configuration, deprecated in v2",
    hint: "use model_config = ConfigDict(...) (SettingsConfigDict(...) for settings)",
    python: true,
  },
  {
    name: "from pydantic import BaseSettings",
    needle: "basesettings",
    pattern: /^[ \t]*from\s+pydantic\s+import\s+(?:\((?=[^()]*\bBaseSettings\b)[^()]+\)|(?=\S)[^\n]*\bBaseSettings\b)/m,
    why: "BaseSettings moved to the pydantic-settings package in Pydantic v2 (this import fails)",
    hint: "from pydantic_settings import BaseSettings",
    python: true,
  },
  {
    name: "@validator",
    needle: "validator",
    pattern: /^[ \t]*@(?:pydantic\.)?validator\s*\(/m,
    why: "Pydantic v1 decorator, deprecated in v2",
    hint: "use @field_validator",
    python: true,
  },
  {
    name: "@root_validator",
    needle: "root_validator",
    pattern: /^[ \t]*@(?:pydantic\.)?root_validator\b/m,
    why: "Pydantic v1 decorator, deprecated in v2",
    hint: "use @model_validator",
    python: true,
  },
  {
    name: "orm_mode",
    needle: "orm_mode",
    pattern: /\borm_mode\b/,
    why: "Pydantic v1 setting, renamed in v2",
    hint: "use from_attributes=True",
    python: true,
  },
  {
    name: "@app.on_event(",
    needle: ".on_event(",
    pattern: /@\w+\.on_event\(/,
    why: "FastAPI startup/shutdown events are deprecated (Starlette 1.0 removed them)",
    hint: "use a lifespan context manager",
    python: true,
  },
  {
    name: "from jose import",
    needle: "jose",
    pattern: /^[ \t]*(?:from\s+jose(?:\.\w+)?\s+import|import\s+jose\b)|\bpython-jose\b/m,
    why: "python-jose is unmaintained",
    hint: "use PyJWT (import jwt)",
    python: false,
  },
  {
    name: "passlib",
    needle: "passlib",
    pattern: /\bpasslib\b/,
    why: "passlib is unmaintained and breaks with current bcrypt releases",
    hint: "use pwdlib (Argon2) or argon2-cffi",
    python: false,
  },
  {
    name: "datetime.utcnow",
    needle: "utcnow",
    pattern: /\bdatetime\.utcnow\b/,
    why: "deprecated since Python 3.12 and returns a naive datetime",
    hint: "use datetime.now(UTC)",
    python: true,
  },
  {
    name: "declarative_base from sqlalchemy.ext.declarative",
    needle: "declarative_base",
    pattern: /from\s+sqlalchemy\.ext\.declarative\s+import\s+(?=\S)[^\n]*\bdeclarative_base\b/,
    why: "moved in SQLAlchemy 1.4 and legacy in 2.0",
    hint: "declare class Base(DeclarativeBase)",
    python: true,
  },
  {
    name: "sessionmaker(class_=AsyncSession)",
    needle: "sessionmaker",
    pattern: /\bsessionmaker\s*\(/,
    also: (text, index) => /\bclass_\s*=\s*AsyncSession\b/.test(enclosingCall(text, text.indexOf("(", index) + 1)),
    why: "SQLAlchemy 2.0 has a dedicated async factory",
    hint: "use async_sessionmaker(engine, expire_on_commit=False)",
    python: true,
  },
  {
    name: "AsyncClient(app=",
    needle: "asyncclient(",
    pattern: /\bAsyncClient\(\s*app\s*=/,
    why: "httpx removed the app= shortcut (0.28)",
    hint: "use AsyncClient(transport=ASGITransport(app=app), base_url=...)",
    python: true,
  },
  {
    name: "def event_loop(",
    needle: "event_loop",
    pattern: /^[ \t]*(?:async\s+)?def\s+event_loop\s*\(/m,
    why: "pytest-asyncio 1.0 removed the event_loop fixture",
    hint: "set loop_scope on the marker or in the pytest-asyncio configuration",
    python: true,
  },
  {
    name: "HTTP_422_UNPROCESSABLE_ENTITY",
    needle: "http_422_unprocessable_entity",
    pattern: /\bHTTP_422_UNPROCESSABLE_ENTITY\b/,
    why: "renamed after RFC 9110 and deprecated in Starlette",
    hint: "use HTTP_422_UNPROCESSABLE_CONTENT",
    python: false,
  },
  {
    name: "ORJSONResponse / UJSONResponse",
    needle: "jsonresponse",
    pattern: /\b(?:ORJSONResponse|UJSONResponse)\b/,
    why: "FastAPI serialises through Pydantic, so the custom JSON response classes are deprecated",
    hint: "declare a return type or response_model instead",
    python: true,
  },
  {
    name: "= Depends( as a parameter default",
    needle: "depends(",
    // A parameter: after "(" or ",", a name, an optional annotation, then "= Depends(".
    // Commas inside the annotation are allowed only within brackets (Dict[str, Any]).
    pattern: /[(,]\s*\w+\s*(?::[^=(),[\n]*(?:\[[^\]\n]*\][^=(),[\n]*)*)?=\s*Depends\(/,
    why: "FastAPI recommends Annotated dependencies",
    hint: "write the parameter as name: Annotated[T, Depends(...)]",
    python: true,
  },
  {
    name: "allow_origins=['*'] with allow_credentials=True",
    needle: "allow_origins",
    pattern: /\ballow_origins\s*=\s*\[\s*["']\*["']\s*\]/,
    also: (text, index) => /\ballow_credentials\s*=\s*True\b/.test(enclosingCall(text, index)),
    why: "browsers refuse credentials with a wildcard origin, and reflecting any origin instead exposes every user",
    hint: "list the allowed origins explicitly",
    python: true,
  },
  {
    name: "X-RateLimit-",
    needle: "x-ratelimit-",
    pattern: /\bX-RateLimit-/i,
    // Reading a third-party API's headers (GitHub still sends these) is not designing with them.
    also: (text, index) =>
      !/^[\w-]*["']\s*\)|^[\w-]*["']\s*\](?!\s*=[^=])/.test(text.slice(index + "X-RateLimit-".length, index + 80)),
    why: "ad-hoc headers superseded by the IETF RateLimit header fields draft",
    hint: "use RateLimit-Policy / RateLimit (draft) plus Retry-After",
    python: false,
  },
  {
    name: "subscriptions-transport-ws",
    needle: "subscriptions-transport-ws",
    pattern: /\bsubscriptions-transport-ws\b/,
    why: "unmaintained legacy GraphQL subscription protocol",
    hint: "use graphql-ws (the graphql-transport-ws protocol)",
    python: false,
  },
  {
    name: "django-db-pool",
    needle: "django-db-pool",
    pattern: /\bdjango-db-pool\b/,
    why: "Django 5.1+ pools PostgreSQL connections natively",
    hint: 'use DATABASES["default"]["OPTIONS"]["pool"]',
    python: false,
  },
  {
    name: "Hystrix",
    needle: "hystrix",
    pattern: /\bHystrix|\bhystrix\b/,
    why: "Netflix Hystrix has been in maintenance mode since 2018",
    hint: "use a maintained resilience library (resilience4j) or mesh policies",
    python: false,
  },
];

/**
 * The legacy-label convention: an example that shows an old idiom on purpose says so in the two
 * non-blank lines above the fence, or in a comment line inside it that opens a section (a later
 * comment with an AFTER label closes it), or in a comment on the same line. Strong words count
 * anywhere; "before", "old", "bad", "wrong" only as labels ("Before:", "# Old (v1)", "❌ Bad").
 */
const LEGACY =
  /\b(?:legacy|deprecated|outdated|obsolete|migrating from|migrate from|migration from|anti-?pattern|pydantic v1|don't|do not|avoid|never)\b|\b(?:before|old(?: way| style| api)?|bad|wrong)\s*(?:[:(\-—*]|$)|❌/i;
const AFTER =
  /\b(?:after|new(?: way| style| api)?|good|correct|recommended|preferred|better|modern)\s*(?:[:(\-—*]|$)|\binstead\b|✅/i;
/** A code file opts out as a whole in its first lines; the words are narrower than for blocks. */
const LEGACY_FILE = /\b(?:legacy|deprecated|migrating from|migration from)\b/i;

const CODE_EXTENSIONS = new Set([
  ".py",
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".yaml",
  ".yml",
  ".json",
  ".toml",
]);

function isComment(line: string): boolean {
  return /^\s*(?:#|\/\/|\/\*|\*|--|<!--)/.test(line);
}

/** Text up to the comment marker of a line, so idioms named in comments are not flagged. */
function codePart(line: string, python: boolean): string {
  const marker = python ? /(^|\s)#/ : /(^|\s)(?:#|\/\/)/;
  const match = marker.exec(line);
  return match ? line.slice(0, match.index) : line;
}

/** Line indexes (0-based) of the code that a legacy label covers. */
function legacyLines(lines: string[]): Set<number> {
  const covered = new Set<number>();
  let legacy = false;
  for (const [index, line] of lines.entries()) {
    if (isComment(line)) {
      if (LEGACY.test(line)) legacy = true;
      else if (AFTER.test(line)) legacy = false;
    } else if (LEGACY.test(line.slice(codePart(line, false).length))) {
      covered.add(index);
    }
    if (legacy) covered.add(index);
  }
  return covered;
}

function labelledAboveFence(file: SourceFile, block: CodeBlock): boolean {
  const before = file.text
    .slice(Math.max(0, block.fenceOffset - 2000), block.fenceOffset)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return before.slice(-2).some((line) => LEGACY.test(line));
}

interface Hit {
  idiom: Idiom;
  index: number;
  length: number;
  count: number;
  /** The count stopped at MAX_MATCHES. */
  more: boolean;
}

/** The first unlabelled hit of each idiom in a piece of code, with how many there are. */
function findHits(code: string, python: boolean): Hit[] {
  const lower = code.toLowerCase();
  if (!IDIOMS.some((idiom) => lower.includes(idiom.needle))) return [];
  const lines = code.split("\n");
  const covered = legacyLines(lines);
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of lines) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const lineOf = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Where each line's code ends, computed once: a line can hold thousands of matches.
  const codeEnds = new Map<number, number>();
  const codeEnd = (line: number): number => {
    let end = codeEnds.get(line);
    if (end === undefined) codeEnds.set(line, (end = codePart(lines[line] ?? "", python).length));
    return end;
  };
  const hits: Hit[] = [];
  for (const idiom of IDIOMS) {
    if ((idiom.python && !python) || !lower.includes(idiom.needle)) continue;
    const global = new RegExp(
      idiom.pattern.source,
      idiom.pattern.flags.includes("g") ? idiom.pattern.flags : `${idiom.pattern.flags}g`,
    );
    let first: { index: number; length: number } | undefined;
    let count = 0;
    let examined = 0;
    let more = false;
    for (const match of code.matchAll(global)) {
      if (++examined > MAX_MATCHES) {
        more = true;
        break;
      }
      // Patterns that begin at a delimiter or line start point at the idiom itself.
      const index = match.index + (match[0].length - match[0].trimStart().replace(/^[(,]\s*/, "").length);
      const line = lineOf(index);
      const column = index - (lineStarts[line] ?? 0);
      if (covered.has(line) || column >= codeEnd(line)) continue;
      if (idiom.also && !idiom.also(code, index)) continue;
      first ??= { index, length: match.index + match[0].length - index };
      count++;
    }
    if (first !== undefined) hits.push({ idiom, ...first, count, more });
  }
  return hits;
}

function message(hit: Hit): string {
  const more = hit.count > 1 ? ` (${hit.more ? "at least " : ""}${hit.count} times here)` : "";
  return `stale idiom "${hit.idiom.name}": ${hit.idiom.why}${more}`;
}

export const staleIdiom: Rule = {
  id: "stale-idiom",
  severity: "warning",
  description:
    "Code blocks and code files use current APIs: no Pydantic v1, on_event, python-jose, passlib, utcnow, wildcard CORS with credentials or other idioms from the content guide's denylist, unless labelled legacy.",
  consequence:
    "An example that uses a retired API (Pydantic v1, python-jose, datetime.utcnow) is copied by Claude into new code that fails or warns on current versions.",
  check({ project, report }) {
    for (const file of project.files) {
      for (const block of file.markdown?.codeBlocks ?? []) {
        if (!block.closed || labelledAboveFence(file, block)) continue;
        for (const hit of findHits(block.code, PYTHON_LANGS.has(block.lang))) {
          report({
            file,
            at: { offset: blockOffset(file, block, hit.index) },
            message: message(hit),
            hint: hit.idiom.hint,
          });
        }
      }
      if (file.markdown || file.kind === "binary") continue;
      const extension = posix.extname(file.path).toLowerCase();
      // Dependency lists name the stale packages (passlib, python-jose, django-db-pool) too.
      if (!CODE_EXTENSIONS.has(extension) && !/^requirements[\w.-]*\.txt$/i.test(posix.basename(file.path))) continue;
      if (LEGACY_FILE.test(file.text.split("\n", 3).join("\n"))) continue;
      for (const hit of findHits(file.text, extension === ".py")) {
        report({ file, at: { offset: hit.index, length: hit.length }, message: message(hit), hint: hit.idiom.hint });
      }
    }
  },
};
