import { STAGES, type Stage } from '../types';

const LABELS: Record<Stage, string> = {
  'pre-purchase': 'Pre-purchase',
  purchase: 'Purchase',
  'post-purchase': 'Post-purchase',
  support: 'Support',
  loyalty: 'Loyalty',
};

export function stageLabel(stage: Stage | null): string {
  return stage ? (LABELS[stage] ?? stage) : 'Unmapped';
}

/** The CSS modifier of a stage's colour (`stage-support`, `stage-none`). */
export function stageClass(stage: Stage | null): string {
  return stage && (STAGES as readonly string[]).includes(stage) ? `stage-${stage}` : 'stage-none';
}

export function StageBadge({ stage }: { stage: Stage | null }) {
  return <span className={`badge stage ${stageClass(stage)}`}>{stageLabel(stage)}</span>;
}
