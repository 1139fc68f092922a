// POST: create a molecule from SMILES/XYZ/MOL/SDF (an identical one of yours is returned). GET: cursor pages, newest first.
import { json, parseWith, readJson, runApi } from '@/lib/api/handler';
import { createMolecule, createMoleculeBodySchema, listMolecules, listMoleculesQuerySchema } from '@/lib/api/molecules';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller }) => {
    const molecule = await createMolecule(caller.claims, parseWith(createMoleculeBodySchema, await readJson(request)));
    return json(molecule, molecule.created ? 201 : 200, { location: `/api/v1/molecules/${molecule.id}` });
  });
}

export function GET(request: Request): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) =>
    json(await listMolecules(caller.claims, parseWith(listMoleculesQuerySchema, Object.fromEntries(url.searchParams)))),
  );
}
