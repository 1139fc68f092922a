import type { Metadata } from 'next';
import { ComingNext } from '@/components/coming-next';

export const metadata: Metadata = { title: 'Results' };

export default function ResultsPage() {
  return <ComingNext title="Results">Your calculations, their status and results.</ComingNext>;
}
