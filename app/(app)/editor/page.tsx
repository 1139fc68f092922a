import type { Metadata } from 'next';
import { ComingNext } from '@/components/coming-next';

export const metadata: Metadata = { title: 'Editor' };

export default function EditorPage() {
  return <ComingNext title="Molecule editor">Draw or paste a molecule, choose the xTB method and submit a calculation.</ComingNext>;
}
