// 2D depictions for list rows: RDKit SVG from the canonical SMILES, sanitised, cached per SMILES
// (the picture depends on the SMILES alone, so the cache holds nothing user-specific).
import 'server-only';
import { withMolecule } from '../chem/rdkit.ts';
import { LIST_ROW_DEPICTION } from '../chem/smiles.ts';

const cache = new Map<string, string | null>();
const MAX_CACHE = 2_000;

export async function depictSmiles(smiles: string | null): Promise<string | null> {
  if (!smiles) return null;
  const hit = cache.get(smiles);
  if (hit !== undefined) return hit;
  let svg: string | null = null;
  try {
    const result = await withMolecule(smiles, {}, (mol) => mol.get_svg_with_highlights(JSON.stringify({ ...LIST_ROW_DEPICTION, clearBackground: false })));
    svg = result.ok ? sanitiseSvg(result.value) : null;
  } catch {
    svg = null;
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(smiles, svg);
  return svg;
}

const ALLOWED_ELEMENTS = new Set([
  'svg',
  'rect',
  'path',
  'g',
  'text',
  'tspan',
  'ellipse',
  'circle',
  'line',
  'polyline',
  'polygon',
  'title',
  'desc',
  'defs',
  'style',
  'metadata',
]);

/**
 * Keeps only drawing elements and attributes: no scripts, event handlers, links or foreign content.
 * The result is also shown through <img>, where an SVG cannot run code anyway.
 */
export function sanitiseSvg(svg: string): string | null {
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return null;
  for (const match of body.matchAll(/<\/?\s*([a-zA-Z][\w:-]*)/g)) {
    if (!ALLOWED_ELEMENTS.has(match[1]!.toLowerCase())) return null;
  }
  if (/\son\w+\s*=|(?:xlink:)?href\s*=|javascript:|url\(\s*['"]?\s*(?!#)/i.test(body)) return null;
  return body;
}

export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
