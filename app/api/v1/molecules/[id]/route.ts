// One molecule: GET it, DELETE it (only one never computed; calculations record what was computed).
import { calculationIdFrom, json, runApi } from '@/lib/api/handler';
import { deleteMolecule, getMolecule } from '@/lib/api/molecules';
import { UserError } from '@/lib/errors/user-error';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function moleculeId(params: Promise<{ id: string }>): Promise<string> {
  try {
    return await calculationIdFrom(params);
  } catch {
    throw new UserError('NOT_FOUND', 'No such molecule.');
  }
}

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const molecule = await getMolecule(caller.claims, await moleculeId(params));
    if (!molecule) throw new UserError('NOT_FOUND', 'No such molecule.');
    return json(molecule);
  });
}

export function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller }) => {
    await deleteMolecule(caller, await moleculeId(params));
    return new Response(null, { status: 204 });
  });
}
