import type { Metadata } from 'next';
import { ComingNext } from '@/components/coming-next';

export const metadata: Metadata = { title: 'Batches' };

export default function BatchesPage() {
  return <ComingNext title="Batches">Screening campaigns of many molecules: upload, progress, statistics and export.</ComingNext>;
}
