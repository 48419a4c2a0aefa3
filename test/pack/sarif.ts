import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * The part of SARIF 2.1.0 (OASIS standard, errata 01) that a linter's log uses, written from the
 * specification because no copy of the official schema is installed: the required properties,
 * value ranges and enumerations of each object, and, as in the official schema, no property the
 * specification does not define for that object.
 */

const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties: { properties: { type: "object" }, ...properties },
  required,
  additionalProperties: false,
});

const text = { type: "string" };
const positive = { type: "integer", minimum: 1 };
const index = { type: "integer", minimum: -1 };
const level = { enum: ["none", "note", "warning", "error"] };
const uri = { type: "string", format: "uri" };
const uriReference = { type: "string", format: "uri-reference" };
const any = {};

const SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $ref: "#/$defs/sarifLog",
  $defs: {
    sarifLog: object(
      {
        $schema: uri,
        version: { const: "2.1.0" },
        runs: { type: "array", items: { $ref: "#/$defs/run" } },
        inlineExternalProperties: any,
      },
      ["version", "runs"],
    ),
    run: object(
      {
        tool: object(
          {
            driver: { $ref: "#/$defs/toolComponent" },
            extensions: { type: "array", items: { $ref: "#/$defs/toolComponent" } },
          },
          ["driver"],
        ),
        results: { type: "array", items: { $ref: "#/$defs/result" } },
        columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
        invocations: any,
        conversion: any,
        language: text,
        versionControlProvenance: any,
        originalUriBaseIds: any,
        artifacts: any,
        logicalLocations: any,
        graphs: any,
        automationDetails: any,
        runAggregates: any,
        baselineGuid: text,
        redactionTokens: any,
        defaultEncoding: text,
        defaultSourceLanguage: text,
        newlineSequences: any,
        externalPropertyFileReferences: any,
        threadFlowLocations: any,
        taxonomies: any,
        addresses: any,
        translations: any,
        policies: any,
        webRequests: any,
        webResponses: any,
        specialLocations: any,
      },
      ["tool"],
    ),
    toolComponent: object(
      {
        name: { type: "string", minLength: 1 },
        guid: text,
        organization: text,
        product: text,
        productSuite: text,
        fullName: text,
        version: text,
        semanticVersion: text,
        dottedQuadFileVersion: text,
        releaseDateUtc: text,
        downloadUri: uri,
        informationUri: uri,
        shortDescription: { $ref: "#/$defs/multiformatMessageString" },
        fullDescription: { $ref: "#/$defs/multiformatMessageString" },
        rules: { type: "array", items: { $ref: "#/$defs/reportingDescriptor" } },
        notifications: { type: "array", items: { $ref: "#/$defs/reportingDescriptor" } },
        globalMessageStrings: any,
        taxa: any,
        locations: any,
        language: text,
        contents: any,
        isComprehensive: { type: "boolean" },
        localizedDataSemanticVersion: text,
        minimumRequiredLocalizedDataSemanticVersion: text,
        associatedComponent: any,
        translationMetadata: any,
        supportedTaxonomies: any,
      },
      ["name"],
    ),
    reportingDescriptor: object(
      {
        id: { type: "string", minLength: 1 },
        deprecatedIds: any,
        guid: text,
        deprecatedGuids: any,
        name: text,
        deprecatedNames: any,
        shortDescription: { $ref: "#/$defs/multiformatMessageString" },
        fullDescription: { $ref: "#/$defs/multiformatMessageString" },
        messageStrings: any,
        defaultConfiguration: object({ enabled: { type: "boolean" }, level, rank: any, parameters: any }),
        helpUri: uri,
        help: { $ref: "#/$defs/multiformatMessageString" },
        relationships: any,
      },
      ["id"],
    ),
    multiformatMessageString: object({ text, markdown: text }, ["text"]),
    message: {
      ...object({ text, markdown: text, id: text, arguments: { type: "array", items: text } }),
      anyOf: [{ required: ["text"] }, { required: ["id"] }],
    },
    result: object(
      {
        ruleId: text,
        ruleIndex: index,
        rule: any,
        kind: { enum: ["notApplicable", "pass", "fail", "review", "open", "informational"] },
        level,
        message: { $ref: "#/$defs/message" },
        analysisTarget: { $ref: "#/$defs/artifactLocation" },
        locations: { type: "array", items: { $ref: "#/$defs/location" } },
        relatedLocations: { type: "array", items: { $ref: "#/$defs/location" } },
        guid: text,
        correlationGuid: text,
        occurrenceCount: positive,
        partialFingerprints: { type: "object", additionalProperties: text },
        fingerprints: { type: "object", additionalProperties: text },
        stacks: any,
        codeFlows: any,
        graphs: any,
        graphTraversals: any,
        suppressions: any,
        baselineState: { enum: ["new", "unchanged", "updated", "absent"] },
        rank: { type: "number", minimum: -1, maximum: 100 },
        attachments: any,
        hostedViewerUri: uri,
        workItemUris: any,
        provenance: any,
        fixes: any,
        taxa: any,
        webRequest: any,
        webResponse: any,
      },
      ["message"],
    ),
    location: object({
      id: index,
      physicalLocation: {
        ...object({
          address: any,
          artifactLocation: { $ref: "#/$defs/artifactLocation" },
          region: { $ref: "#/$defs/region" },
          contextRegion: { $ref: "#/$defs/region" },
        }),
        anyOf: [{ required: ["address"] }, { required: ["artifactLocation"] }],
      },
      logicalLocations: any,
      message: { $ref: "#/$defs/message" },
      annotations: any,
      relationships: any,
    }),
    artifactLocation: object({ uri: uriReference, uriBaseId: text, index, description: { $ref: "#/$defs/message" } }),
    region: object({
      startLine: positive,
      startColumn: positive,
      endLine: positive,
      endColumn: positive,
      charOffset: index,
      charLength: { type: "integer", minimum: 0 },
      byteOffset: index,
      byteLength: { type: "integer", minimum: 0 },
      snippet: any,
      message: { $ref: "#/$defs/message" },
      sourceLanguage: text,
    }),
  },
};

