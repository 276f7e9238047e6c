import { ApiContract, ContractViolation } from './api-contract.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is (e.g. malformed JSON); overrides `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A small HTTP client for the tests, over real HTTP (fetch), speaking the API of docs/API.md.
 * Every answer is checked against the OpenAPI document the service serves (/docs-json):
 * a status the route does not document, or a body its schema does not allow, fails the
 * test with a ContractViolation that says where they differ.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly operatorToken: string,
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    // JSON and problem+json are parsed; JSON lines (application/x-ndjson) stay text, one document per line.
    if (/^application\/([\w.-]+\+)?json\b/i.test(contentType) && text.length > 0) parsed = JSON.parse(text);
    const answer = { status: response.status, headers: response.headers, body: parsed as T, contentType };
    await this.checkContract(method, path, answer);
    return answer;
  }

  /** The service's OpenAPI document, as the contract checks read it. */
  contract(): Promise<ApiContract> {
    return ApiContract.load(this.baseUrl);
  }

  private async checkContract(method: string, path: string, response: ApiResponse): Promise<void> {
    if (path.startsWith('/docs')) return;
    const violation = (await this.contract()).checkResponse({ method, path }, response);
    if (violation) throw new ContractViolation(violation);
  }

  get<T = any>(path: string, token?: string | null) {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, token: string | null | undefined, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { token, body, headers });
  }

  put<T = any>(path: string, token: string | null | undefined, body?: unknown) {
    return this.request<T>('PUT', path, { token, body });
  }

  patch<T = any>(path: string, token: string | null | undefined, body?: unknown) {
    return this.request<T>('PATCH', path, { token, body });
  }

  operator<T = any>(method: string, path: string, body?: unknown) {
    return this.request<T>(method, path, { token: this.operatorToken, body });
  }
}
