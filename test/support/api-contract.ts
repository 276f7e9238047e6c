import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

// Both are CommonJS; under native ESM their default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** A response or webhook that the service's own OpenAPI document does not allow. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

type Json = Record<string, any>;

const COMPONENTS_ID = 'https://contract.test/components';

/** `#/components/schemas/X` → a reference into the schema ajv knows the components as. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/'))
      out.$ref = `${COMPONENTS_ID}#/$defs/${value.slice('#/components/schemas/'.length)}`;
    else if (key === 'example' || key === 'examples') continue;
    else out[key] = rebase(value);
  }
  return out;
}

/**
 * The document lets clients receive fields it does not name (the service may add fields); the
 * tests do not: an object schema that names its properties refuses any other one, so a field the
 * service sends but the document does not describe is drift too. Members of allOf/anyOf/oneOf are
 * left open (the composite closes them).
 */
function closeObjects(node: unknown, member = false): void {
  if (Array.isArray(node)) return node.forEach((item) => closeObjects(item, member));
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const composite = ['allOf', 'anyOf', 'oneOf'].some((key) => Array.isArray(schema[key]));
  const describesObject = schema.properties !== undefined || composite;
  if (!member && describesObject && schema.additionalProperties === undefined && schema.unevaluatedProperties === undefined) {
    schema.unevaluatedProperties = false;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs') Object.values(value as Json).forEach((child) => closeObjects(child));
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') (value as unknown[]).forEach((child) => closeObjects(child, true));
    else if (key === 'items' || key === 'additionalProperties') closeObjects(value);
  }
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map(
      (error) =>
        `  ${error.instancePath || '(body)'} ${error.message}${error.params && 'unevaluatedProperty' in error.params ? `: ${error.params.unevaluatedProperty}` : ''}`,
    )
    .join('\n');
}

const excerpt = (body: unknown) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text === undefined ? '(none)' : text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

interface Operation {
  path: string;
  pattern: RegExp;
  params: number;
  operation: Json;
}

/**
 * The service's OpenAPI document (as served at /docs-json), compiled with ajv: it tells whether
 * a response or a webhook is one the document allows. The shared test client and the webhook
 * receiver check everything through it, so the document cannot drift from what the service does.
 */
export class ApiContract {
  private static readonly byBaseUrl = new Map<string, Promise<ApiContract>>();
  /** Every stack in a run serves the same document: compile it once. */
  private static readonly byDocument = new Map<string, ApiContract>();
  /** The document loaded last: the webhook receivers check against it. */
  static latest: ApiContract | null = null;