interface SarifLog {
  runs: {
    tool: { driver: { rules?: { id: string }[] } };
    results?: {
      ruleId?: string;
      ruleIndex?: number;
      locations?: {
        physicalLocation?: {
          artifactLocation?: { uri?: string };
          region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number };
        };
      }[];
    }[];
  }[];
}

let compiled: ReturnType<InstanceType<typeof Ajv2020>["compile"]> | undefined;

/**
 * Problems that make a log invalid SARIF 2.1.0, plus the cross-references the schema cannot
 * express (rule ids unique, ruleIndex naming the rule of ruleId, regions that do not run
 * backwards) and what code scanning needs to place a result (a relative file URI).
 */
export function sarifProblems(log: unknown): string[] {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    ajv.addFormat("uri", /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/);
    ajv.addFormat("uri-reference", /^[^\s\\]*$/);
    compiled = ajv.compile(SCHEMA);
  }
  if (!compiled(log))
    return (compiled.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
    );
  const problems: string[] = [];
  for (const [r, run] of (log as SarifLog).runs.entries()) {
    const rules = run.tool.driver.rules ?? [];
    const ids = rules.map((rule) => rule.id);
    if (new Set(ids).size !== ids.length) problems.push(`run ${r}: rule ids repeat`);
    for (const [i, result] of (run.results ?? []).entries()) {
      const at = `run ${r} result ${i}`;
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId)
        problems.push(`${at}: ruleIndex ${result.ruleIndex} does not name rule "${result.ruleId}"`);
      for (const location of result.locations ?? []) {
        const file = location.physicalLocation?.artifactLocation?.uri ?? "";
        if (!file || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(file) || file.startsWith("/"))
          problems.push(`${at}: "${file}" is not a relative file URI`);
        const region = location.physicalLocation?.region;
        if (region?.endLine !== undefined && region.startLine !== undefined && region.endLine < region.startLine)
          problems.push(`${at}: the region ends before it starts`);
        if (
          region?.endLine !== undefined &&
          region.endLine === region.startLine &&
          region.endColumn !== undefined &&
          region.startColumn !== undefined &&
          region.endColumn < region.startColumn
        )
          problems.push(`${at}: the region ends before it starts`);
      }
    }
  }
  return problems;
}
