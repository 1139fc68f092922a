// Keeps an analysed upload in the database (batch_uploads + batch_upload_rows, the uploader's alone
// under RLS) between the preview and "Create batch": the token the browser holds is the upload id.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { UploadAnalysis, UploadDefaults } from './analyse-upload.ts';

const CHUNK = 2_000;

export async function stageUpload(claims: JwtClaims, analysis: UploadAnalysis, defaults: UploadDefaults): Promise<string> {
  return asUser(claims, async (db) => {
    // An uploader's expired previews go with each new one: no sweeper needed for a staging table.
    await db.query('delete from public.batch_uploads where owner_id = (select auth.uid()) and expires_at < now()');
    const { rows } = await db.query<{ id: string }>(
      `insert into public.batch_uploads (file_name, format, total_rows, invalid_rows, duplicate_rows, charge_default, uhf_default)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        analysis.fileName.slice(0, 300),
        analysis.format,
        analysis.totalRows,
        JSON.stringify(analysis.invalid),
        JSON.stringify(analysis.duplicates),
        defaults.charge,
        defaults.uhf,
      ],
    );
    const uploadId = rows[0]!.id;
    for (let start = 0; start < analysis.molecules.length; start += CHUNK) {
      const chunk = analysis.molecules.slice(start, start + CHUNK).map((m, offset) => ({
        position: start + offset,
        source_row: m.row,
        name: m.name,
        source_format: m.sourceFormat,
        input_smiles: m.inputSmiles,
        canonical_smiles: m.canonicalSmiles,
        inchikey: m.inchiKey,
        formula: m.formula,
        net_charge: m.netCharge,
        uhf: m.uhf,
        atom_count: m.atomCount,
        input_xyz: m.xyz,
        geometry_hash: m.geometryHash,
        identity_hash: m.identityHash,
        molecular_weight: m.molecularWeight,
        metadata: m.metadata,
        duplicate_rows: m.duplicateRows,
      }));
      await db.query(
        `insert into public.batch_upload_rows
         select $1, r.* from jsonb_to_recordset($2::jsonb) as r(
           position int, source_row int, name text, source_format text, input_smiles text, canonical_smiles text,
           inchikey text, formula text, net_charge int, uhf int, atom_count int, input_xyz text, geometry_hash text,
           identity_hash text, molecular_weight double precision, metadata jsonb, duplicate_rows int[])`,
        [uploadId, JSON.stringify(chunk)],
      );
    }
    return uploadId;
  });
}