  private readonly ajv: Ajv2020Module.default;
  private readonly operations: Operation[];
  /** By the schema's JSON: routes share most of their problem schemas. */
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: 'discriminator' });
    const schemas = rebase(structuredClone(document.components?.schemas ?? {})) as Json;
    for (const schema of Object.values(schemas)) closeObjects(schema);
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: schemas });
    this.operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({
        path: `${method.toUpperCase()} ${path}`,
        pattern: new RegExp(`^${method.toUpperCase()} ${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
        params: (path.match(/\{/g) ?? []).length,
        operation: operation as Json,
      })),
    );
    this.compileAll();
  }

  /**
   * Compiles every response, webhook body and header schema now: compiling lazily would block the
   * event loop (which the in-process worker shares) in the middle of a test.
   */
  private compileAll(): void {
    for (const { operation } of this.operations) {
      for (const response of Object.values((operation.responses ?? {}) as Json)) {
        for (const media of Object.values((response.content ?? {}) as Json)) if (media.schema) this.validator(media.schema);
      }
    }
    for (const item of Object.values((this.document.webhooks ?? {}) as Json)) {
      const operation = item.post as Json;
      for (const header of (operation.parameters ?? []) as Json[]) this.validator(header.schema);
      this.validator(operation.requestBody.content['application/json'].schema);
    }
  }

  /** The document `baseUrl` serves, fetched and compiled once per run. */
  static load(baseUrl: string): Promise<ApiContract> {
    let contract = ApiContract.byBaseUrl.get(baseUrl);
    if (!contract) {
      contract = (async () => {
        const response = await fetch(`${baseUrl}/docs-json`);
        if (!response.ok) throw new Error(`Could not load the OpenAPI document from ${baseUrl}/docs-json: ${response.status}`);
        const text = await response.text();
        const loaded = ApiContract.byDocument.get(text) ?? new ApiContract(JSON.parse(text) as Json);
        ApiContract.byDocument.set(text, loaded);
        ApiContract.latest = loaded;
        return loaded;
      })();
      contract.catch(() => ApiContract.byBaseUrl.delete(baseUrl));
      ApiContract.byBaseUrl.set(baseUrl, contract);
    }
    return contract;
  }

  private validator(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    const cached = this.validators.get(key);
    if (cached) return cached;
    const compiled = rebase(structuredClone(schema)) as Json;
    closeObjects(compiled);
    const validate = this.ajv.compile(compiled);
    this.validators.set(key, validate);
    return validate;
  }

  /** The documented operation a request went to (the most literal match), or undefined for routes outside the document. */
  private operationFor(method: string, path: string): Operation | undefined {
    const key = `${method.toUpperCase()} ${path.split('?')[0]}`;
    return this.operations.filter((op) => op.pattern.test(key)).sort((a, b) => a.params - b.params)[0];
  }

  /** Why the document does not allow this response, or null when it does. */
  checkResponse(request: { method: string; path: string }, response: { status: number; contentType: string; body: unknown }): string | null {
    const found = this.operationFor(request.method, request.path);
    if (!found) return null;
    const what = `${request.method.toUpperCase()} ${request.path} answered ${response.status}`;
    const responses = found.operation.responses as Json;
    const documented = responses[String(response.status)] ?? responses[`${String(response.status)[0]}XX`] ?? responses.default;
    if (!documented)
      return `${what}, a status the OpenAPI document does not list for ${found.path} (it lists ${Object.keys(responses).join(', ')}). Body: ${excerpt(response.body)}`;
    const mediaType = response.contentType.split(';')[0]!.trim().toLowerCase();
    const content = documented.content as Json | undefined;
    const hasBody = response.body !== undefined && response.body !== '';
    if (!content) return hasBody ? `${what} with a body the document does not describe: ${excerpt(response.body)}` : null;
    const media = content[mediaType];
    if (!media) return `${what} as ${mediaType || 'no content type'}; the document says ${Object.keys(content).join(' or ')}. Body: ${excerpt(response.body)}`;
    if (!media.schema) return null;
    const validate = this.validator(media.schema);
    if (validate(response.body)) return null;
    return `${what}, but the body does not match the OpenAPI document (${found.path}, ${response.status} ${mediaType}):\n${describe(validate.errors)}\nBody: ${excerpt(response.body)}`;
  }

  /** Why the document's `webhooks` section does not allow this delivery, or null when it does. */
  checkWebhook(headers: Record<string, string | string[] | undefined>, body: unknown): string | null {
    const type = (body as { type?: unknown } | null)?.type;
    const operation = (this.document.webhooks as Json | undefined)?.[String(type)]?.post as Json | undefined;
    if (!operation) return `A webhook of type ${String(type)} is not documented in the OpenAPI document's webhooks. Body: ${excerpt(body)}`;
    const problems: string[] = [];
    for (const header of (operation.parameters ?? []) as Json[]) {
      const value = headers[String(header.name).toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`  header ${header.name} is missing`);
        continue;
      }
      const validate = this.validator(header.schema);
      if (!validate(value)) problems.push(`  header ${header.name}: ${describe(validate.errors).trim()}`);
    }
    const validate = this.validator(operation.requestBody.content['application/json'].schema);
    if (!validate(body)) problems.push(describe(validate.errors));
    return problems.length === 0 ? null : `The ${String(type)} webhook does not match the OpenAPI document:\n${problems.join('\n')}\nBody: ${excerpt(body)}`;
  }
}
