// The API reference, read from the same OpenAPI document /api/v1/openapi.json serves (no second copy).
import type { Metadata } from 'next';
import Link from 'next/link';
import { API_OPERATIONS, openApiDocument } from '@/lib/api/openapi';
import { DataTable, rowClassName } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'API reference · Quantum Forge' };

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: string[]; default?: unknown } };
type Operation = { summary: string; description?: string; parameters?: Parameter[]; requestBody?: unknown; responses: Record<string, { description: string }> };

function typeOf(p: Parameter): string {
  if (p.schema?.enum) return p.schema.enum.join(' | ');
  return p.schema?.type ?? 'string';
}

type Component = { properties?: Record<string, { enum?: string[] }>; required?: string[] };

export default function ApiReferencePage() {
  const doc = openApiDocument() as {
    info: { title: string; description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Component> };
  };
  const params = doc.components.schemas.CalculationParams?.properties ?? {};
  const bodyFields = (operation: Operation): Record<string, { required: boolean; enum?: string[] }> => {
    const ref = (operation.requestBody as { content?: { 'application/json'?: { schema?: { $ref?: string } } } } | undefined)?.content?.['application/json']
      ?.schema?.$ref;
    const component = ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
    return Object.fromEntries(
      Object.entries(component?.properties ?? {}).map(([name, p]) => [name, { required: component?.required?.includes(name) ?? false, enum: p.enum }]),
    );
  };
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-8 px-4 py-8 text-slate-900 dark:text-slate-100">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{doc.info.title}</h1>
        <p>{doc.info.description}</p>
        <p className="text-sm">
          Base URL <code>/api/v1</code>. JSON in and out; errors are <code>application/problem+json</code> (RFC 9457) with <code>errors</code> naming the
          fields. Every POST accepts an <code>Idempotency-Key</code> header. Machine-readable:{' '}
          <a className="underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
          . Create a key in{' '}
          <Link className="underline" href="/settings">
            Settings
          </Link>
          .
        </p>
      </header>
      {API_OPERATIONS.map((op) => {
        const operation = doc.paths[op.path]![op.method]!;
        const id = op.operationId;
        return (
          <section key={id} aria-labelledby={id} className="space-y-3 rounded border border-slate-200 p-4 dark:border-slate-700">
            <h2 id={id} className="font-mono text-base font-semibold wrap-anywhere">
              <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 uppercase dark:bg-slate-800">{op.method}</span>
              /api/v1{op.path}
            </h2>
            <p className="font-medium">{operation.summary}</p>
            {operation.description ? <p className="text-sm">{operation.description}</p> : null}
            {operation.parameters?.length ? (
              <DataTable
                variant="plain"
                caption={`Parameters of ${operation.summary}`}
                columns={[{ label: 'Parameter' }, { label: 'In' }, { label: 'Type' }, { label: 'Notes' }]}
              >
                {operation.parameters.map((p) => (
                  <tr key={`${p.in}-${p.name}`} className={rowClassName('plain')}>
                    <td className="font-mono">{p.name}</td>
                    <td>{p.in}</td>
                    <td className="font-mono">{typeOf(p)}</td>
                    <td>
                      {[p.required ? 'required' : null, p.description, p.schema?.default !== undefined ? `default ${String(p.schema.default)}` : null]
                        .filter(Boolean)
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </DataTable>
            ) : null}
            {op.body ? (
              <p className="text-sm">
                JSON body:{' '}
                {Object.entries(bodyFields(operation)).map(([name, field], i) => (
                  <span key={name}>
                    {i ? ', ' : ''}
                    <code>{field.required ? name : `${name}?`}</code>
                    {field.enum ? ` (${field.enum.join(' | ')})` : ''}
                  </span>
                ))}
                {op.operationId === 'submitCalculation' ? (
                  <>
                    ; <code>params</code> may set{' '}
                    {Object.keys(params).map((name, i) => (
                      <span key={name}>
                        {i ? ', ' : ''}
                        <code>{name}</code>
                      </span>
                    ))}
                  </>
                ) : null}
                .
              </p>
            ) : null}
            <dl className="grid grid-cols-[4rem_1fr] gap-x-2 text-sm wrap-anywhere">
              {Object.entries(operation.responses).map(([status, r]) => (
                <div key={status} className="contents">
                  <dt className="font-mono">{status}</dt>
                  <dd>{r.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </main>
  );
}
