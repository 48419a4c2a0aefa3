/**
 * Generated regions are delimited by marker lines. In Markdown bodies:
 *   <!-- generated:begin <id> (note) -->  ...  <!-- generated:end <id> -->
 * In YAML frontmatter:
 *   # generated:begin <id> (note)  ...  # generated:end <id>
 * Anything odd about the markers is a problem, and the generator then writes nothing.
 */

export interface Region {
  id: string;
  /** Offset of the first character after the begin marker's line. */
  contentStart: number;
  /** Offset of the first character of the end marker's line. */
  contentEnd: number;
  beginOffset: number;
}

export interface RegionProblem {
  offset: number;
  message: string;
}

const MARKER =
  /^[ \t]*(?:<!--\s*generated:(begin|end)\s+([A-Za-z0-9_-]+)(?:\s[^\n]*?)?\s*-->|#\s*generated:(begin|end)\s+([A-Za-z0-9_-]+)(?:\s[^\n]*)?)[ \t]*\r?$/;
const LOOSE = /^[ \t]*(?:<!--|#)[ \t]*generated:(?:begin|end)/;

interface Marker {
  kind: "begin" | "end";
  id: string;
  syntax: "html" | "yaml";
  lineStart: number;
  lineEnd: number;
}

export interface RegionScan {
  regions: Map<string, Region>;
  problems: RegionProblem[];
}

/** Finds every region; reports unclosed, doubled, nested, mismatched and fenced markers. */
export function scanRegions(text: string): RegionScan {
  const problems: RegionProblem[] = [];
  const regions = new Map<string, Region>();
  const markers: Marker[] = [];
  let offset = 0;
  let fence: string | undefined;
  let inFrontmatter = /^\uFEFF?---/.test(text);
  let lineNumber = 0;
  for (const line of text.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    lineNumber++;
    const trimmed = line.replace(/\r$/, "");
    if (inFrontmatter && lineNumber > 1 && /^---\s*$/.test(trimmed)) inFrontmatter = false;
    const fenceMatch = !inFrontmatter && /^[ \t]*(`{3,}|~{3,})/.exec(trimmed);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1];
      else if (
        fenceMatch[1]![0] === fence[0] &&
        fenceMatch[1]!.length >= fence.length &&
        /^[ \t]*[`~]+[ \t]*$/.test(trimmed)
      )
        fence = undefined;
      continue;
    }
    if (!LOOSE.test(trimmed)) continue;
    const match = MARKER.exec(trimmed);
    if (!match) {
      problems.push({
        offset: lineStart,
        message:
          'malformed generated-region marker; expected "<!-- generated:begin <id> -->" or "# generated:begin <id>" on a line of its own',
      });
      continue;
    }
    if (fence) {
      problems.push({ offset: lineStart, message: "generated-region marker inside a code block" });
      continue;
    }
    const syntax = match[1] ? "html" : "yaml";
    if (syntax === "yaml" && !inFrontmatter) {
      problems.push({
        offset: lineStart,
        message: 'a "# generated:" marker belongs in the YAML frontmatter; use <!-- generated:... --> in the body',
      });
      continue;
    }
    markers.push({
      kind: (match[1] ?? match[3]) as "begin" | "end",
      id: (match[2] ?? match[4])!,
      syntax,
      lineStart,
      lineEnd: Math.min(offset, text.length),
    });
  }
  let open: Marker | undefined;
  for (const marker of markers) {
    if (marker.kind === "begin") {
      if (open) {
        problems.push({
          offset: marker.lineStart,
          message: `region "${marker.id}" begins inside region "${open.id}", which is not closed`,
        });
        continue;
      }
      if (regions.has(marker.id)) {
        problems.push({ offset: marker.lineStart, message: `region "${marker.id}" appears twice` });
        continue;
      }
      open = marker;
      continue;
    }
    if (!open) {
      problems.push({ offset: marker.lineStart, message: `region "${marker.id}" ends without a begin marker` });
      continue;
    }
    if (open.id !== marker.id) {
      problems.push({
        offset: marker.lineStart,
        message: `region "${open.id}" is closed by an end marker for "${marker.id}"`,
      });
      open = undefined;
      continue;
    }
    regions.set(marker.id, {
      id: marker.id,
      beginOffset: open.lineStart,
      contentStart: open.lineEnd,
      contentEnd: marker.lineStart,
    });
    open = undefined;
  }
  if (open) problems.push({ offset: open.lineStart, message: `region "${open.id}" is never closed` });
  return { regions, problems };
}

/** Replaces the content of the named regions; text outside them is kept byte for byte. */
export function replaceRegions(
  text: string,
  regions: Map<string, Region>,
  contents: Record<string, string>,
  eol: string,
): string {
  const ordered = [...regions.values()].filter((r) => r.id in contents).sort((a, b) => a.contentStart - b.contentStart);
  let result = "";
  let cursor = 0;
  for (const region of ordered) {
    const body = contents[region.id]!.replace(/\r?\n/g, eol);
    result += text.slice(cursor, region.contentStart) + body + (body === "" || body.endsWith(eol) ? "" : eol);
    cursor = region.contentEnd;
  }
  return result + text.slice(cursor);
}
